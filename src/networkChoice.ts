// The network each manifest is played on (`--net`), remembered per file in the workspace and
// shared by the preview, the status bar and the podman commands.
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { DEFAULT_KUBE_NETWORK, networkHasDns, networkMode } from './model/network';
import type { NetworkInfo } from './podman/parse';
import type { CommittedUnits } from './committedUnits';
import type { Settings } from './settings';

const KEY = 'podmanKube.networkByFile';

export interface NetworkSelection {
  /** The network name, or undefined for podman's default. */
  chosen: string | undefined;
  /** What the file will be played on. */
  effective: string;
  dns: boolean;
  /** false: podman has no such network (a play would fail); undefined: not known (yet). */
  exists: boolean | undefined;
  /** Where the choice comes from, for messages: a committed unit, the editor, a setting; undefined: podman's default. */
  source: string | undefined;
  /** The committed unit that chooses it, when one does. */
  unit?: vscode.Uri;
}

/** How old the list of podman's networks may be when an editor asks for it again. */
const KNOWN_FOR_MS = 5000;

export class NetworkChoice extends Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** A file's choice changed; undefined: what podman has changed (a network made or removed). */
  readonly onDidChange = this.changed.event;
  /** DNS as podman reports it (`podman network ls`), when known. */
  private readonly knownDns = new Map<string, boolean>();
  /** The networks podman has, when known, and when that was learnt. */
  private existing: { names: Set<string>; at: number } | undefined;
  private asking: Promise<void> | undefined;

  /** `list` asks podman for its networks; undefined where podman must not run (Restricted Mode). */
  constructor(
    private readonly memento: vscode.Memento,
    private readonly settings: Settings,
    private readonly list: () => Promise<readonly NetworkInfo[]> | undefined = () => undefined,
    private readonly committed?: CommittedUnits,
  ) {
    super();
    this.register(this.changed);
    if (committed) this.register(committed.onDidChange((uris) => uris.forEach((u) => this.changed.fire(u))));
  }

  /** The unit first (the team's choice, committed), then the editor's choice, then the setting. */
  get(uri: vscode.Uri): NetworkSelection {
    const unit = this.committed?.forManifest(uri);
    const picked = this.memento.get<Record<string, string>>(KEY, {})[uri.toString()];
    const configured = this.settings.defaultNetwork(uri);
    let chosen: string | undefined;
    let source: string | undefined;
    if (unit?.networkValue !== undefined) [chosen, source] = [unit.network, vscode.workspace.asRelativePath(unit.unit)];
    else if (picked) [chosen, source] = [picked, 'chosen in the editor'];
    else if (configured) [chosen, source] = [configured, 'podmanKube.defaultNetwork'];
    const effective = chosen ?? DEFAULT_KUBE_NETWORK;
    // podman creates its default kube network on first use; a mode is no network to create.
    const exists = !chosen || effective === DEFAULT_KUBE_NETWORK || networkMode(effective) ? true : this.existing?.names.has(effective);
    return { chosen, effective, dns: this.knownDns.get(effective) ?? networkHasDns(effective), exists, source, unit: unit?.networkValue !== undefined ? unit.unit : undefined };
  }

  /** What `podman network ls` said: each network's DNS, and which exist. */
  learn(networks: readonly NetworkInfo[]): void {
    for (const n of networks) this.knownDns.set(n.name, n.dns);
    const names = new Set(networks.map((n) => n.name));
    const same = this.existing && this.existing.names.size === names.size && [...names].every((n) => this.existing!.names.has(n));
    this.existing = { names, at: Date.now() };
    if (!same) this.changed.fire(undefined);
  }

  /** Asks podman for its networks unless a recent answer is known (or `force`). */
  refreshKnown(force = false): Promise<void> {
    if (!force && this.asking) return this.asking;
    if (!force && this.existing && Date.now() - this.existing.at < KNOWN_FOR_MS) return Promise.resolve();
    const asked = this.list();
    if (!asked) return Promise.resolve();
    // A failing podman leaves existence unknown: nothing is shown as missing on a guess.
    const done = asked.then(
      (l) => this.learn(l),
      () => undefined,
    );
    this.asking = done;
    void done.finally(() => this.asking === done && (this.asking = undefined));
    return done;
  }

  async set(uri: vscode.Uri, network: string | undefined): Promise<void> {
    const byFile = { ...this.memento.get<Record<string, string>>(KEY, {}) };
    if (network) byFile[uri.toString()] = network;
    else delete byFile[uri.toString()];
    await this.memento.update(KEY, byFile);
    this.changed.fire(uri);
  }

  /** Networks chosen for any file, most used first. */
  recent(): string[] {
    const counts = new Map<string, number>();
    for (const n of Object.values(this.memento.get<Record<string, string>>(KEY, {}))) counts.set(n, (counts.get(n) ?? 0) + 1);
    return [...counts].sort((a, b) => b[1] - a[1]).map(([n]) => n);
  }
}

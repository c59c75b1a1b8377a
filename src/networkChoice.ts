// The network each manifest is played on (`--net`), remembered per file in the workspace and
// shared by the preview, the status bar and the podman commands.
import * as vscode from 'vscode';
import { DEFAULT_KUBE_NETWORK, networkHasDns } from './model/network';

const KEY = 'podmanKube.networkByFile';

export interface NetworkSelection {
  /** The network name, or undefined for podman's default. */
  chosen: string | undefined;
  /** What the file will be played on. */
  effective: string;
  dns: boolean;
}

export class NetworkChoice implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** DNS as podman reports it (`podman network ls`), when known. */
  private readonly knownDns = new Map<string, boolean>();

  constructor(private readonly memento: vscode.Memento) {}

  get(uri: vscode.Uri): NetworkSelection {
    const byFile = this.memento.get<Record<string, string>>(KEY, {});
    const configured = vscode.workspace.getConfiguration('podmanKube', uri).get<string>('defaultNetwork') || undefined;
    const chosen = byFile[uri.toString()] ?? configured;
    const effective = chosen ?? DEFAULT_KUBE_NETWORK;
    return { chosen, effective, dns: this.knownDns.get(effective) ?? networkHasDns(effective) };
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

  learnDns(network: string, dns: boolean): void {
    this.knownDns.set(network, dns);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

// What the model needs about a file besides its text, in one place: the podman version that will
// play it, the network it is played on (and that network's DNS), its `--configmap` files, and the
// podman secrets that exist. The preview, the commands, CodeLens, Show Logs and the language server all read it here;
// a change fires onDidChange, so every open view re-renders and re-diagnoses.
import * as vscode from 'vscode';
import { readBoundedText } from './files/read';
import type { ModelOptions } from './model';
import { readPlayArgs } from './model/playArgs';
import type { NetworkChoice, NetworkSelection } from './networkChoice';
import type { Podman } from './podman/podman';
import type { ModelReader } from './reader/modelReader';
import type { CommittedUnits } from './committedUnits';
import type { Settings } from './settings';
import { Disposable } from './dispose';

export interface FileContext extends ModelOptions {
  network: string | undefined;
  selection: NetworkSelection;
  /** The `--configmap` files of its plays (paths). */
  configMapFiles: string[];
  /** Arguments placed before the file: the setting's, then a committed unit's PodmanArgs= (trusted only). */
  extraArgs: string[];
}

const PORT_START_SYSCTL = '/proc/sys/net/ipv4/ip_unprivileged_port_start';
const CONFIGMAP_FILES_KEY = 'podmanKube.configMapFilesByFile';
/** A --configmap file is a few ConfigMaps; past this it is not read (and the log says why). */
const CONFIGMAP_MAX_BYTES = 2 * 1024 * 1024;

export class PlayContext extends Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** A file's context changed; undefined: every file's. */
  readonly onDidChange = this.changed.event;
  private version: string | undefined;
  private isRemote = false;
  private isRootless = false;
  private portStart: number | undefined;
  private secrets: string[] | undefined;
  private asked: Promise<void> | undefined;
  /** ConfigMap names found in each file's --configmap files, once read. */
  private readonly configMapNames = new Map<string, string[]>();

  constructor(
    private readonly networks: NetworkChoice,
    private readonly podman: Podman,
    private readonly settings: Settings,
    private readonly log: vscode.LogOutputChannel,
    private readonly memento: vscode.Memento,
    private readonly reader: ModelReader,
    private readonly committed: CommittedUnits,
  ) {
    super();
    this.register(
      this.changed,
      networks.onDidChange((uri) => this.changed.fire(uri)),
      settings.onDidChange((c) => {
        if (c.podman) void this.ask(true);
        else if (c.play) this.changed.fire(undefined);
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.ask(true)),
    );
  }

  /** The podman version the model follows; undefined: not known (yet), the newest behaviour. */
  get podmanVersion(): string | undefined {
    return this.version;
  }

  /** Whether podman is the remote client (a connection, or podman on macOS and Windows), as `podman version` said. */
  get remote(): boolean {
    return this.isRemote;
  }

  /** Whether podman runs rootless, and the lowest host port it may publish when that is known. */
  get rootless(): { rootless: boolean; unprivilegedPortStart?: number } {
    return { rootless: this.isRootless, unprivilegedPortStart: this.portStart };
  }

  /** Names of podman's secrets; undefined when unknown. */
  get knownSecrets(): string[] | undefined {
    return this.secrets;
  }

  /**
   * Asks podman what the model needs (its version, its secrets) the first time something needs
   * it, and again after a setting or the workspace trust changes. Resolves when known.
   */
  ready(): Promise<void> {
    return this.asked ?? this.ask(false);
  }

  /** After a play created or removed podman secrets. */
  refreshSecrets(): void {
    void this.readSecrets().then(() => this.changed.fire(undefined));
  }

  forFile(uri: vscode.Uri): FileContext {
    const selection = this.networks.get(uri);
    const unit = this.committed.forManifest(uri);
    // A committed unit's arguments are the repository's: like the restricted settings, not in Restricted Mode.
    const extraArgs = [...this.podman.settings(uri).extraArgs, ...(vscode.workspace.isTrusted ? (unit?.podmanArgs ?? []) : [])];
    const configMapFiles = unit?.configMaps.length ? unit.configMaps : (this.memento.get<Record<string, string[]>>(CONFIGMAP_FILES_KEY, {})[uri.toString()] ?? []);
    let configMaps = this.configMapNames.get(uri.toString());
    if (configMapFiles.length && !configMaps) void this.readConfigMaps(uri, configMapFiles);
    // No --configmap file: the play gets no ConfigMap but the file's own (known, so a missing one is an error).
    if (!configMapFiles.length) configMaps = [];
    const { publishAll, noPodPrefix, flags } = readPlayArgs(extraArgs);
    if (configMapFiles.length) flags.push('--configmap');
    return {
      podmanVersion: this.version,
      remote: this.isRemote,
      rootless: this.isRootless,
      unprivilegedPortStart: this.portStart,
      dns: selection.dns,
      network: selection.chosen,
      publishAll,
      noPodPrefix,
      flags,
      secrets: this.secrets,
      configMaps,
      configMapFiles,
      extraArgs,
      selection,
    };
  }

  async setConfigMapFiles(uri: vscode.Uri, files: vscode.Uri[]): Promise<void> {
    const all = { ...this.memento.get<Record<string, string[]>>(CONFIGMAP_FILES_KEY, {}) };
    if (files.length) all[uri.toString()] = files.map((f) => f.fsPath);
    else delete all[uri.toString()];
    await this.memento.update(CONFIGMAP_FILES_KEY, all);
    this.configMapNames.delete(uri.toString());
    if (files.length) await this.readConfigMaps(uri, all[uri.toString()]);
    else this.changed.fire(uri);
  }

  /** The ConfigMaps podman will find in the files (a file that cannot be read gives none, and says so). */
  private async readConfigMaps(uri: vscode.Uri, files: string[]): Promise<void> {
    const names: string[] = [];
    for (const f of files) {
      try {
        // A file the user chose: read wherever it is, but only a regular one, and bounded.
        const text = await readBoundedText(f, { maxBytes: CONFIGMAP_MAX_BYTES });
        names.push(...(await this.reader.read(text, {})).resources.filter((r) => r.kind === 'ConfigMap').map((r) => r.name));
      } catch (e) {
        this.log.warn(`--configmap file ${f} of ${uri.fsPath} cannot be read: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    this.configMapNames.set(uri.toString(), names);
    this.changed.fire(uri);
  }

  private ask(again: boolean): Promise<void> {
    const before = this.version;
    this.asked = Promise.all([this.readVersion().then(() => this.readRootless()), this.readSecrets()]).then(() => {
      if (again || this.version !== before || this.secrets) this.changed.fire(undefined);
    });
    return this.asked;
  }

  /**
   * The version of the podman that plays the pods (the server's, for a remote connection): the
   * setting when set, else asked from podman in a trusted workspace, else the newest behaviour.
   * And whether podman is the remote client: with a connection always; without one, podman on
   * macOS and Windows is too, which only `podman version` tells.
   */
  private async readVersion(): Promise<void> {
    const configured = this.settings.podmanVersion();
    this.version = configured;
    this.isRemote = !!this.podman.client.connection;
    if (!vscode.workspace.isTrusted || (configured && this.isRemote)) return;
    try {
      const asked = await this.podman.client.version();
      this.isRemote = asked.remote;
      if (configured) return;
      this.version = asked.server;
      this.log.info(`Diagnostics and the preview follow podman ${this.version}${asked.remote ? ' (the remote service)' : ''}`);
    } catch (e) {
      if (configured) return;
      this.log.warn(`podman version failed, diagnostics and the preview follow the newest podman: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /**
   * Rootless podman cannot publish host ports below net.ipv4.ip_unprivileged_port_start: asked from
   * podman (the service's answer, for a remote client), the sysctl read here only for a local one.
   */
  private async readRootless(): Promise<void> {
    this.isRootless = false;
    this.portStart = undefined;
    if (!vscode.workspace.isTrusted) return;
    try {
      this.isRootless = await this.podman.client.rootless();
      if (!this.isRootless || this.isRemote) return;
      const start = Number((await readBoundedText(PORT_START_SYSCTL, { maxBytes: 64 })).trim());
      if (Number.isInteger(start) && start >= 0) this.portStart = start;
    } catch (e) {
      this.log.warn(`podman info or ${PORT_START_SYSCTL} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Names of podman's secrets, which a manifest's Secret references may name; undefined when unknown. */
  private async readSecrets(): Promise<void> {
    this.secrets = undefined;
    if (!vscode.workspace.isTrusted) return;
    try {
      this.secrets = await this.podman.client.secretNames();
    } catch {
      // Unknown: a reference to a Secret outside the file is a warning, not an error.
    }
  }

  override dispose(): void {
    super.dispose();
  }
}

// What the model needs about a file besides its text, in one place: the podman that will play it
// (its version, remote or not, rootless or not), the network it is played on (and that network's
// DNS), its `--configmap` files and flags, and the podman secrets that exist. The preview, the commands, CodeLens, Show Logs and the language server all read it here;
// a change fires onDidChange, so every open view re-renders and re-diagnoses.
import * as vscode from 'vscode';
import { homedir } from 'os';
import { dirname, resolve } from 'path';
import { readBuildContext } from './files/buildFolders';
import { readBoundedText } from './files/read';
import type { ModelOptions } from './model';
import type { BuildContext, LocalImage } from './model/types';
import { readPlayArgs } from './model/playArgs';
import type { NetworkChoice, NetworkSelection } from './networkChoice';
import type { Podman } from './podman/podman';
import type { ModelReader } from './reader/modelReader';
import type { CommittedUnits } from './committedUnits';
import type { Settings } from './settings';
import { Disposable } from './dispose';

/** What podman said about itself (ModelOptions' fields of the same names). */
interface PodmanFacts {
  version?: string;
  clientVersion?: string;
  remote: boolean;
  rootless: boolean;
  unprivilegedPortStart?: number;
}

export interface FileContext extends ModelOptions {
  network: string | undefined;
  selection: NetworkSelection;
  /** The `--configmap` files of its plays (paths). */
  configMapFiles: string[];
  /** Arguments placed before the file: the setting's, then a committed unit's PodmanArgs= (trusted only). */
  extraArgs: string[];
  /** The folder the commands run podman in: the file's own (an untitled file's: the home folder), where `kube play` looks for build folders. */
  playDir: string;
}

const PORT_START_SYSCTL = '/proc/sys/net/ipv4/ip_unprivileged_port_start';
const CONFIGMAP_FILES_KEY = 'podmanKube.configMapFilesByFile';
/** A --configmap file is a few ConfigMaps; past this it is not read (and the log says why). */
const CONFIGMAP_MAX_BYTES = 2 * 1024 * 1024;

export class PlayContext extends Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** A file's context changed; undefined: every file's. */
  readonly onDidChange = this.changed.event;
  private facts: PodmanFacts = { remote: false, rootless: false };
  private asks = 0;
  private secrets: string[] | undefined;
  private images: LocalImage[] | undefined;
  private imagesTimer: NodeJS.Timeout | undefined;
  /** The build folders of each folder podman plays in, once looked at; dropped when a build file comes or goes. */
  private readonly buildContexts = new Map<string, BuildContext | 'reading'>();
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
      ...this.watchBuildFiles(),
    );
  }

  /** The podman version the model follows; undefined: not known (yet), the newest behaviour. */
  get podmanVersion(): string | undefined {
    return this.facts.version;
  }

  /** Whether podman is the remote client (a connection, or podman on macOS and Windows), as `podman version` said. */
  get remote(): boolean {
    return this.facts.remote;
  }

  /** Whether podman runs rootless, and the lowest host port it may publish when that is known. */
  get rootless(): { rootless: boolean; unprivilegedPortStart?: number } {
    return { rootless: this.facts.rootless, unprivilegedPortStart: this.facts.unprivilegedPortStart };
  }

  /** The remote client's own version, when it is not the service's: the flags are the client's. */
  get clientVersion(): string | undefined {
    return this.facts.clientVersion;
  }

  /** Names of podman's secrets; undefined when unknown. */
  get knownSecrets(): string[] | undefined {
    return this.secrets;
  }

  /**
   * Asks podman what the model needs (what it is, its secrets) the first time something needs
   * it, and again after a setting or the workspace trust changes. Resolves when known.
   */
  ready(): Promise<void> {
    return this.asked ?? this.ask(false);
  }

  /** The images podman has (the service's, for a remote client); undefined when unknown. */
  get knownImages(): LocalImage[] | undefined {
    return this.images;
  }

  /** After a play or build made images, or podman said an image changed. */
  refreshImages(): Promise<void> {
    return this.readImages().then((images) => {
      if (JSON.stringify(images) === JSON.stringify(this.images)) return;
      this.images = images;
      this.changed.fire(undefined);
    });
  }

  /** podman said an image changed: read them once the burst (a build's steps) is over. */
  refreshImagesSoon(): void {
    clearTimeout(this.imagesTimer);
    this.imagesTimer = setTimeout(() => void this.refreshImages(), 500);
  }

  /** After a play created or removed podman secrets. */
  refreshSecrets(): void {
    void this.readSecrets().then((secrets) => {
      this.secrets = secrets;
      this.changed.fire(undefined);
    });
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
    const { publishAll, noPodPrefix, flags, build, contextDir } = readPlayArgs(extraArgs);
    if (configMapFiles.length) flags.push('--configmap');
    const { version, clientVersion, remote, rootless, unprivilegedPortStart } = this.facts;
    const playDir = uri.scheme === 'file' ? dirname(uri.fsPath) : homedir();
    return {
      podmanVersion: version,
      clientVersion,
      remote,
      rootless,
      unprivilegedPortStart,
      dns: selection.dns,
      network: selection.chosen,
      publishAll,
      noPodPrefix,
      flags,
      secrets: this.secrets,
      images: this.images,
      build,
      buildContext: this.buildContext(playDir, build === true ? contextDir : undefined),
      configMaps,
      configMapFiles,
      extraArgs,
      selection,
      playDir,
    };
  }

  /**
   * The build folders where podman looks: the folder the commands play in (as `cd` then `podman
   * kube play` would), or `--context-dir` (relative to it). Undefined until looked at.
   */
  private buildContext(playDir: string, contextDir: string | undefined): BuildContext | undefined {
    const dir = resolve(playDir, contextDir ?? '.');
    const known = this.buildContexts.get(dir);
    if (known === 'reading') return undefined;
    if (known) return known;
    this.buildContexts.set(dir, 'reading');
    void readBuildContext(dir).then((found) => {
      if (this.buildContexts.get(dir) !== 'reading') return;
      this.buildContexts.set(dir, found);
      if (Object.keys(found.files).length) this.changed.fire(undefined);
    });
    return undefined;
  }

  /** The build folders a play of `uri` finds, read now: a play must not miss one not looked at yet. */
  async buildContextNow(uri: vscode.Uri, build: boolean | undefined): Promise<BuildContext> {
    const { playDir, extraArgs } = this.forFile(uri);
    const { contextDir } = readPlayArgs(extraArgs);
    const found = await readBuildContext(resolve(playDir, build === true ? (contextDir ?? '.') : '.'));
    this.buildContexts.set(found.dir, found);
    return found;
  }

  private watchBuildFiles(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher('**/{Containerfile,Dockerfile}', false, true, false);
    const forget = (file: vscode.Uri) => {
      if (this.buildContexts.delete(dirname(dirname(file.fsPath)))) this.changed.fire(undefined);
    };
    // A folder removed or renamed takes its build file without an event for it.
    const forgetAll = () => {
      if (!this.buildContexts.size) return;
      this.buildContexts.clear();
      this.changed.fire(undefined);
    };
    return [watcher, watcher.onDidCreate(forget), watcher.onDidDelete(forget), vscode.workspace.onDidDeleteFiles(forgetAll), vscode.workspace.onDidRenameFiles(forgetAll)];
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
    // Settings change in bursts (env, then connection): only the newest ask may set what is known.
    const asked = ++this.asks;
    const before = JSON.stringify(this.facts);
    this.asked = Promise.all([this.readFacts(), this.readSecrets(), this.readImages()]).then(([facts, secrets, images]) => {
      if (asked !== this.asks) return;
      this.facts = facts;
      this.secrets = secrets;
      this.images = images;
      if (again || JSON.stringify(facts) !== before || secrets || images) this.changed.fire(undefined);
    });
    return this.asked;
  }

  /**
   * What podman plays with: the version (the service's, for a remote client) from the setting when
   * set, else asked in a trusted workspace, else the newest behaviour; whether podman is the remote
   * client (with a connection always; without one, podman on macOS and Windows is too, which only
   * `podman version` tells) and then its own version, whose flags it has; whether it runs rootless,
   * and for a local one the lowest host port it may publish.
   */
  private async readFacts(): Promise<PodmanFacts> {
    const configured = this.settings.podmanVersion();
    const facts: PodmanFacts = { version: configured, remote: !!this.podman.client.connection, rootless: false };
    if (!vscode.workspace.isTrusted) return facts;
    try {
      const asked = await this.podman.client.version();
      facts.remote = asked.remote;
      if (asked.remote && asked.client !== asked.server) facts.clientVersion = asked.client;
      if (!configured) {
        facts.version = asked.server;
        this.log.info(`Diagnostics and the preview follow podman ${asked.server}${asked.remote ? ` (the remote service; the client is ${asked.client})` : ''}`);
      }
    } catch (e) {
      if (!configured) this.log.warn(`podman version failed, diagnostics and the preview follow the newest podman: ${e instanceof Error ? e.message : String(e)}`);
      return facts;
    }
    try {
      facts.rootless = await this.podman.client.rootless();
      if (facts.rootless && !facts.remote) {
        const start = Number((await readBoundedText(PORT_START_SYSCTL, { maxBytes: 64 })).trim());
        if (Number.isInteger(start) && start >= 0) facts.unprivilegedPortStart = start;
      }
    } catch (e) {
      this.log.warn(`podman info or ${PORT_START_SYSCTL} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
    return facts;
  }

  /** Names of podman's secrets, which a manifest's Secret references may name; undefined when unknown. */
  private async readSecrets(): Promise<string[] | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    try {
      return await this.podman.client.secretNames();
    } catch {
      return undefined; // Unknown: a reference to a Secret outside the file is a warning, not an error.
    }
  }

  /** The images podman has; undefined when unknown (then nothing is said about pulls). */
  private async readImages(): Promise<LocalImage[] | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    try {
      return await this.podman.client.images();
    } catch {
      return undefined;
    }
  }

  override dispose(): void {
    clearTimeout(this.imagesTimer);
    super.dispose();
  }
}

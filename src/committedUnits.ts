// Play settings that travel with the repository: a Quadlet `.kube` unit in the workspace says, in
// podman's own format, which manifest it plays (Yaml=), on which network (Network=), with which
// --configmap files (ConfigMap=) and extra arguments (PodmanArgs=). Play, the preview, the status
// bar and CodeLens follow it for that manifest; the unit beside the manifest wins over others.
import { basename, dirname, resolve } from 'path';
import * as vscode from 'vscode';
import { readBoundedText } from './files/read';
import { networkName, siblingUnit, unitPlay, type UnitPlay } from './quadlet/unitFile';
import { Disposable } from './dispose';

/** A unit is a few lines; a bigger `.kube` file is not read. */
const MAX_BYTES = 256 * 1024;
/** Units looked at in a workspace. */
const MAX_UNITS = 500;

export interface CommittedPlay extends UnitPlay {
  unit: vscode.Uri;
}

/**
 * The podman network a unit's `Network=` value names, its `NAME.network` sibling (in the unit's
 * own folder) read through the bounded reader; a sibling that cannot be read names `systemd-NAME`.
 */
export async function networkOnDisk(value: string, dir: string, read: { maxBytes: number; within: string[] }): Promise<string> {
  const sibling = siblingUnit(value, dir);
  const text = sibling ? await readBoundedText(sibling, read).catch(() => undefined) : undefined;
  return networkName(value, () => text);
}

export class CommittedUnits extends Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  /** The manifests whose committed settings changed. */
  readonly onDidChange = this.changed.event;
  /** Each unit's settings, by the unit's path. */
  private readonly units = new Map<string, CommittedPlay>();
  private timer: NodeJS.Timeout | undefined;
  private pending = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(this.changed);
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{kube,network}');
    // A folder removed at once reports the folder only: the units under it go too.
    const removals = vscode.workspace.createFileSystemWatcher('**/*', true, true, false);
    this.register(
      watcher,
      removals,
      removals.onDidDelete((gone) => [...this.units.keys()].filter((k) => k.startsWith(`${gone.fsPath}/`)).forEach((k) => this.queue(vscode.Uri.file(k)))),
      watcher.onDidCreate((u) => this.queue(u)),
      watcher.onDidChange((u) => this.queue(u)),
      watcher.onDidDelete((u) => this.queue(u)),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scan()),
    );
    void this.scan();
  }

  /**
   * The projects units define: a unit naming several files (Yaml= and ConfigMap=) plays them
   * together, its ConfigMap= files given as --configmap, its Yaml= files in order (quadlet 5.7+).
   */
  projects(): { name: string; files: string[] }[] {
    return [...this.units.values()]
      .filter((u) => u.yamls.length + u.configMaps.length > 1)
      .sort((a, b) => (a.unit.fsPath < b.unit.fsPath ? -1 : 1))
      .map((u) => ({ name: basename(u.unit.fsPath).replace(/\.kube$/, ''), files: [...new Set([...u.configMaps, ...u.yamls])] }));
  }

  /** The committed settings of a manifest, if a unit in the workspace plays it. */
  forManifest(uri: vscode.Uri): CommittedPlay | undefined {
    if (uri.scheme !== 'file') return undefined;
    const path = uri.fsPath;
    const beside = (u: CommittedPlay) => dirname(u.unit.fsPath) === dirname(path);
    // The unit beside the manifest first, then the first by path: the same answer every time.
    const better = (a: CommittedPlay, b: CommittedPlay) => (beside(a) !== beside(b) ? beside(a) : a.unit.fsPath < b.unit.fsPath);
    let found: CommittedPlay | undefined;
    for (const u of this.units.values()) if (u.yamls.includes(path) && (!found || better(u, found))) found = u;
    return found;
  }

  private async scan(): Promise<void> {
    const found = await vscode.workspace.findFiles('**/*.kube', '**/node_modules/**', MAX_UNITS);
    const before = new Set(this.units.keys());
    for (const uri of found) {
      before.delete(uri.fsPath);
      await this.read(uri);
    }
    for (const gone of before) this.units.delete(gone);
    this.changed.fire([...this.units.values()].flatMap((u) => u.yamls.map((y) => vscode.Uri.file(y))));
  }

  /** File events come in bursts (a checkout): read each unit once per burst. */
  private queue(uri: vscode.Uri): void {
    this.pending.add(uri.fsPath);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), 100);
  }

  private async flush(): Promise<void> {
    const paths = [...this.pending];
    this.pending.clear();
    const affected = new Set<string>();
    for (const path of paths) {
      // A .network unit changes the network name of the .kube units beside it.
      const kubes = path.endsWith('.network') ? [...this.units.keys()].filter((k) => dirname(k) === dirname(path)) : [path];
      for (const k of kubes) {
        const old = this.units.get(k);
        old?.yamls.forEach((y) => affected.add(y));
        const now = await this.read(vscode.Uri.file(k));
        now?.yamls.forEach((y) => affected.add(y));
      }
    }
    if (affected.size) this.changed.fire([...affected].map((p) => vscode.Uri.file(p)));
  }

  private async read(uri: vscode.Uri): Promise<CommittedPlay | undefined> {
    const within = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const dir = dirname(uri.fsPath);
    try {
      const text = await readBoundedText(uri.fsPath, { maxBytes: MAX_BYTES, within });
      const play = unitPlay(text, dir, () => undefined);
      if (!play) {
        this.units.delete(uri.fsPath);
        return undefined;
      }
      const network = play.networkValue === undefined ? undefined : await networkOnDisk(play.networkValue, dir, { maxBytes: MAX_BYTES, within });
      const committed = { ...play, network, yaml: resolve(play.yaml), yamls: play.yamls.map((y) => resolve(y)), configMaps: play.configMaps.map((p) => resolve(p)), unit: uri };
      this.units.set(uri.fsPath, committed);
      return committed;
    } catch (e) {
      // Gone, not a regular file, too big, or outside the workspace: it chooses nothing.
      if (this.units.delete(uri.fsPath) || !/ENOENT/.test(String(e))) this.log.info(`Quadlet unit ${uri.fsPath} is not followed for play settings: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  override dispose(): void {
    clearTimeout(this.timer);
    super.dispose();
  }
}

// The kube manifests of the workspace, read into the pods podman would name for each (with the
// file's podman version, network and options): what the Podman view matches running pods
// against. Found once when the view first needs them, then kept current from edits, saves and
// file changes. Read in the model worker, never on the extension host's main thread.
import * as vscode from 'vscode';
import { looksLikeKubeManifest } from '../model/detect';
import { isKubeDocument } from '../manifestTracker';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../preview/modelReader';
import type { FileModel } from './match';

/** Files searched for manifests, and the biggest one read (the view is for what a person wrote). */
const MAX_FILES = 500;
const MAX_BYTES = 2 * 1024 * 1024;
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.vscode-test/**}';
/** Typing in a manifest re-reads it this long after the last keystroke. */
const EDIT_DELAY_MS = 300;

export class WorkspaceManifests implements vscode.Disposable {
  private readonly files = new Map<string, FileModel>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private started: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly reader: ModelReader,
    private readonly context: PlayContext,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The manifests read so far, in path order. */
  get all(): FileModel[] {
    return [...this.files.values()].sort((a, b) => a.uri.localeCompare(b.uri));
  }

  /** Finds and reads the workspace's manifests the first time; later calls wait for the same. */
  start(): Promise<void> {
    return (this.started ??= this.scan());
  }

  private async scan(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml}');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.readSoon(uri, 0)),
      watcher.onDidChange((uri) => this.readSoon(uri, 0)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.isCandidate(e.document) && this.readSoon(e.document.uri, EDIT_DELAY_MS)),
      vscode.workspace.onDidOpenTextDocument((d) => this.isCandidate(d) && this.readSoon(d.uri, 0)),
      // An untitled manifest lives only while open; a file's stays (its saved text is read again).
      vscode.workspace.onDidCloseTextDocument((d) => (d.isUntitled ? this.forget(d.uri) : d.uri.scheme === 'file' && this.readSoon(d.uri, 0))),
      this.context.onDidChange((uri) => (uri ? this.readSoon(uri, 0) : this.rereadAll())),
    );
    const found = await vscode.workspace.findFiles('**/*.{yml,yaml}', EXCLUDE, MAX_FILES);
    const open = vscode.workspace.textDocuments.filter((d) => this.isCandidate(d)).map((d) => d.uri);
    const uris = [...new Map([...found, ...open].map((u) => [u.toString(), u])).values()];
    await Promise.all(uris.map((u) => this.read(u)));
    this.changed.fire();
  }

  private isCandidate(d: vscode.TextDocument): boolean {
    return (d.uri.scheme === 'file' || d.uri.scheme === 'untitled') && isKubeDocument(d);
  }

  private rereadAll(): void {
    for (const key of this.files.keys()) this.readSoon(vscode.Uri.parse(key, true), 0);
  }

  private readSoon(uri: vscode.Uri, delay: number): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.read(uri).then(() => this.changed.fire());
    }, delay));
  }

  private forget(uri: vscode.Uri): void {
    if (this.files.delete(uri.toString())) this.changed.fire();
  }

  /** Reads one file (its editor's text when open) into the pods podman would name. */
  private async read(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      let text: string;
      if (doc) text = doc.getText();
      else {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_BYTES) return void this.files.delete(key);
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      }
      if (text.length > MAX_BYTES || !looksLikeKubeManifest(text)) return void this.files.delete(key);
      await this.context.ready();
      const summary = await this.reader.read(text, this.context.forFile(uri));
      this.files.set(key, { uri: key, pods: summary.pods });
    } catch (e) {
      // Deleted meanwhile, unreadable, or too slow to read: not a manifest the view can match.
      this.files.delete(key);
      if (!(e instanceof vscode.FileSystemError)) this.log.warn(`Podman view: reading ${uri.fsPath || key} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

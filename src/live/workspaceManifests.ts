// The kube manifests of the workspace, read into the pods podman would name for each (with the
// file's podman version, network and options): what the Podman view matches running pods
// against. Found once when the view first needs them, then kept current from edits, saves and
// file changes. Read in the model worker, never on the extension host's main thread.
import * as vscode from 'vscode';
import { FileRefusedError, readBoundedText } from '../files/read';
import { looksLikeKubeManifest } from '../model/detect';
import { isKubeDocument } from '../manifestTracker';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../reader/modelReader';
import type { FileModel } from './match';
import { Disposable } from '../dispose';

/** Files searched for manifests, and the biggest one read (the view is for what a person wrote). */
const MAX_FILES = 500;
const MAX_BYTES = 2 * 1024 * 1024;
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.vscode-test/**}';
/** Typing in a manifest re-reads it this long after the last keystroke. */
const EDIT_DELAY_MS = 300;
/** File events closer together than this are read as one batch, with one redraw. */
const BATCH_MS = 100;
/** Files read at once: a checkout of thousands of files is read a few at a time. */
const CONCURRENCY = 4;

export class WorkspaceManifests extends Disposable {
  private readonly files = new Map<string, FileModel>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private started: Promise<void> | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Files waiting for the next batch, and its timer. */
  private readonly pending = new Map<string, vscode.Uri>();
  /** Every file queued so far (manifest or not), for the cap. */
  private readonly known = new Set<string>();
  private batch: NodeJS.Timeout | undefined;
  private reading = false;
  private warnedFull = false;
  private sorted: FileModel[] | undefined;

  constructor(
    private readonly reader: ModelReader,
    private readonly play: PlayContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this.register(this.changed);
  }

  /** The manifests read so far, in path order. */
  get all(): FileModel[] {
    return (this.sorted ??= [...this.files.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0)));
  }

  /** Finds and reads the workspace's manifests the first time; later calls wait for the same. */
  start(): Promise<void> {
    return (this.started ??= this.scan());
  }

  private async scan(): Promise<void> {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml}');
    this.register(
      watcher,
      watcher.onDidCreate((uri) => this.queue(uri)),
      watcher.onDidChange((uri) => this.queue(uri)),
      watcher.onDidDelete((uri) => this.forget(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length && this.isCandidate(e.document) && this.readSoon(e.document.uri, EDIT_DELAY_MS)),
      vscode.workspace.onDidOpenTextDocument((d) => this.isCandidate(d) && this.readSoon(d.uri, 0)),
      // An untitled manifest lives only while open; a file's stays (its saved text is read again).
      vscode.workspace.onDidCloseTextDocument((d) => (d.isUntitled ? this.forget(d.uri) : d.uri.scheme === 'file' && this.readSoon(d.uri, 0))),
      this.play.onDidChange((uri) => (uri ? this.readSoon(uri, 0) : this.rereadAll())),
    );
    const found = await vscode.workspace.findFiles('**/*.{yml,yaml}', EXCLUDE, MAX_FILES);
    const open = vscode.workspace.textDocuments.filter((d) => this.isCandidate(d)).map((d) => d.uri);
    for (const u of [...found, ...open]) this.queue(u);
    // The first batch now: the view waits for it.
    clearTimeout(this.batch);
    await this.readBatch();
  }

  /**
   * A file to read in the next batch. Events are coalesced (one read per file, one redraw per
   * batch) and capped: past MAX_FILES known and waiting files, new ones are not read.
   */
  private queue(uri: vscode.Uri): void {
    const key = uri.toString();
    if (!this.known.has(key) && this.known.size >= MAX_FILES) {
      if (!this.warnedFull) this.log.warn(`Podman view: over ${MAX_FILES} YAML files in the workspace; the others are not matched to running pods.`);
      this.warnedFull = true;
      return;
    }
    this.known.add(key);
    this.pending.set(key, uri);
    this.batch ??= setTimeout(() => void this.readBatch(), BATCH_MS);
  }

  private async readBatch(): Promise<void> {
    this.batch = undefined;
    if (this.reading) return;
    this.reading = true;
    try {
      while (this.pending.size) {
        const uris = [...this.pending.values()];
        this.pending.clear();
        for (let i = 0; i < uris.length; i += CONCURRENCY) await Promise.all(uris.slice(i, i + CONCURRENCY).map((u) => this.read(u)));
        this.changedNow();
      }
    } finally {
      this.reading = false;
    }
  }

  private changedNow(): void {
    this.sorted = undefined;
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
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.read(uri).then(() => this.changedNow());
      }, delay),
    );
  }

  private forget(uri: vscode.Uri): void {
    this.pending.delete(uri.toString());
    this.known.delete(uri.toString());
    if (this.files.delete(uri.toString())) this.changedNow();
  }

  /** Reads one file (its editor's text when open) into the pods podman would name. */
  private async read(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
      let text: string;
      if (doc) text = doc.getText();
      // A link in the workspace to a file elsewhere is not the workspace's to show: read inside it
      // only (without a folder, the files are those the user opened).
      else if (uri.scheme === 'file') text = await readBoundedText(uri.fsPath, { maxBytes: MAX_BYTES, within: vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath) });
      else return void this.files.delete(key);
      if (text.length > MAX_BYTES || !looksLikeKubeManifest(text)) return void this.files.delete(key);
      await this.play.ready();
      const summary = await this.reader.read(text, this.play.forFile(uri));
      this.files.set(key, { uri: key, pods: summary.pods });
    } catch (e) {
      // Deleted meanwhile, unreadable, or too slow to read: not a manifest the view can match.
      this.files.delete(key);
      if (e instanceof FileRefusedError) {
        if (e.why === 'not-a-file' || e.why === 'outside') this.log.warn(`Podman view: ${e.message}`);
      } else this.log.warn(`Podman view: reading ${uri.fsPath || key} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  override dispose(): void {
    clearTimeout(this.batch);
    for (const t of this.timers.values()) clearTimeout(t);
    super.dispose();
  }
}

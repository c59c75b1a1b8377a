// Keeps the `podmanKube.isManifest` context key true while the active editor shows a kube
// manifest, so menus and buttons appear only where they apply; says when the first manifest of
// the session is open, which is when the language server is worth starting.
import * as vscode from 'vscode';
import { looksLikeKubeManifest } from './model/detect';
import { Disposable } from './dispose';

export const IS_MANIFEST = 'podmanKube.isManifest';

const HEAD_LINES = 500;

/** Asked on every keystroke and editor switch: one text scan per document version. */
const seen = new WeakMap<vscode.TextDocument, { version: number; kube: boolean }>();

export function isKubeDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'yaml') return false;
  const cached = seen.get(doc);
  if (cached?.version === doc.version) return cached.kube;
  // The first lines almost always tell; a big file's whole text costs a copy of it.
  const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, HEAD_LINES), 0));
  const kube = looksLikeKubeManifest(head) || (doc.lineCount > HEAD_LINES && looksLikeKubeManifest(doc.getText()));
  seen.set(doc, { version: doc.version, kube });
  return kube;
}

export class ManifestTracker extends Disposable {
  private current: boolean | undefined;
  private readonly found = new vscode.EventEmitter<void>();
  /** Fires once, when a kube manifest is first open in any editor or document. */
  readonly onDidFindManifest = this.found.event;
  private searching: vscode.Disposable | undefined;
  /** Whether a kube manifest has been open this session. */
  manifestSeen = false;

  constructor() {
    super();
    this.register(
      this.found,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      vscode.workspace.onDidOpenTextDocument(() => this.update()),
    );
    this.update();
    if (!this.seek(vscode.workspace.textDocuments)) {
      // Until then, look at YAML documents as they open or change (a snippet can make one a manifest).
      this.searching = vscode.Disposable.from(
        vscode.workspace.onDidOpenTextDocument((d) => this.seek([d])),
        vscode.workspace.onDidChangeTextDocument((e) => this.seek([e.document])),
      );
    }
  }

  private seek(docs: readonly vscode.TextDocument[]): boolean {
    if (this.manifestSeen || !docs.some(isKubeDocument)) return this.manifestSeen;
    this.manifestSeen = true;
    this.searching?.dispose();
    this.found.fire();
    return true;
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const value = doc !== undefined && isKubeDocument(doc);
    if (value === this.current) return;
    this.current = value;
    void vscode.commands.executeCommand('setContext', IS_MANIFEST, value);
  }

  override dispose(): void {
    this.searching?.dispose();
    super.dispose();
  }
}

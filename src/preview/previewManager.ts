// Owns the topology previews: opens them, keeps them live, restores them after a reload
// (WebviewPanelSerializer) and routes editor events to them.
import * as vscode from 'vscode';
import { isKubeDocument } from '../manifestTracker';
import type { PreviewState, ToWebview } from '../shared/protocol';
import { PREVIEW_VIEW_TYPE, TopologyPreview, type PreviewDeps } from './topologyPreview';
import { Disposable, disposeAll } from '../dispose';

export class PreviewManager extends Disposable implements vscode.WebviewPanelSerializer<PreviewState> {
  private readonly previews = new Set<TopologyPreview>();
  private activePreview: TopologyPreview | undefined;
  private readonly posted = new vscode.EventEmitter<{ preview: TopologyPreview; message: ToWebview }>();
  /** Every diagram a preview is given to draw. */
  readonly onDidPost = this.posted.event;
  private readonly rendered = new vscode.EventEmitter<{ preview: TopologyPreview; version: number }>();
  /** Every document version a preview's webview reports drawn. */
  readonly onDidRender = this.rendered.event;

  constructor(private readonly deps: PreviewDeps) {
    super();
    this.register(
      this.posted,
      this.rendered,
      vscode.window.registerWebviewPanelSerializer(PREVIEW_VIEW_TYPE, this),
      vscode.workspace.onDidChangeTextDocument((e) => {
        for (const p of this.previewsOf(e.document.uri)) p.refresh();
        // A project's preview draws its siblings too.
        for (const p of this.previews) if (p.drawsSibling(e.document.uri)) p.refresh();
        // The active editor's document became a manifest by editing (a snippet in a new file).
        if (e.document === vscode.window.activeTextEditor?.document) this.follow(e.document);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.follow(editor.document)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        for (const p of this.previewsOf(e.textEditor.document.uri)) p.setCursor(e.selections[0].active.line);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => {
        for (const p of this.previews) if (p.drawsSibling(d.uri)) p.refresh();
      }),
      deps.play.onDidChange((uri) => {
        for (const p of uri ? this.previewsOf(uri) : this.previews) p.refresh(true);
      }),
    );
  }

  /** Unlocked previews show the active editor's document once it is a kube manifest. */
  private follow(doc: vscode.TextDocument): void {
    if (!isKubeDocument(doc)) return;
    for (const p of this.previews) if (!p.isLocked) p.show(doc.uri);
  }

  /** The preview the user last looked at, else the only one. */
  get active(): TopologyPreview | undefined {
    return this.activePreview ?? (this.previews.size === 1 ? [...this.previews][0] : undefined);
  }

  /** Opens (or reveals) a preview of `uri`; an unlocked preview is reused and switched to it. */
  open(uri: vscode.Uri, column: vscode.ViewColumn, preserveFocus: boolean): TopologyPreview {
    const existing = [...this.previews].find((p) => p.documentUri.toString() === uri.toString()) ?? [...this.previews].find((p) => !p.isLocked);
    if (existing) {
      existing.show(uri);
      existing.panel.reveal(column, preserveFocus);
      // The one just shown is the one commands (Export SVG, Copy Mermaid) act on.
      this.activePreview = existing;
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      PREVIEW_VIEW_TYPE,
      'Topology',
      { viewColumn: column, preserveFocus },
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(this.deps.extensionUri, 'media')],
      },
    );
    return this.track(new TopologyPreview(panel, uri, false, this.deps));
  }

  deserializeWebviewPanel(panel: vscode.WebviewPanel, state: PreviewState | undefined): Thenable<void> {
    if (!state?.uri) panel.dispose();
    else this.track(new TopologyPreview(panel, vscode.Uri.parse(state.uri), state.locked, this.deps));
    return Promise.resolve();
  }

  private track(preview: TopologyPreview): TopologyPreview {
    // The diagram follows the podman that will play the file: ask it once a preview exists.
    void this.deps.play.ready();
    this.previews.add(preview);
    this.activePreview = preview;
    preview.panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.activePreview = preview;
    });
    preview.onDidPost((message) => this.posted.fire({ preview, message }));
    preview.onDidRender((version) => this.rendered.fire({ preview, version }));
    preview.onDidDispose(() => {
      this.previews.delete(preview);
      if (this.activePreview === preview) this.activePreview = undefined;
    });
    return preview;
  }

  private previewsOf(uri: vscode.Uri): TopologyPreview[] {
    const key = uri.toString();
    return [...this.previews].filter((p) => p.documentUri.toString() === key);
  }

  override dispose(): void {
    // The open previews come and go, so they are not registered: each goes with the manager.
    disposeAll(this.previews);
    super.dispose();
  }
}

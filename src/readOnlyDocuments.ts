// Text podman or quadlet printed, shown in an editor that cannot be edited or saved over anything:
// the documents of one URI scheme, each forgotten when its editor closes.
import * as vscode from 'vscode';
import { Disposable } from './dispose';

export class ReadOnlyDocuments extends Disposable {
  private readonly texts = new Map<string, string>();

  constructor(private readonly scheme: string) {
    super();
    this.register(
      vscode.workspace.registerTextDocumentContentProvider(scheme, { provideTextDocumentContent: (uri) => this.texts.get(uri.toString()) ?? '' }),
      vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === scheme && this.texts.delete(d.uri.toString())),
    );
  }

  /** Opens `text` as `path` (a new document each time: the query differs). */
  async show(path: string, text: string): Promise<vscode.TextDocument> {
    const uri = vscode.Uri.from({ scheme: this.scheme, path, query: String(Date.now()) });
    this.texts.set(uri.toString(), text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
    return doc;
  }
}

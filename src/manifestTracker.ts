// Keeps the `podmanKube.isManifest` context key true while the active editor shows a kube
// manifest, so menus and buttons appear only where they apply.
import * as vscode from 'vscode';
import { looksLikeKubeManifest } from './model/detect';

export const IS_MANIFEST = 'podmanKube.isManifest';

export function isKubeDocument(doc: vscode.TextDocument): boolean {
  return doc.languageId === 'yaml' && looksLikeKubeManifest(doc.getText());
}

export class ManifestTracker implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private current: boolean | undefined;

  constructor() {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      vscode.workspace.onDidOpenTextDocument(() => this.update()),
    );
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    const value = doc !== undefined && isKubeDocument(doc);
    if (value === this.current) return;
    this.current = value;
    void vscode.commands.executeCommand('setContext', IS_MANIFEST, value);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

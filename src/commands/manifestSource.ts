import * as vscode from 'vscode';

export interface ManifestSource {
  /** A path for podman, or `-` when the text goes through standard input. */
  file: string;
  stdin?: string;
  text: string;
  name: string;
}

/**
 * What podman should read: the file itself when it is saved, else the editor's text through
 * stdin (`-`), so what runs is what the user sees and nothing is written to their file.
 */
export async function manifestSource(uri: vscode.Uri): Promise<ManifestSource> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const name = doc.isUntitled ? doc.uri.path : (uri.path.split('/').pop() ?? uri.path);
  if (doc.isUntitled || doc.isDirty || uri.scheme !== 'file') return { file: '-', stdin: text, text, name };
  return { file: uri.fsPath, text, name };
}

import * as vscode from 'vscode';
import type { Command } from '../command';
import { COMMANDS } from '../shared/commands';

const SAMPLES = [
  { folder: 'valkey0', label: 'Valkey server and client in one pod', detail: 'valkey0: the client reaches the server on localhost' },
  { folder: 'valkey1', label: 'Valkey server and client in two pods', detail: 'valkey1-server, valkey1-client: reached by pod name on a network with DNS (play with --network valkey1)' },
];

/** Opens one of the samples shipped with the extension as a new, unsaved manifest. */
export function openSample(extensionUri: vscode.Uri): Command {
  return {
    id: COMMANDS.openSample,
    async execute(which?: unknown): Promise<vscode.TextEditor | undefined> {
      const sample = SAMPLES.find((s) => s.folder === which) ?? (await vscode.window.showQuickPick(SAMPLES, { title: 'Open a sample manifest' }));
      if (!sample) return undefined;
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'samples', sample.folder, 'play.yml'));
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: new TextDecoder().decode(bytes) });
      return vscode.window.showTextDocument(doc);
    },
  };
}

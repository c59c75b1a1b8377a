// Starts the language server (dist/server.js, its own process) for YAML documents.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

export function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = vscode.Uri.joinPath(context.extensionUri, 'dist', 'server.js').fsPath;
  const server: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const client: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    outputChannel: log,
  };
  const languageClient = new LanguageClient('podmanKube', 'Podman Kube', server, client);
  languageClient.start().catch((e: unknown) => {
    log.error('The Podman Kube language server did not start', e);
    void vscode.window.showErrorMessage(`Podman Kube language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  return languageClient;
}

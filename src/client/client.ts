// Starts the language server (dist/server.js, its own process) for YAML documents, and tells it
// what it cannot read from a document (PlayContext): the podman version, secrets, each file's network.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { CommittedUnits } from '../committedUnits';
import type { PlayContext } from '../playContext';
import { CONTEXT_NOTIFICATION, fileOptions, PROJECT_REQUEST, type ProjectInfo, type ServerContext } from '../shared/serverProtocol';

export function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, play: PlayContext, committed: CommittedUnits): LanguageClient {
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
    // A sibling of an open manifest changed on disk: the project it belongs to is checked again.
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yml,yaml}') },
  };
  const languageClient = new LanguageClient('podmanKube', 'Podman Kube', server, client);
  const sendContext = () => {
    if (!languageClient.isRunning()) return;
    const files: ServerContext['files'] = {};
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.languageId !== 'yaml') continue;
      files[doc.uri.toString()] = fileOptions(play.forFile(doc.uri));
    }
    void languageClient.sendNotification(CONTEXT_NOTIFICATION, {
      podmanVersion: play.podmanVersion,
      secrets: play.knownSecrets,
      images: play.knownImages,
      remote: play.remote,
      clientVersion: play.clientVersion,
      ...play.rootless,
      projects: committed.projects(),
      files,
    });
  };
  context.subscriptions.push(
    play.onDidChange(sendContext),
    committed.onDidChange(sendContext),
    vscode.workspace.onDidOpenTextDocument((d) => d.languageId === 'yaml' && sendContext()),
  );
  languageClient.start().then(
    () => {
      sendContext();
      void play.ready();
    },
    (e: unknown) => {
      log.error('The Podman Kube language server did not start', e);
      void vscode.window.showErrorMessage(`Podman Kube language server did not start: ${e instanceof Error ? e.message : String(e)}`);
    },
  );
  return languageClient;
}

/** The project of a document, as the language server knows it (null: none); waits for the server to start. */
export async function projectOf(languageClient: LanguageClient, uri: string): Promise<ProjectInfo | null> {
  await languageClient.start();
  return languageClient.sendRequest(PROJECT_REQUEST, { uri });
}

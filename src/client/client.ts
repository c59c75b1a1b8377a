// Starts the language server (dist/server.js, its own process) for YAML documents, and tells it
// what it cannot read from a document: the podman version and each file's network.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { NetworkChoice } from '../networkChoice';
import { versionArgs } from '../podman/args';
import { parseVersion } from '../podman/parse';
import type { Podman } from '../podman/podman';
import { CONTEXT_NOTIFICATION, type ServerContext } from '../shared/serverProtocol';

export function startLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, podman: Podman, networks: NetworkChoice): LanguageClient {
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
  let podmanVersion: string | undefined;
  const sendContext = () => {
    if (!languageClient.isRunning()) return;
    const dns: Record<string, boolean> = {};
    for (const doc of vscode.workspace.textDocuments) if (doc.languageId === 'yaml') dns[doc.uri.toString()] = networks.get(doc.uri).dns;
    void languageClient.sendNotification(CONTEXT_NOTIFICATION, { podmanVersion, dns } satisfies ServerContext);
  };
  const readVersion = async () => {
    podmanVersion = await detectVersion(podman, log);
    sendContext();
  };
  context.subscriptions.push(
    networks.onDidChange(sendContext),
    vscode.workspace.onDidOpenTextDocument((d) => d.languageId === 'yaml' && sendContext()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('podmanKube.podman')) void readVersion();
      else if (e.affectsConfiguration('podmanKube.defaultNetwork')) sendContext();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void readVersion()),
  );
  languageClient.start().then(readVersion, (e: unknown) => {
    log.error('The Podman Kube language server did not start', e);
    void vscode.window.showErrorMessage(`Podman Kube language server did not start: ${e instanceof Error ? e.message : String(e)}`);
  });
  return languageClient;
}

/**
 * The version of the podman that plays the pods (the server's, for a remote connection): the
 * setting when set, else asked from podman in a trusted workspace, else the newest behaviour.
 */
async function detectVersion(podman: Podman, log: vscode.LogOutputChannel): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('podmanKube').get<string>('podman.version')?.trim();
  if (configured) return configured;
  if (!vscode.workspace.isTrusted) return undefined;
  try {
    const version = parseVersion((await podman.run(versionArgs(podman.settings()))).stdout).server;
    log.info(`Diagnostics follow podman ${version}`);
    return version;
  } catch (e) {
    log.warn(`podman version failed, diagnostics follow the newest podman: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

// The language server: a separate process that speaks only about kube manifests (YAML with
// apiVersion and kind) and says what podman will do with them. Imports only the model.
// Manifests are read in a child process (analysis.ts): this process always answers at once.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { looksLikeKubeManifest, type Manifest } from '../model';
import { CONTEXT_NOTIFICATION, type ServerContext } from '../shared/serverProtocol';
import { Analysis } from './analysis';
import { codeActions } from './codeActions';
import { complete } from './completion';
import { analyze, toDiagnostics } from './diagnostics';
import { hover } from './hover';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const analysis = new Analysis((m) => connection.console.error(m));
/** Edits closer together than this are read once. (While a reading runs, only the newest text waits.) */
const DEBOUNCE_MS = 30;
/** Below this size a request for a newer version than the last model reads the text itself. */
const SYNC_LIMIT = 20_000;
const pending = new Map<string, NodeJS.Timeout>();
let context: ServerContext = { dns: {} };

/** The newest model of each open document, and the version it was made from. */
const models = new Map<string, { doc: TextDocument; version: number; manifest: Manifest | undefined }>();

/** The version whose diagnostics each document last got: one reading may answer two calls. */
const published = new Map<string, { doc: TextDocument; version: number }>();

const options = (uri: string) => ({ podmanVersion: context.podmanVersion, dns: context.dns[uri] ?? true });

/**
 * The model for a request. `current`: only one made from the document's present text (code
 * actions edit by its ranges). Otherwise the newest one will do (completion, hover): for a big
 * file that is a keystroke behind, never a wait of seconds.
 */
function model(doc: TextDocument, current: boolean): Manifest | undefined {
  const cached = models.get(doc.uri);
  if (cached?.doc === doc && cached.version === doc.version) return cached.manifest;
  if (doc.getText().length < SYNC_LIMIT) {
    const manifest = analyze(doc.getText(), options(doc.uri));
    models.set(doc.uri, { doc, version: doc.version, manifest });
    return manifest;
  }
  return current || cached?.doc !== doc ? undefined : cached.manifest;
}

async function validate(doc: TextDocument): Promise<void> {
  const version = doc.version;
  const cached = models.get(doc.uri);
  if (cached?.doc === doc && cached.version === version) {
    // Already read for this version (on open, or for a request): no second reading.
    publish(doc, version, toDiagnostics(cached.manifest));
    return;
  }
  const result = await analysis.run(doc.uri, doc.getText(), options(doc.uri));
  // Superseded by a newer text, or the document closed (or its URI reused by another one).
  if (!result || documents.get(doc.uri) !== doc) return;
  const newest = models.get(doc.uri);
  if (newest?.doc !== doc || newest.version < version) models.set(doc.uri, { doc, version, manifest: result.manifest });
  publish(doc, version, result.diagnostics);
}

function publish(doc: TextDocument, version: number, diagnostics: Diagnostic[]): void {
  const last = published.get(doc.uri);
  if (doc.version !== version || (last?.doc === doc && last.version === version)) return;
  published.set(doc.uri, { doc, version });
  void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
}

/** Runs a request handler; a failure is logged and answered with `fallback`, never fatal. */
function guard<T>(what: string, uri: string, fallback: T, f: () => T): T {
  try {
    return f();
  } catch (e) {
    connection.console.error(`${what} for ${uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
    return fallback;
  }
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: {},
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
  },
}));

// Start the analyzer before the first document arrives: its start-up is not the user's wait.
connection.onInitialized(() => analysis.start());

connection.onNotification(CONTEXT_NOTIFICATION, (next: ServerContext) => {
  const before = context;
  context = { podmanVersion: next.podmanVersion, dns: next.dns ?? {} };
  // Re-read only the documents whose inputs changed: a big file is not parsed again for nothing.
  for (const doc of documents.all()) {
    if (before.podmanVersion === context.podmanVersion && (before.dns[doc.uri] ?? true) === (context.dns[doc.uri] ?? true)) continue;
    models.delete(doc.uri);
    published.delete(doc.uri);
    void validate(doc);
  }
});

/** Each document's lines for one version: completion and hover on a big file split it once. */
const split = new Map<string, { doc: TextDocument; version: number; lines: string[] }>();

function lines(doc: TextDocument): string[] {
  const cached = split.get(doc.uri);
  if (cached?.doc === doc && cached.version === doc.version) return cached.lines;
  const result = doc.getText().split(/\r?\n/);
  split.set(doc.uri, { doc, version: doc.version, lines: result });
  return result;
}

connection.onCompletion((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc || !looksLikeKubeManifest(doc.getText())) return [];
  return guard('Completion', doc.uri, [], () => complete(lines(doc), p.position, model(doc, false)));
});

connection.onHover((p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? guard('Hover', doc.uri, null, () => hover(lines(doc), p.position, model(doc, false))) : null;
});

connection.onCodeAction((p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? guard('Code actions', doc.uri, [], () => codeActions(doc.uri, p.range, p.context.diagnostics, model(doc, true))) : [];
});

documents.onDidOpen((e) => void validate(e.document));
documents.onDidChangeContent((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.set(e.document.uri, setTimeout(() => void validate(e.document), DEBOUNCE_MS));
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  models.delete(e.document.uri);
  published.delete(e.document.uri);
  split.delete(e.document.uri);
  analysis.cancel(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});
connection.onShutdown(() => analysis.dispose());

documents.listen(connection);
connection.listen();

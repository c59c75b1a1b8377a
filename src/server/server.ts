// The language server: a separate process that speaks only about kube manifests (YAML with
// apiVersion and kind) and says what podman will do with them. Imports only the model.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import type { Manifest } from '../model';
import { CONTEXT_NOTIFICATION, type ServerContext } from '../shared/serverProtocol';
import { codeActions } from './codeActions';
import { complete } from './completion';
import { analyze, toDiagnostics } from './diagnostics';
import { hover } from './hover';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** Edits closer together than this are validated once. */
const DEBOUNCE_MS = 50;
const pending = new Map<string, NodeJS.Timeout>();
let context: ServerContext = { dns: {} };

/** The model of each open document, for the version it was made from. */
const models = new Map<string, { doc: TextDocument; version: number; manifest: Manifest | undefined }>();

function model(doc: TextDocument): Manifest | undefined {
  const cached = models.get(doc.uri);
  if (cached?.doc === doc && cached.version === doc.version) return cached.manifest;
  const manifest = analyze(doc.getText(), { podmanVersion: context.podmanVersion, dns: context.dns[doc.uri] ?? true });
  models.set(doc.uri, { doc, version: doc.version, manifest });
  return manifest;
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

function validate(doc: TextDocument): void {
  const version = doc.version;
  const diagnostics = guard('Validating', doc.uri, undefined, () => toDiagnostics(model(doc)));
  // Drop a result for a version the editor has moved past, or for a closed document whose URI
  // now names another one (untitled documents reuse theirs).
  const current = documents.get(doc.uri);
  if (!diagnostics || current !== doc || current.version !== version) return;
  void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
}

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    completionProvider: {},
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
  },
}));

connection.onNotification(CONTEXT_NOTIFICATION, (next: ServerContext) => {
  const before = context;
  context = { podmanVersion: next.podmanVersion, dns: next.dns ?? {} };
  // Re-validate only the documents whose inputs changed: a big file is not parsed again for nothing.
  for (const doc of documents.all()) {
    if (before.podmanVersion === context.podmanVersion && (before.dns[doc.uri] ?? true) === (context.dns[doc.uri] ?? true)) continue;
    models.delete(doc.uri);
    validate(doc);
  }
});

const lines = (doc: TextDocument) => doc.getText().split(/\r?\n/);

connection.onCompletion((p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? guard('Completion', doc.uri, [], () => (model(doc) ? complete(lines(doc), p.position, model(doc)) : [])) : [];
});

connection.onHover((p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? guard('Hover', doc.uri, null, () => hover(lines(doc), p.position, model(doc))) : null;
});

connection.onCodeAction((p) => {
  const doc = documents.get(p.textDocument.uri);
  return doc ? guard('Code actions', doc.uri, [], () => codeActions(doc.uri, p.range, p.context.diagnostics, model(doc))) : [];
});

documents.onDidOpen((e) => validate(e.document));
documents.onDidChangeContent((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.set(e.document.uri, setTimeout(() => validate(e.document), DEBOUNCE_MS));
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  models.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();

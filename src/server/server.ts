// The language server: a separate process that speaks only about kube manifests (YAML with
// apiVersion and kind) and says what podman will do with them. Imports only the model.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic } from 'vscode-languageserver/node';
import { diagnostics } from './diagnostics';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
/** Edits closer together than this are validated once. */
const DEBOUNCE_MS = 100;
const pending = new Map<string, NodeJS.Timeout>();

function validate(doc: TextDocument): void {
  const version = doc.version;
  let result: Diagnostic[];
  try {
    result = diagnostics(doc.getText());
  } catch (e) {
    // The model never throws by design; if it ever does, say so instead of dying.
    connection.console.error(`Validating ${doc.uri} failed: ${e instanceof Error ? e.stack : String(e)}`);
    return;
  }
  // Drop a result for a version the editor has moved past, or for a closed document whose URI
  // now names another one (untitled documents reuse theirs).
  const current = documents.get(doc.uri);
  if (current !== doc || current.version !== version) return;
  void connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: result });
}

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidOpen((e) => validate(e.document));
documents.onDidChangeContent((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.set(e.document.uri, setTimeout(() => validate(e.document), DEBOUNCE_MS));
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();

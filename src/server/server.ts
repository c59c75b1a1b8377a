// The language server: a separate process that speaks only about kube manifests (YAML with
// apiVersion and kind) and says what podman will do with them. Imports the model, shared and the bounded file reader (for a project's siblings), never vscode.
// Manifests are read in a child process (analysis.ts): this process always answers at once.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { dirname } from 'path';
import { fileURLToPath } from 'url';
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type Diagnostic, type Position } from 'vscode-languageserver/node';
import { derivedVolumes, looksLikeKubeManifest, parseProject, type Manifest, type ModelOptions, type ProjectFile, type ProjectModel } from '../model';
import { CONTEXT_NOTIFICATION, PROJECT_REQUEST, type ServerContext } from '../shared/serverProtocol';
import { Analysis, sameOptions } from './analysis';
import { codeActions } from './codeActions';
import { complete } from './completion';
import { analyze, problemDiagnostics, toDiagnostics } from './diagnostics';
import { hover } from './hover';
import { Projects } from './projects';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const analysis = new Analysis((m) => connection.console.error(m));
/** Edits closer together than this are read once. (While a reading runs, only the newest text waits.) */
const DEBOUNCE_MS = 30;
/**
 * Up to this size a manifest is read in the server's own process (~50 ms for 100 kB once warm):
 * no second process, and answers at once. Bigger ones go to the analyzer process, which has a
 * deadline and is stopped when idle (analysis.ts).
 */
const IN_PROCESS_LIMIT = 128 * 1024;
/**
 * A YAML alias (`*name` after a space, bracket or comma): what it expands to is bounded, but a
 * small file of them can still cost a few hundred ms, which the server's own process should not
 * spend while other documents wait. Kube manifests seldom have any.
 */
const ALIAS = /(?:^|[\s[{,])\*[^\s\]},]/m;

/** Whether `doc` is read in the server's own process (else in the analyzer process). */
function inProcess(doc: TextDocument): boolean {
  const text = doc.getText();
  return text.length <= IN_PROCESS_LIMIT && !ALIAS.test(text);
}
const pending = new Map<string, NodeJS.Timeout>();
let context: ServerContext = { files: {} };
let workspaceFolders: string[] = [];
const pathOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
const projects = new Projects(
  (path) =>
    documents
      .all()
      .find((d) => pathOf(d.uri) === path)
      ?.getText(),
  () => workspaceFolders,
  () => context.projects ?? [],
);

// Per-document state is keyed by the document object: TextDocuments updates it in place across
// versions, and a closed document (or another one reusing its untitled URI) is a new key.

/** The newest model of each open document, and the version it was made from. */
const models = new WeakMap<TextDocument, { version: number; manifest: Manifest | undefined }>();

/** The version whose diagnostics each document last got: one reading may answer two calls. */
const published = new WeakMap<TextDocument, number>();

const options = (uri: string, c = context): ModelOptions => ({
  podmanVersion: c.podmanVersion,
  secrets: c.secrets,
  images: c.images,
  ...c.files[uri],
  dns: c.files[uri]?.dns ?? true,
  remote: c.remote,
  clientVersion: c.clientVersion,
  rootless: c.rootless,
  unprivilegedPortStart: c.unprivilegedPortStart,
});

/**
 * The model for a request. `current`: only one made from the document's present text (code
 * actions edit by its ranges). Otherwise the newest one will do (completion, hover): for a big
 * file that is a keystroke behind, never a wait of seconds.
 */
function model(doc: TextDocument, current: boolean): Manifest | undefined {
  const cached = models.get(doc);
  if (cached?.version === doc.version) return cached.manifest;
  if (inProcess(doc)) {
    const manifest = analyze(doc.getText(), options(doc.uri));
    models.set(doc, { version: doc.version, manifest });
    return manifest;
  }
  return current ? undefined : cached?.manifest;
}

/** The last project read: after one edit each open sibling is checked again, and they read the same project once. */
let lastProject: { key: string; model: ProjectModel } | undefined;

function projectModel(files: ProjectFile[], o: ModelOptions): ProjectModel {
  const key = JSON.stringify([o, files.map((f) => [f.path, f.text])]);
  if (lastProject?.key !== key) lastProject = { key, model: parseProject(files, o) };
  return lastProject.model;
}

async function validate(doc: TextDocument): Promise<void> {
  const version = doc.version;
  if (inProcess(doc) && isManifest(doc)) {
    // A file of a project is checked with its siblings, as they are played together.
    const project = await projects.of(doc.uri).catch(() => undefined);
    if (documents.get(doc.uri) !== doc) return;
    if (project) return publish(doc, version, problemDiagnostics(projectModel(project.files, options(doc.uri)).problems[project.index]));
  }
  const cached = models.get(doc);
  if (cached?.version === version) {
    // Already read for this version (on open, or for a request): no second reading.
    publish(doc, version, toDiagnostics(cached.manifest));
    return;
  }
  if (inProcess(doc)) {
    publish(doc, version, toDiagnostics(model(doc, true)));
    return;
  }
  const result = await analysis.run(doc.uri, doc.getText(), options(doc.uri));
  // Superseded by a newer text, or the document closed (or its URI reused by another one).
  if (!result || documents.get(doc.uri) !== doc) return;
  if ((models.get(doc)?.version ?? -1) < version) models.set(doc, { version, manifest: result.manifest });
  publish(doc, version, result.diagnostics);
}

function publish(doc: TextDocument, version: number, diagnostics: Diagnostic[]): void {
  if (doc.version !== version || published.get(doc) === version) return;
  published.set(doc, version);
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

connection.onInitialize((params) => {
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri)).filter((p): p is string => !!p);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: {},
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', 'refactor.rewrite'] },
    },
  };
});

/** The open documents of a file's folder, but the file: its siblings, checked again when it changes. */
function siblingsOf(uri: string): TextDocument[] {
  const dir = pathOf(uri) && dirname(pathOf(uri)!);
  return dir ? documents.all().filter((d) => d.uri !== uri && pathOf(d.uri) && dirname(pathOf(d.uri)!) === dir) : [];
}

function revalidate(doc: TextDocument): void {
  published.delete(doc);
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(() => void validate(doc), DEBOUNCE_MS),
  );
}

connection.onRequest(PROJECT_REQUEST, async ({ uri }) => {
  const project = await projects.of(uri).catch(() => undefined);
  if (!project) return null;
  const m = projectModel(project.files, options(uri));
  return { name: project.name, files: m.files.map(({ path, name, configMapsOnly }) => ({ path, name, configMapsOnly })), volumes: derivedVolumes(m.manifest) };
});

connection.onDidChangeWatchedFiles((p) => {
  for (const change of p.changes) {
    projects.forget(change.uri);
    siblingsOf(change.uri).forEach(revalidate);
  }
});

connection.onNotification(CONTEXT_NOTIFICATION, (next) => {
  const before = context;
  context = { ...next, files: next.files ?? {} };
  const projectsChanged = JSON.stringify(before.projects ?? []) !== JSON.stringify(context.projects ?? []);
  // Re-read only the documents whose inputs changed: a big file is not parsed again for nothing.
  for (const doc of documents.all()) {
    if (!projectsChanged && sameOptions(options(doc.uri, before), options(doc.uri))) continue;
    models.delete(doc);
    published.delete(doc);
    void validate(doc);
  }
});

/**
 * Each document version's lines, and whether it is a manifest (asked by completion only):
 * requests on a big file scan its text once per version, not once per keystroke.
 */
const texts = new WeakMap<TextDocument, VersionText>();

interface VersionText {
  version: number;
  lines: string[];
  kube?: boolean;
}

function text(doc: TextDocument): VersionText {
  const cached = texts.get(doc);
  if (cached?.version === doc.version) return cached;
  const fresh: VersionText = { version: doc.version, lines: doc.getText().split(/\r\n|\r|\n/) };
  texts.set(doc, fresh);
  return fresh;
}

/** A client's position moved into the document: a line or column past its end (or negative, or not a number) would send the cursor code walking. */
function within(lines: string[], p: Position): Position {
  const clamp = (n: unknown, max: number) => (typeof n === 'number' && Number.isFinite(n) ? Math.min(Math.max(0, Math.trunc(n)), max) : 0);
  const line = clamp(p?.line, Math.max(0, lines.length - 1));
  return { line, character: clamp(p?.character, lines[line]?.length ?? 0) };
}

function isManifest(doc: TextDocument): boolean {
  const t = text(doc);
  return (t.kube ??= looksLikeKubeManifest(doc.getText()));
}

connection.onCompletion((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc || !isManifest(doc)) return [];
  const { lines } = text(doc);
  return guard('Completion', doc.uri, [], () => complete(lines, within(lines, p.position), model(doc, false), context.images));
});

connection.onHover((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc) return null;
  const { lines } = text(doc);
  return guard('Hover', doc.uri, null, () => hover(lines, within(lines, p.position), model(doc, false)));
});

connection.onCodeAction((p) => {
  const doc = documents.get(p.textDocument.uri);
  if (!doc) return [];
  const { lines } = text(doc);
  const range = { start: within(lines, p.range.start), end: within(lines, p.range.end) };
  return guard('Code actions', doc.uri, [], () => codeActions(doc.uri, range, p.context.diagnostics, model(doc, true)));
});

documents.onDidOpen((e) => void validate(e.document));
documents.onDidChangeContent((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.set(
    e.document.uri,
    setTimeout(() => void validate(e.document), DEBOUNCE_MS),
  );
  siblingsOf(e.document.uri).forEach(revalidate);
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  analysis.cancel(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  // Its siblings read it from disk again (an unsaved edit is gone with it).
  siblingsOf(e.document.uri).forEach(revalidate);
});
connection.onShutdown(() => analysis.dispose());

documents.listen(connection);
connection.listen();

// Text of a play.yml -> the pods, containers and objects podman will create, with problems.
import { Composer, isMap, isScalar, isSeq, LineCounter, Parser, type Document, type Node, type Pair, type YAMLError, type YAMLMap } from 'yaml';
import { CHANGES, isPlayedKind, PLAYED_KINDS, REMOTE, RULES, type PodKind, type ResourceKind } from './behaviour';
import { checkDuplicates, checkNames, checkPorts, checkRefs } from './checks';
import { inferConnections } from './connections';
import { flagModelProblems } from './flags';
import { checkImages } from './images';
import { firstLine, readPodObject } from './pod';
import { describeSupport, honoured, rootTable, TABLES, type Field } from './schema';
import type { IgnoredObject, Manifest, ModelOptions, Pod, Problem, Range, Resource } from './types';
import { atLeast, describeVersion, features, NEWEST, shortVersion } from './version';
import { YamlReader } from './yamlReader';

/** Friendlier words for the YAML errors people meet most. */
const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'Tabs are not allowed for indentation in YAML: indent with spaces.',
  DUPLICATE_KEY: 'This key appears twice in the same mapping: YAML keeps only one, so remove or rename the other.',
  MISSING_CHAR: 'A closing character is missing (an unclosed quote or bracket?).',
  BAD_INDENT: 'The indentation here does not line up with the lines around it.',
  MULTILINE_IMPLICIT_KEY: 'A key cannot span several lines: is a colon or an indent missing?',
  ALIAS_PROPS: 'An alias cannot have an anchor or tag.',
  BAD_ALIAS: 'This alias does not refer to an anchor defined earlier.',
};

export function parseManifest(text: string, options: ModelOptions = {}): Manifest {
  // Old Mac line endings (a lone CR) are line breaks to the editor but not to YAML: same length,
  // so every offset and range stays true.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  const version = options.podmanVersion ?? NEWEST;
  const problems: Problem[] = [];
  const pods: Pod[] = [];
  const resources: Resource[] = [];
  const ignored: IgnoredObject[] = [];
  let kubeDocuments = 0;
  /** The first object of each kind podman does not play, where a "nothing to play" error goes. */
  let firstSkipped: Range | undefined;
  let firstConfigMap: Range | undefined;
  let playable = 0;
  const noPodPrefix = options.noPodPrefix && features(version).noPodPrefix;
  const where = options.where ?? 'this file';
  problems.push(...flagModelProblems(options, version));

  // The YAML parser's time grows with bracket depth: a file nested absurdly deep is read only up
  // to the document where that starts, and says so.
  const tooDeep = deepFlowOffset(text);
  if (tooDeep >= 0) {
    const line = countLines(text, tooDeep);
    const at = { line, character: tooDeep - text.lastIndexOf('\n', tooDeep - 1) - 1 };
    problems.push({
      severity: 'error',
      code: 'yaml-too-deep',
      message: `YAML: brackets nest over ${MAX_FLOW_DEPTH} levels deep here; no manifest needs that. The file is not read from this document on.`,
      range: { start: at, end: { line, character: at.character + 1 } },
    });
    const docStart = text.lastIndexOf('\n---', tooDeep);
    text = docStart < 0 ? '' : text.slice(0, docStart + 1);
  }
  const lines = new LineCounter();
  // Documents are composed and read one at a time, so each one's syntax tree can be collected
  // before the next is built: a huge file never holds all its trees at once.
  const composer = new Composer({ prettyErrors: false });
  let index = -1;
  try {
    const docs = composer.compose(new Parser(lines.addNewLine).parse(text));
    for (;;) {
      // Each YAML error is an Error: capturing a stack for each made a file of 100,000 errors
      // take seconds. Stacks are off only while `yaml` composes; our own code keeps them.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      let next: IteratorResult<unknown>;
      try {
        next = docs.next();
      } finally {
        Error.stackTraceLimit = limit;
      }
      if (next.done) break;
      index++;
      readDocument(next.value as Document.Parsed, index);
    }
  } catch (e) {
    // `yaml` does not throw on bad input, but the model must never throw whatever happens.
    problems.push({ severity: 'error', code: 'yaml', message: `The YAML could not be read: ${String(e)}`, range: zeroRange() });
  }

  function readDocument(doc: Document.Parsed, index: number): void {
    const r = new YamlReader(doc, lines, problems, text);
    for (const e of doc.errors) problems.push(yamlProblem(r, e, 'error'));
    const root = doc.contents as Node | null;
    if (root == null) return;
    if (!isMap(root)) {
      r.report('warning', 'not-kube', 'This YAML document is not a kube object: podman expects a mapping with `apiVersion` and `kind`.', firstLine(r.range(root)));
      return;
    }
    readObject(r, root, index, true);
  }

  function readObject(r: YamlReader, root: YAMLMap, index: number, top: boolean): void {
    const rootRange = r.range(root);
    const kind = r.string(r.get(root, 'kind'), 'kind', rootRange);
    const apiVersion = r.string(r.get(root, 'apiVersion'), 'apiVersion', rootRange);
    if (top && kind === undefined && apiVersion === undefined) {
      r.report('warning', 'not-kube', 'This YAML document has no `apiVersion` and `kind`: it is not a kube object, and podman cannot play it.', firstLine(rootRange));
      return;
    }
    if (top) kubeDocuments++;
    if (kind === undefined) {
      // Podman reads only `kind`: without it the document is skipped like an unknown kind.
      const range = r.keyRange(root, 'apiVersion', firstLine(rootRange));
      firstSkipped ??= range;
      r.report('warning', 'missing-kind', '`kind` is missing: podman skips this document without a word.', range);
      return;
    }
    if (apiVersion === undefined && isPlayedKind(kind)) {
      r.report('info', 'missing-apiVersion', `\`apiVersion\` is missing: podman reads only \`kind\` and plays it, but Kubernetes needs \`apiVersion: ${PLAYED_KINDS[kind].apiVersion}\`.`, r.keyRange(root, 'kind', rootRange));
    }
    const kindRange = r.range(r.get(root, 'kind'), rootRange);
    if (kind === 'List' && features(version).listItems) {
      for (const item of r.items(r.seq(r.get(root, 'items'), 'items', rootRange))) {
        const m = r.map(item, 'items[]', rootRange);
        if (m) readObject(r, m, index, false);
      }
      return;
    }
    const metadata = r.map(r.get(root, 'metadata'), 'metadata', rootRange);
    const nameNode = metadata ? r.get(metadata, 'name') : null;
    const name = r.string(nameNode, 'metadata.name', rootRange);
    const nameRange = nameNode ? r.range(nameNode) : metadata ? r.keyRange(root, 'metadata', rootRange) : kindRange;

    if (!isPlayedKind(kind)) {
      const reason =
        kind === 'List'
          ? `podman ${shortVersion(CHANGES.listItems.since)} and newer play the items of a List; ${describeVersion(version)} skips it without a word.`
          : `podman kube play skips ${kind} objects without a word: nothing is created for it.`;
      ignored.push({ kind, name, reason, document: index, range: rootRange });
      firstSkipped ??= kindRange;
      r.report('warning', kind === 'List' ? 'kind-needs-newer-podman' : 'ignored-kind', reason, kindRange);
      return;
    }
    const since = PLAYED_KINDS[kind].since;
    if (!atLeast(version, since)) {
      const reason = `${kind} needs podman ${shortVersion(since)} or newer; ${describeVersion(version)} skips it.`;
      ignored.push({ kind, name, reason, document: index, range: rootRange });
      firstSkipped ??= kindRange;
      r.report('warning', 'kind-needs-newer-podman', reason, kindRange);
      return;
    }
    // ConfigMaps are kept for the pods that read them; alone they give podman nothing to play.
    if (kind === 'ConfigMap') firstConfigMap ??= kindRange;
    else playable++;
    checkFields(r, text, root, rootTable(kind), 0, version);
    if (name === undefined || name === '') {
      r.report('error', 'missing-name', `\`metadata.name\` is missing: podman needs it to name the ${kind === 'Pod' ? 'pod' : kind}.`, nameRange);
      return;
    }
    if (PLAYED_KINDS[kind].makes === 'resource') {
      if (kind === 'PersistentVolumeClaim' && options.remote && atLeast(version, REMOTE.volumeImport.since)) checkVolumeImport(r, metadata);
      resources.push({ kind: kind as ResourceKind, name, document: index, range: rootRange });
      return;
    }
    pods.push(...readPodObject(r, root, kind as PodKind, name, nameRange, index, { version, network: options.network, noPodPrefix, remote: options.remote }));
  }

  if (kubeDocuments > 0 && playable === 0) {
    const onlyConfigMaps = firstConfigMap && !firstSkipped;
    problems.push({
      severity: 'error',
      code: 'nothing-to-play',
      message: onlyConfigMaps
        ? `This file holds only ConfigMaps: podman stops with "${RULES.onlyConfigMaps.error}". Play it together with the pods that read it (a file meant for \`--configmap\` is not played itself).`
        : `Nothing in this file is a kind ${describeVersion(version)} plays: it stops with "${RULES.noPlayableKind.error}".`,
      range: (onlyConfigMaps ? firstConfigMap : (firstSkipped ?? firstConfigMap)) ?? zeroRange(),
      stops: 'fails',
    });
  }
  checkDuplicates(pods, problems);
  const refused = checkNames(pods, problems);
  const created = refused.size ? pods.filter((p) => !refused.has(p)) : pods;
  const rootless = options.rootless ? { portStart: options.unprivilegedPortStart ?? DEFAULT_PORT_START, known: options.unprivilegedPortStart !== undefined } : undefined;
  checkPorts(created, version, options.publishAll ?? false, problems, rootless);
  checkRefs(created, resources, { podmanVersion: version, configMaps: options.configMaps, secrets: options.secrets, where }, problems);
  checkImages(created, options, problems);
  const connections = inferConnections(created, ignored, text, lines, { version, dns: options.dns ?? true, where });
  // Replica pods of podman 4.3 make the same connection from the same text: say it once.
  const said = new Set<string>();
  for (const c of connections) {
    if (c.status === 'ok' || !c.message) continue;
    const where = `${c.range.start.line}:${c.range.start.character}:${c.status}`;
    if (said.has(where)) continue;
    said.add(where);
    // Replace the host only where the range is exactly the host as written.
    const exact = c.range.start.line === c.range.end.line && c.range.end.character - c.range.start.character === c.host.length;
    problems.push({
      severity: c.status === 'impossible' || c.via === 'dns' ? 'warning' : 'info',
      code: c.status === 'impossible' ? 'impossible-connection' : 'unresolved-host',
      message: c.message,
      range: c.range,
      fixes: c.suggestion && exact ? [{ title: `Use ${c.suggestion} instead of ${c.host}`, edits: [{ range: c.range, newText: c.suggestion }] }] : undefined,
    });
  }
  return { podmanVersion: version, network: options.network, publishAll: options.publishAll, remote: options.remote, pods: created, resources, ignored, connections, problems: capped(oneThingEach(problems)), kubeDocuments };
}

/**
 * Say one thing where there is one thing to say: an info beside an error at the very same range
 * (a field podman "ignores" on an init container that podman refuses for it) is dropped.
 */
function oneThingEach(problems: Problem[]): Problem[] {
  const at = (p: Problem) => `${p.range.start.line}:${p.range.start.character}:${p.range.end.line}:${p.range.end.character}`;
  const errors = new Set(problems.filter((p) => p.severity === 'error').map(at));
  return errors.size ? problems.filter((p) => p.severity !== 'info' || !errors.has(at(p))) : problems;
}

/** More problems than this help nobody and cost the editor: the rest are counted, not listed. */
const MAX_PROBLEMS = 1000;

function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const at = problems[MAX_PROBLEMS - 1].range.start;
  return [...problems.slice(0, MAX_PROBLEMS), { severity: 'info', code: 'too-many-problems', message: `${problems.length - MAX_PROBLEMS} more problems after this one are not listed: mend the first ones.`, range: { start: at, end: at } }];
}

/**
 * Fields podman ignores, reported where they stand. Walks only the fields the schema knows, so
 * the depth is bounded whatever the input; aliases are followed within the reader's budget.
 */
function checkFields(r: YamlReader, text: string, map: YAMLMap, table: Record<string, Field>, depth: number, version: string): void {
  for (const pair of map.items as Pair<Node, Node>[]) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    const field = table[key];
    if (!field) continue;
    if (!honoured(field, version)) {
      const fix = r.removePair(pair, `Remove \`${key}\` (podman ignores it)`);
      r.problems.push({
        // Ignoring it changes what the container gets (subPath on 4.3): more than an info.
        severity: field.before && field.since && !atLeast(version, field.since) ? 'warning' : 'info',
        code: 'unsupported-field',
        message: `${describeSupport(field, version)} \`${key}\`: ${field.doc}`,
        range: r.range(pair.key),
        fixes: fix ? [fix] : undefined,
      });
      continue;
    }
    const child = field.type && TABLES[field.type.replace(/\[\]$/, '')];
    if (!child || depth > 8) continue;
    const value = r.resolve(pair.value);
    if (isMap(value)) checkFields(r, text, value, child, depth + 1, version);
    else if (isSeq(value)) for (const item of r.items(value)) if (isMap(item)) checkFields(r, text, item, child, depth + 1, version);
  }
}

function yamlProblem(r: YamlReader, e: YAMLError, severity: 'error' | 'warning'): Problem {
  const [start, end] = e.pos;
  const detail = e.message.split('\n')[0];
  const hint = YAML_HINTS[e.code];
  return { severity, code: `yaml-${e.code.toLowerCase()}`, message: hint ? `YAML: ${hint}` : `YAML: ${detail}`, range: r.rangeOf(start, Math.max(end, start + 1)) };
}

const MAX_FLOW_DEPTH = 500;

/** Offset of the first `[` or `{` nested deeper than MAX_FLOW_DEPTH (outside quotes and comments), or -1. */
function deepFlowOffset(text: string): number {
  // Fewer brackets than the limit cannot nest past it: most files skip the scan below.
  let opens = 0;
  for (const bracket of ['[', '{']) for (let i = text.indexOf(bracket); i >= 0 && opens <= MAX_FLOW_DEPTH; i = text.indexOf(bracket, i + 1)) opens++;
  if (opens <= MAX_FLOW_DEPTH) return -1;
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 10 && quote === 35) quote = 0;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      quote = 35; // a comment, to the end of the line
      continue;
    } else if (c === 10 && depth > 0 && i + 1 < text.length && text.charCodeAt(i + 1) !== 32 && text.charCodeAt(i + 1) !== 9 && !'[]{},'.includes(text[i + 1])) {
      depth = 0; // a line at column 0 outside brackets: a new top-level entry
    }
  }
  return -1;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** The kernel's net.ipv4.ip_unprivileged_port_start, where the model cannot read the machine's. */
const DEFAULT_PORT_START = 1024;

/** The remote service refuses a claim that imports a tarball: the tarball would be on this computer. */
function checkVolumeImport(r: YamlReader, metadata: YAMLMap | undefined): void {
  // Only looked at: what is not a map is said by the field checks, whoever plays it.
  const annotations = metadata && r.get(metadata, 'annotations');
  const source = isMap(annotations) ? r.pair(annotations, REMOTE.volumeImport.annotation) : undefined;
  if (!source) return;
  r.report(
    'error',
    'remote-volume-import',
    `The remote podman service cannot import a volume: it stops with "${REMOTE.volumeImport.error}". Import the tarball with \`podman volume import\` first, then play without this annotation.`,
    r.range(source.key),
    'fails',
  );
}

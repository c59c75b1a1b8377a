// A project: manifests played together on one network, with their `--configmap` files. Podman
// 5.7+ plays several files in one command by joining them into one YAML stream with `\n---\n`
// (cmd/podman/kube/play.go, 9bda788edf); older podman plays one file at a time, the project's
// ConfigMap files given to each as `--configmap`. Either way every pod sees the project's
// ConfigMaps and reaches the others' names on the network, so the project is modelled as the
// joined stream, each problem taken back to its file; what differs before 5.7 is checked after.
import { dirname } from 'path';
import { CHANGES, RULES } from './behaviour';
import { parseManifest } from './manifest';
import { firstLine } from './pod';
import type { Fix, Manifest, ModelOptions, Pod, Problem, Range, Resource } from './types';
import { atLeast, describeVersion, NEWEST, shortVersion } from './version';

export interface ProjectFile {
  path: string;
  text: string;
  /** How the messages name it (a path relative to the project's folder); default: the path. */
  name?: string;
}

export interface ProjectModel {
  /** The joined stream's model: its ranges are lines of the joined text (`locate` takes them back). */
  manifest: Manifest;
  files: { path: string; name: string; firstLine: number; lineCount: number; configMapsOnly: boolean }[];
  /** Each file's problems, in its own lines, in the order of `files`. */
  problems: Problem[][];
  /** The file (index into `files`) and its own range for a range of the joined stream. */
  locate: (range: Range) => { file: number; range: Range };
  /** A place as the project's diagram names it: the file's name and its own line (DiagramOptions.place). */
  place: (range: Range) => { file: string; line: number };
}

const SEPARATOR = '\n---\n';

export function parseProject(files: ProjectFile[], options: ModelOptions = {}): ProjectModel {
  const version = options.podmanVersion ?? NEWEST;
  const spans: ProjectModel['files'] = [];
  let line = 0;
  for (const f of files) {
    const lineCount = count(f.text, '\n') + 1;
    spans.push({ path: f.path, name: f.name ?? f.path, firstLine: line, lineCount, configMapsOnly: false });
    line += lineCount + 1; // the separator's own `---` line
  }
  const where = files.length === 1 ? 'this file' : "the project's files";
  const manifest = parseManifest(files.map((f) => f.text).join(SEPARATOR), { ...options, where });
  const fileAt = (l: number) => {
    let lo = 0;
    for (let hi = spans.length - 1; lo < hi;) {
      const mid = (lo + hi + 1) >> 1;
      if (spans[mid].firstLine <= l) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const locate = (range: Range) => {
    const file = fileAt(range.start.line);
    const { firstLine, lineCount } = spans[file];
    const at = (p: Range['start']) => (p.line - firstLine < lineCount ? { line: p.line - firstLine, character: p.character } : { line: lineCount - 1, character: Number.MAX_SAFE_INTEGER });
    return { file, range: { start: at(range.start), end: at(range.end) } };
  };
  const podFile = (pod: Pod) => fileAt(pod.range.start.line);
  const defined = new Map<string, number>();
  /** Each file's ConfigMaps, in order. */
  const mapsOf = spans.map((): Resource[] => []);
  for (const r of manifest.resources) {
    if (r.kind !== 'ConfigMap') continue;
    const file = fileAt(r.range.start.line);
    mapsOf[file].push(r);
    if (!defined.has(r.name)) defined.set(r.name, file);
  }
  const holdsPods = new Set(manifest.pods.map(podFile));
  for (const [i, s] of spans.entries()) s.configMapsOnly = !holdsPods.has(i) && mapsOf[i].length > 0;

  const extra: Problem[] = [];
  const oneStream = atLeast(version, CHANGES.severalFiles.since);
  /** Readers of each ConfigMap in other files, for the ConfigMap file's own word. */
  const readers = new Map<string, Set<string>>();
  const seen = new Set<Range>();
  for (const pod of manifest.pods) {
    const file = podFile(pod);
    for (const ref of pod.refs) {
      const from = ref.kind === 'ConfigMap' ? defined.get(ref.name) : undefined;
      if (from === undefined || from === file || seen.has(ref.range)) continue;
      seen.add(ref.range);
      const sibling = spans[from];
      const readersOf = readers.get(ref.name) ?? new Set<string>();
      readers.set(ref.name, readersOf.add(`${pod.objectName} (${spans[file].name})`));
      if (!sibling.configMapsOnly && !oneStream) {
        extra.push({
          severity: 'error',
          code: 'configmap-in-played-file',
          message: `ConfigMap ${ref.name} is in ${sibling.name}, which also holds pods: ${describeVersion(version)} plays a project one file at a time (one command for all came in ${shortVersion(CHANGES.severalFiles.since)}), and only a file of ConfigMaps can be given as \`--configmap\`, so this pod does not see it. Move ConfigMap ${ref.name} into a file of its own.`,
          range: ref.range,
          stops: ref.optional ? undefined : 'fails',
        });
        continue;
      }
      const alone: Fix[] = sibling.configMapsOnly ? [{ title: `Play with --configmap ${sibling.name}`, edits: [], command: { name: 'chooseConfigMapFiles', args: [[sibling.path]] } }] : [];
      const known = options.configMaps?.includes(ref.name);
      extra.push({
        severity: 'info',
        code: 'configmap-in-sibling',
        message: `ConfigMap ${ref.name} is in ${sibling.name}: the project's play gives it to this file${oneStream ? ' (one command for every file)' : ' as `--configmap`'}.${known || !sibling.configMapsOnly ? '' : ` Played alone, this file needs \`--configmap ${sibling.name}\`.`}`,
        range: ref.range,
        fixes: known ? undefined : alone,
      });
    }
  }
  for (const r of manifest.resources) {
    const readBy = r.kind === 'ConfigMap' && defined.get(r.name) !== undefined ? readers.get(r.name) : undefined;
    if (!readBy || !spans[fileAt(r.range.start.line)].configMapsOnly) continue;
    extra.push({
      severity: 'info',
      code: 'configmap-file',
      message: `A \`--configmap\` file of this project: ConfigMap ${r.name} is read by ${[...readBy].join(', ')}. Played alone it stops podman ("${RULES.onlyConfigMaps.error}"); Play Project plays it with the pods that read it.`,
      range: firstLine(r.range),
    });
  }
  // Before 4.6 a --configmap file holds one ConfigMap (readConfigMapFromFile unmarshals the first document).
  if (!oneStream && !atLeast(version, CHANGES.configMapFiles.since)) {
    for (const [i, s] of spans.entries()) {
      const maps = mapsOf[i];
      if (!s.configMapsOnly || maps.length < 2) continue;
      for (const r of maps.slice(1))
        if (readers.has(r.name))
          extra.push({
            severity: 'error',
            code: 'configmap-file-first-only',
            message: `${describeVersion(version)} reads only the first ConfigMap of a \`--configmap\` file (several from ${shortVersion(CHANGES.configMapFiles.since)}): ConfigMap ${r.name} is not seen. Give it a file of its own.`,
            range: firstLine(r.range),
            stops: 'fails',
          });
    }
  }

  const problems: Problem[][] = spans.map(() => []);
  for (const p of [...manifest.problems, ...extra]) {
    const { file, range } = locate(p.range);
    // A fix edits the file of its problem; one that would reach another file is not offered.
    const fixes = p.fixes?.filter((f) => f.edits.every((e) => locate(e.range).file === file)).map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, range: locate(e.range).range })) }));
    problems[file].push({ ...p, range, ...(p.fixes ? { fixes } : {}) });
  }
  if (extra.length) manifest.problems.push(...extra);
  const place = (range: Range) => {
    const at = locate(range);
    return { file: spans[at.file].name, line: at.range.start.line };
  };
  return { manifest, files: spans, problems, locate, place };
}

/** What a file defines and uses that another file of its folder may answer. */
interface Links {
  /** `ConfigMap/NAME`, `Secret/NAME`, `host/NAME`. */
  defines: Set<string>;
  uses: Set<string>;
}

/**
 * Projects inferred from the files of each folder: files that reference each other (a ConfigMap
 * or Secret one defines and another reads, a pod, hostname or container another names as a host)
 * are one project; unrelated files stay apart. Each project lists its files in an order that
 * plays: what a file uses (ConfigMaps, Secrets, the pods it names) before it, else by path.
 */
export function inferProjects(files: ProjectFile[], options: ModelOptions = {}): string[][] {
  const links = files.map((f) => linksOf(parseManifest(f.text, options)));
  const parent = files.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i])));
  const byFolder = new Map<string, number[]>();
  for (const [i, f] of files.entries()) byFolder.set(dirname(f.path), [...(byFolder.get(dirname(f.path)) ?? []), i]);
  for (const group of byFolder.values()) {
    // Each name to the files defining it, so linking stays linear in names.
    const definers = new Map<string, number[]>();
    for (const i of group) for (const d of links[i].defines) definers.set(d, [...(definers.get(d) ?? []), i]);
    for (const i of group) for (const u of links[i].uses) for (const j of definers.get(u) ?? []) if (j !== i) parent[root(j)] = root(i);
  }
  const projects = new Map<number, number[]>();
  for (const i of files.keys()) projects.set(root(i), [...(projects.get(root(i)) ?? []), i]);
  return [...projects.values()].filter((p) => p.length > 1).map((p) => playOrder(p, files, links).map((i) => files[i].path));
}

/** The files of a project in an order that plays (see inferProjects). */
export function projectOrder<F extends ProjectFile>(files: F[], options: ModelOptions = {}): F[] {
  const links = files.map((f) => linksOf(parseManifest(f.text, options)));
  return playOrder([...files.keys()], files, links).map((i) => files[i]);
}

function linksOf(m: Manifest): Links {
  const defines = new Set<string>();
  const uses = new Set<string>();
  for (const r of m.resources) if (r.kind === 'ConfigMap' || r.kind === 'Secret') defines.add(`${r.kind}/${r.name}`);
  for (const pod of m.pods) {
    if (pod.hostNetwork) continue;
    for (const n of [pod.name, pod.objectName, pod.hostname, ...pod.containers.map((c) => c.name)]) if (n) defines.add(`host/${n}`);
    for (const ref of pod.refs) uses.add(`${ref.kind}/${ref.name}`);
  }
  for (const c of m.connections) if (c.via === 'dns' && c.status === 'unresolved') uses.add(`host/${c.host}`);
  return { defines, uses };
}

/** Files that define what others use first (Kahn's order): ConfigMaps, Secrets, then the pods others name; otherwise, and in a cycle, by path. */
function playOrder(members: number[], files: ProjectFile[], links: Links[]): number[] {
  const byPath = [...members].sort((a, b) => (files[a].path < files[b].path ? -1 : 1));
  const definers = new Map<string, number[]>();
  for (const i of byPath) for (const d of links[i].defines) definers.set(d, [...(definers.get(d) ?? []), i]);
  const after = new Map<number, Set<number>>(byPath.map((i) => [i, new Set<number>()]));
  const waits = new Map<number, number>(byPath.map((i) => [i, 0]));
  for (const i of byPath)
    for (const n of links[i].uses)
      if (!links[i].defines.has(n))
        for (const j of definers.get(n) ?? [])
          if (j !== i && !after.get(j)!.has(i)) {
            after.get(j)!.add(i);
            waits.set(i, waits.get(i)! + 1);
          }
  const order: number[] = [];
  const done = new Set<number>();
  while (order.length < byPath.length) {
    // The first by path that waits on nothing; in a cycle, the first by path left.
    const next = byPath.find((i) => !done.has(i) && waits.get(i)! <= 0) ?? byPath.find((i) => !done.has(i))!;
    done.add(next);
    order.push(next);
    for (const k of after.get(next)!) waits.set(k, waits.get(k)! - 1);
  }
  return order;
}

function count(text: string, ch: string): number {
  let n = 0;
  for (let i = text.indexOf(ch); i >= 0; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

/**
 * The volumes podman makes for the pods' ConfigMap and Secret volumes (play.go playKubePod, 4.3.1
 * to 5.8.2: one named after the ConfigMap or Secret, none for an optional one, reused and rewritten
 * at the next play). `kube down` leaves them; only `--force` (4.4+) removes them, with every
 * claim's data: Down Project removes these, never a claim.
 */
export function derivedVolumes(m: Manifest): string[] {
  const names = new Set<string>();
  for (const pod of m.pods) for (const ref of pod.refs) if (ref.via === 'volume' && !ref.optional) names.add(ref.name);
  return [...names].sort();
}

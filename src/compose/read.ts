// Reads a compose file as docker compose and podman-compose read it: YAML with merge keys, then
// `${VAR}` interpolation from the environment and the `.env` beside the file, then the compose
// specification's own schema, then `extends` and `profiles`. A problem is a message with its
// line; nothing here writes a file. Pure but for the file reader the caller gives (.env, env_file,
// an extended file), which is bounded there.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { validateCompose } from './schema';

export interface ComposeProblem {
  message: string;
  /** Zero-based; undefined when no line is known (a file it reads). */
  line?: number;
}

export type ComposeService = Record<string, unknown>;

export interface ComposeProject {
  /** `name:`, else the folder's name, as compose names a project. */
  name: string;
  /** In file order; those of a profile not enabled are left out (`skipped`). */
  services: { name: string; spec: ComposeService; line?: number }[];
  skipped: { name: string; why: string }[];
  volumes: Record<string, Record<string, unknown>>;
  networks: Record<string, Record<string, unknown>>;
  secrets: Record<string, Record<string, unknown>>;
  configs: Record<string, Record<string, unknown>>;
  /** Top-level things not carried over, said as such. */
  notes: string[];
  /** The folder the file is in: relative paths start there. */
  dir: string;
}

export interface ReadOptions {
  /** The file's folder (for `.env`, `env_file`, build contexts and bind mounts). */
  dir: string;
  /** The environment compose interpolates from, before `.env`. */
  env: Record<string, string | undefined>;
  /** Reads a file relative to `dir`: undefined when there is none; throws when it cannot (too big, not a file). */
  readFile: (path: string) => string | undefined;
  /** Profiles to enable (`--profile`); services without `profiles` always run. */
  profiles?: readonly string[];
}

const MAX_ALIASES = 500;

export function readCompose(text: string, o: ReadOptions): { project?: ComposeProject; problems: ComposeProblem[] } {
  const problems: ComposeProblem[] = [];
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: false });
  const lineOf = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset).line - 1);
  for (const e of doc.errors) problems.push({ message: `YAML: ${e.message.split('\n')[0]}`, line: lineOf(e.pos[0]) });
  if (problems.length) return { problems };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    return { problems: [{ message: `YAML: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: [{ message: 'Not a compose file: the top level is not a mapping.', line: 0 }] };
  const env = { ...dotEnv(o, problems), ...definedOnly(o.env) };
  const at = (path: readonly (string | number)[]) => lineOf(nodeAt(doc, path)?.range?.[0]);
  const data = interpolate(raw, [], env, (message, path) => problems.push({ message, line: at(path) })) as Record<string, unknown>;
  if (problems.length) return { problems };
  for (const e of validateCompose(data)) problems.push({ message: e.message, line: at(e.path) });
  if (problems.length) return { problems };
  if (!isRecord(data.services) || !Object.keys(data.services).length) return { problems: [{ message: 'Not a compose file: it has no `services`.', line: 0 }] };
  const all = data.services as Record<string, ComposeService>;
  const services: ComposeProject['services'] = [];
  const skipped: ComposeProject['skipped'] = [];
  for (const [name, spec] of Object.entries(all)) {
    const merged = extend(name, spec ?? {}, all, o, env, problems, new Set());
    const profiles = Array.isArray(merged.profiles) ? (merged.profiles as string[]) : [];
    if (profiles.length && !profiles.some((p) => o.profiles?.includes(p))) {
      skipped.push({ name, why: `profile ${profiles.join(', ')} not enabled` });
      continue;
    }
    services.push({ name, spec: merged, line: at(['services', name]) });
  }
  if (problems.length) return { problems };
  const folder =
    o.dir
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() ?? 'project';
  return {
    problems,
    project: {
      name: typeof data.name === 'string' ? data.name : folder.toLowerCase().replace(/[^a-z0-9_-]/g, ''),
      services,
      skipped,
      volumes: records(data.volumes),
      networks: records(data.networks),
      secrets: records(data.secrets),
      configs: records(data.configs),
      notes: data.include === undefined ? [] : ['include: the files it includes are not read: convert each of them'],
      dir: o.dir,
    },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

function records(v: unknown): Record<string, Record<string, unknown>> {
  return isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, isRecord(x) ? x : {}])) : {};
}

function definedOnly(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

function nodeAt(doc: Document, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const key of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key))?.value ?? node;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key] ?? node;
    else break;
  }
  return node as Node | undefined;
}

/** `.env` beside the file, as compose reads it: `KEY=VALUE` lines, `#` comments, quotes taken off. */
function dotEnv(o: ReadOptions, problems: ComposeProblem[]): Record<string, string> {
  try {
    const text = o.readFile('.env');
    return text === undefined ? {} : parseEnvFile(text);
  } catch (e) {
    problems.push({ message: `.env: ${e instanceof Error ? e.message : String(e)}` });
    return {};
  }
}

/** An env file (`.env`, `env_file`): `KEY=VALUE` a line, `export ` allowed, quotes removed. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2].trim();
    const q = value[0];
    const end = q === '"' || q === "'" ? value.indexOf(q, 1) : -1;
    // A quoted value ends at its quote (a comment may follow); double quotes take \n and \t.
    if (end > 0)
      value =
        q === '"'
          ? value
              .slice(1, end)
              .replace(/\\n/g, '\n')
              .replace(/\\t/g, '\t')
              .replace(/\\(["\\])/g, '$1')
          : value.slice(1, end);
    else value = value.replace(/\s+#.*$/, '');
    out[m[1]] = value;
  }
  return out;
}

/**
 * Compose's interpolation of every string value: `$$` is a `$`; `$VAR`, `${VAR}`; `${VAR:-x}`
 * (unset or empty) and `${VAR-x}` (unset) give a default; `${VAR:?msg}` and `${VAR?msg}` stop;
 * `${VAR:+x}` and `${VAR+x}` replace. A variable that is not set and has no default is a problem
 * here (compose only warns and puts ""): a value the file needs and does not have.
 */
export function interpolate(value: unknown, path: (string | number)[], env: Record<string, string>, problem: (message: string, path: (string | number)[]) => void): unknown {
  if (typeof value === 'string') return interpolateString(value, env, (m) => problem(m, path));
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i], env, problem));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, problem)]));
  return value;
}

export function interpolateString(s: string, env: Record<string, string>, problem: (message: string) => void): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const next = s[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '{') {
      let depth = 1;
      let j = i + 2;
      for (; j < s.length && depth; j++) {
        if (s[j] === '{') depth++;
        else if (s[j] === '}') depth--;
      }
      if (depth) {
        problem(`Interpolation: "${s.slice(i)}" has no closing "}".`);
        return s;
      }
      out += expand(s.slice(i + 2, j - 1), env, problem);
      i = j - 1;
    } else {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(s.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      out += expand(m[0], env, problem);
      i += m[0].length;
    }
  }
  return out;
}

function expand(body: string, env: Record<string, string>, problem: (message: string) => void): string {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([\s\S]*))?$/.exec(body);
  if (!m) {
    problem(`Interpolation: "\${${body}}" is not a variable.`);
    return '';
  }
  const [, name, op, rest = ''] = m;
  const set = name in env;
  const value = env[name];
  const nested = () => interpolateString(rest, env, problem);
  switch (op) {
    case ':-':
      return set && value !== '' ? value : nested();
    case '-':
      return set ? value : nested();
    case ':?':
    case '?':
      if (set && (op === '?' || value !== '')) return value;
      problem(`Interpolation: ${name} is required: ${nested() || 'not set'}.`);
      return '';
    case ':+':
      return set && value !== '' ? nested() : '';
    case '+':
      return set ? nested() : '';
    default:
      if (set) return value;
      problem(`Interpolation: \${${name}} is not set and has no default: set it in the environment or .env, or write \${${name}:-default}.`);
      return '';
  }
}

/** `extends`: the base service (this file, or `file:`), then the service's own keys over it. */
function extend(name: string, spec: ComposeService, all: Record<string, ComposeService>, o: ReadOptions, env: Record<string, string>, problems: ComposeProblem[], seen: Set<string>): ComposeService {
  const ext = spec.extends;
  if (ext === undefined) return spec;
  const own = { ...spec };
  delete own.extends;
  const ref = typeof ext === 'string' ? { service: ext } : (ext as { service: string; file?: string });
  const key = `${ref.file ?? ''}#${ref.service}`;
  if (seen.has(key)) {
    problems.push({ message: `extends: ${name} extends itself (through ${ref.service}).` });
    return own;
  }
  seen.add(key);
  let pool = all;
  if (ref.file) {
    try {
      const text = o.readFile(ref.file);
      if (text === undefined) throw new Error('there is no such file');
      const parsed: unknown = parseDocument(text, { merge: true }).toJS({ maxAliasCount: MAX_ALIASES });
      const other = interpolate(parsed, [], env, (message) => problems.push({ message: `extends: ${ref.file}: ${message}` })) as { services?: Record<string, ComposeService> } | null;
      pool = other?.services ?? {};
      problems.push(...validateCompose(other).map((e) => ({ message: `extends: ${ref.file}: ${e.message}` })));
    } catch (e) {
      problems.push({ message: `extends: cannot read ${ref.file}: ${e instanceof Error ? e.message : String(e)}` });
      return own;
    }
  }
  const base = pool[ref.service];
  if (!base) {
    problems.push({ message: `extends: ${name} extends ${ref.service}${ref.file ? ` of ${ref.file}` : ''}, which is not there.` });
    return own;
  }
  return mergeService(extend(ref.service, base, pool, o, env, problems, seen), own);
}

/** Keys whose list form (`KEY=VALUE`) compose reads as a mapping before it merges. */
const KEY_VALUE_LISTS = new Set(['environment', 'labels', 'extra_hosts', 'annotations', 'sysctls']);
/** Lists compose merges by an entry's key: a volume by its target, a secret or config by its source. */
const KEYED_LISTS: Record<string, (e: unknown) => string> = {
  volumes: (e) => (isRecord(e) ? String(e.target) : String(e).split(':')[String(e).split(':').length > 1 ? 1 : 0]),
  secrets: (e) => (isRecord(e) ? String(e.source) : String(e)),
  configs: (e) => (isRecord(e) ? String(e.source) : String(e)),
};

/** A list of `KEY=VALUE` (or `split`) as a mapping, `KEY` alone as null; anything else as it is. */
export function keyValueMap(v: unknown, split = /[=:]/): unknown {
  if (!Array.isArray(v)) return v;
  return Object.fromEntries(
    v.map((e) => {
      const s = String(e);
      const i = s.search(split);
      return i < 0 ? [s, null] : [s.slice(0, i), s.slice(i + 1)];
    }),
  );
}

/**
 * Compose's merge of `extends`: mappings merged recursively, the `KEY=VALUE` lists as mappings,
 * volumes, secrets and configs by their key, the other lists (ports, dns...) appended, scalars replaced.
 */
function mergeService(base: ComposeService, own: ComposeService): ComposeService {
  const out: ComposeService = { ...base };
  for (const [k, v] of Object.entries(own)) {
    const b = KEY_VALUE_LISTS.has(k) ? keyValueMap(base[k]) : base[k];
    const mine = KEY_VALUE_LISTS.has(k) ? keyValueMap(v) : v;
    if (isRecord(b) && isRecord(mine)) out[k] = mergeMaps(b, mine);
    else if (Array.isArray(b) && Array.isArray(mine) && KEYED_LISTS[k]) {
      const key = KEYED_LISTS[k];
      const kept = (b as unknown[]).filter((e) => !(mine as unknown[]).some((m) => key(m) === key(e)));
      out[k] = [...kept, ...(mine as unknown[])];
    } else if (Array.isArray(b) && Array.isArray(mine)) out[k] = [...(b as unknown[]), ...(mine as unknown[])];
    else out[k] = mine;
  }
  return out;
}

function mergeMaps(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = isRecord(out[k]) && isRecord(v) ? mergeMaps(out[k], v) : v;
  return out;
}

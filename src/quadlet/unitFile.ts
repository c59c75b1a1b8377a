// Reading and checking `.kube` and `.network` units as podman's quadlet reads them: systemd's
// unit syntax, then the keys of the [Kube] or [Network] group by podman version. Each rule says
// whether quadlet refuses the unit (an error: it writes no service) or the service fails when it
// starts (a warning). Pure: the editor's diagnostics, hover and links call it.
import { atLeast, shortVersion } from '../model/version';
import { CHECKED_GROUP, FALSE_WORDS, QUADLET_SINCE, TRUE_WORDS, type UnitKey } from './keys';

export interface Entry {
  group: string;
  key: string;
  value: string;
  /** Zero-based line of the key; columns of the key and of the value on that line. */
  line: number;
  key0: number;
  value0: number;
  value1: number;
}

export interface ParsedUnit {
  /** Each group and the line of its header. */
  groups: { name: string; line: number }[];
  entries: Entry[];
  /** Lines that are not a group, a key=value pair, a comment or blank. */
  bad: { line: number; text: string }[];
}

export function parseUnit(text: string): ParsedUnit {
  const lines = text.split(/\r\n|\r|\n/);
  const out: ParsedUnit = { groups: [], entries: [], bad: [] };
  let group = '';
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      group = header[1];
      out.groups.push({ name: group, line: i });
      continue;
    }
    const eq = raw.indexOf('=');
    if (eq < 0 || !raw.slice(0, eq).trim()) {
      out.bad.push({ line: i, text: line });
      continue;
    }
    const key0 = raw.length - raw.trimStart().length;
    const key = raw.slice(key0, eq).trim();
    const head = raw.slice(eq + 1);
    const value0 = eq + 1 + (head.length - head.trimStart().length);
    // A line ending in a backslash goes on on the next one (systemd's continuation): the parts
    // are joined once, so a value of many lines costs its length, not its length squared.
    const first = i;
    let value = head;
    if (head.endsWith('\\')) {
      const parts = [head.slice(0, -1)];
      while (i + 1 < lines.length) {
        const next = lines[++i].trim();
        if (!next.endsWith('\\')) {
          parts.push(next);
          break;
        }
        parts.push(next.slice(0, -1));
      }
      value = parts.join(' ');
    }
    out.entries.push({ group, key, value: value.trim(), line: first, key0, value0, value1: raw.length });
  }
  return out;
}

export interface UnitProblem {
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
  line: number;
  start: number;
  end: number;
}

export interface UnitContext {
  kind: 'kube' | 'network';
  /** The podman version whose quadlet will read it; undefined: the newest. */
  version?: string;
  /** Whether a file exists at an absolute path. */
  exists(path: string): boolean;
  /** The unit file's folder: relative paths in it are relative to this. */
  dir: string;
  /** Names of the other unit files in its folder (`valkey1.network`...). */
  siblings: ReadonlySet<string>;
}

/** Groups that only systemd-networkd's `.network` files have: such a file is not a quadlet unit. */
const NETWORKD_GROUPS = /^(Match|Link|Address|Route|RoutingPolicyRule|DHCP.*|IPv6.*|Bridge.*|NetDev|Neighbor|SR-IOV|QDisc|CAN|.*Prefix.*)$/;

/** Whether the file is a quadlet unit (a `.network` file may be systemd-networkd's). */
export function isQuadletUnit(parsed: ParsedUnit, kind: 'kube' | 'network'): boolean {
  return kind === 'kube' || !parsed.groups.some((g) => NETWORKD_GROUPS.test(g.name));
}

/** A path as quadlet resolves it: relative to the unit's folder, specifiers (`%h/...`) left alone. */
export function resolveUnitPath(value: string, dir: string): string | undefined {
  const v = value.replace(/^"(.*)"$/, '$1');
  if (v.startsWith('%')) return undefined;
  if (v.startsWith('/')) return v;
  return `${dir.replace(/\/+$/, '')}/${v}`;
}

/** The files a `.kube` unit's Yaml= and ConfigMap= name, resolved against its folder. */
export function referencedFiles(text: string, dir: string): string[] {
  const out: string[] = [];
  for (const e of parseUnit(text).entries) {
    if (e.group !== 'Kube' || (e.key !== 'Yaml' && e.key !== 'ConfigMap')) continue;
    for (const v of pathWords(e.key, e.value)) {
      const path = resolveUnitPath(v, dir);
      if (path) out.push(path);
    }
  }
  return out;
}

/**
 * The paths a Yaml= or ConfigMap= value names, as quadlet reads them: ConfigMap= split into words
 * (LookupAllStrv); Yaml= whole up to 5.6 and its first word from 5.7, which differ only for a
 * quoted value, which only 5.7's form has (units.ts writes it for 5.7 and later).
 */
function pathWords(key: 'Yaml' | 'ConfigMap', value: string): string[] {
  if (key === 'ConfigMap') return unitWords(value, false);
  return /^["']/.test(value) ? unitWords(value, false).slice(0, 1) : [unescapeUnit(value)];
}

/**
 * The sibling unit a `Network=NAME.network` names, in the unit's own folder; undefined for a
 * plain network or a name that is not a file name (quadlet looks units up by name, so `../x`
 * is never one).
 */
export function siblingUnit(networkValue: string, dir: string): string | undefined {
  const target = networkValue.split(':')[0];
  if (!target.endsWith('.network') || /[/\\\0]/.test(target) || target.startsWith('.')) return undefined;
  return `${dir.replace(/\/+$/, '')}/${target}`;
}

export function checkUnit(text: string, ctx: UnitContext): UnitProblem[] {
  const parsed = parseUnit(text);
  if (!isQuadletUnit(parsed, ctx.kind)) return [];
  const { group, keys } = CHECKED_GROUP[ctx.kind];
  const out: UnitProblem[] = [];
  const hasQuadlet = !ctx.version || atLeast(ctx.version, QUADLET_SINCE);
  const version = hasQuadlet ? ctx.version : undefined;
  const named = version ? `podman ${shortVersion(version)}'s quadlet` : 'quadlet';
  if (!hasQuadlet) {
    out.push({ severity: 'info', code: 'quadlet-none', message: `podman ${ctx.version} has no quadlet (it comes with podman 4.4): this unit is checked against the newest podman.`, line: 0, start: 0, end: 0 });
  }
  for (const b of parsed.bad) {
    out.push({ severity: 'error', code: 'quadlet-syntax', message: `quadlet cannot read this line: it is not a KEY=VALUE pair, a [Group] or a comment, so it refuses the file.`, line: b.line, start: 0, end: b.text.length });
  }
  const mine = parsed.entries.filter((e) => e.group === group);
  for (const e of mine) {
    const at = { line: e.line, start: e.key0, end: e.key0 + e.key.length };
    const key = keys[e.key];
    if (!key) {
      const like = Object.keys(keys).find((k) => near(k, e.key));
      out.push({ severity: 'error', code: 'quadlet-unknown-key', message: `${named} refuses this unit: unsupported key '${e.key}' in group '${group}'.${like ? ` Did you mean ${like}=?` : ''}`, ...at });
      continue;
    }
    if (version && !atLeast(version, key.since)) {
      out.push({ severity: 'error', code: 'quadlet-key-too-new', message: `${named} refuses this unit: it reads ${e.key}= only from podman ${shortVersion(key.since)} ("unsupported key '${e.key}' in group '${group}'").`, ...at });
      continue;
    }
    if (key.deprecated) out.push({ severity: 'info', code: 'quadlet-deprecated', message: `${e.key}= is deprecated: ${key.deprecated}.`, ...at });
    out.push(...checkValue(e, key, ctx, version, named));
  }
  if (ctx.kind === 'kube' && !mine.some((e) => e.key === 'Yaml')) {
    const header = parsed.groups.find((g) => g.name === group);
    out.push({
      severity: 'error',
      code: 'quadlet-no-yaml',
      message: `${named} refuses this unit: no Yaml key specified${header ? '' : ` (and no [${group}] group)`}. Add Yaml=PATH of the manifest to play.`,
      line: header?.line ?? 0,
      start: 0,
      end: header ? group.length + 2 : 0,
    });
  }
  return out;
}

function checkValue(e: Entry, key: UnitKey, ctx: UnitContext, version: string | undefined, named: string): UnitProblem[] {
  const at = { line: e.line, start: e.value0, end: e.value1 };
  const v = e.value;
  switch (key.shape) {
    case 'bool':
      return [...TRUE_WORDS, ...FALSE_WORDS].includes(v.toLowerCase()) ? [] : [{ severity: 'info', code: 'quadlet-bool', message: `${named} reads "${v}" as false (only 1, yes, true, on are true).`, ...at }];
    case 'choice':
      if (key.choices!.includes(v.toLowerCase())) return [];
      // SetWorkingDirectory is checked by quadlet; ExitCodePropagation only by podman when the service starts.
      return e.key === 'SetWorkingDirectory'
        ? [{ severity: 'error', code: 'quadlet-value', message: `${named} refuses this unit: SetWorkingDirectory is ${key.choices!.join(' or ')} ("unsupported value for WorkingDirectory: ${v}").`, ...at }]
        : [{ severity: 'warning', code: 'quadlet-value', message: `quadlet passes "${v}" on, and podman refuses it when the service starts: ${e.key} is ${key.choices!.join(', ')}.`, ...at }];
    case 'port': {
      if (validPort(v)) return [];
      // Quadlet checked the format until 5.2; from 5.3 podman refuses it when the service starts.
      return version && !atLeast(version, '5.3.0')
        ? [{ severity: 'error', code: 'quadlet-value', message: `${named} refuses this unit: invalid port format '${v}' ([IP:][HOST:]CONTAINER[/PROTOCOL]).`, ...at }]
        : [{ severity: 'warning', code: 'quadlet-value', message: `quadlet passes '${v}' on as --publish, and podman refuses it when the service starts: write [IP:][HOST:]CONTAINER[/PROTOCOL].`, ...at }];
    }
    case 'path': {
      if (e.key !== 'Yaml' && e.key !== 'ConfigMap') return [];
      return pathWords(e.key, v).flatMap((w) => {
        const path = resolveUnitPath(w, ctx.dir);
        if (!path || ctx.exists(path)) return [];
        return [{ severity: 'warning' as const, code: 'quadlet-missing-file', message: `No file at ${path}: quadlet writes the service, but it fails when it starts (podman kube play cannot read it).`, ...at }];
      });
    }
    case 'network': {
      const target = v.split(':')[0];
      if (!target.endsWith('.network') || ctx.siblings.has(target)) return [];
      return !version || atLeast(version, '5.3.0')
        ? [{ severity: 'error', code: 'quadlet-no-network-unit', message: `${named} refuses this unit unless ${target} is in one of its unit folders ("requested Quadlet unit ${target} was not found"): it is not beside this one.`, ...at }]
        : [{ severity: 'warning', code: 'quadlet-no-network-unit', message: `No ${target} beside this unit: ${named} still writes the service, on network systemd-${target.slice(0, -'.network'.length)}, which nothing creates.`, ...at }];
    }
    default:
      return [];
  }
}

/** `[IP:][HOST:]CONTAINER[/PROTOCOL]`, ports or ranges (`8000-8010`), an IPv6 address in brackets. */
function validPort(v: string): boolean {
  const rest = v.replace(/\/(tcp|udp|sctp)$/i, '').replace(/^\[[0-9a-fA-F:.]+\]:/, '0.0.0.0:');
  const parts = rest.split(':');
  const port = (p: string) => /^\d{1,5}(-\d{1,5})?$/.test(p);
  if (parts.length === 1) return port(parts[0]);
  if (parts.length === 2) return (parts[0] === '' || port(parts[0])) && port(parts[1]);
  return parts.length === 3 && /^[0-9.]*$/.test(parts[0]) && (parts[1] === '' || port(parts[1])) && port(parts[2]);
}

/** Close enough to be a typo: same letters ignoring case, or one or two edits apart. */
function near(a: string, b: string): boolean {
  if (a.toLowerCase() === b.toLowerCase()) return true;
  if (Math.abs(a.length - b.length) > 2) return false;
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length] <= 2;
}

/**
 * The podman network a `.kube` unit plays on: `NAME.network` -> that unit's NetworkName= (else
 * `systemd-NAME`), a plain name or mode as it is; undefined: podman's default.
 */
export function unitNetwork(kubeText: string, readSibling: (file: string) => string | undefined): string | undefined {
  const entry = parseUnit(kubeText)
    .entries.filter((e) => e.group === 'Kube' && e.key === 'Network')
    .pop();
  return entry && networkName(entry.value, readSibling);
}

/** The podman network a `Network=` value names (`NAME.network` through that sibling unit). */
export function networkName(value: string, readSibling: (file: string) => string | undefined): string {
  const target = value.split(':')[0];
  if (!target.endsWith('.network')) return target;
  const sibling = readSibling(target);
  const name =
    sibling &&
    parseUnit(sibling)
      .entries.filter((e) => e.group === 'Network' && e.key === 'NetworkName')
      .pop()?.value;
  return name || `systemd-${target.slice(0, -'.network'.length)}`;
}

/** Hover text for a key of the checked group. */
export function keyDoc(kind: 'kube' | 'network', key: string): string | undefined {
  const k = CHECKED_GROUP[kind].keys[key];
  return k && `**${key}=** (quadlet, from podman ${shortVersion(k.since)}): ${k.doc}${k.deprecated ? ` Deprecated: ${k.deprecated}.` : ''}`;
}

/** What a `.kube` unit says about playing its manifest, as `podman kube play` would get it. */
export interface UnitPlay {
  /** The manifest (the last Yaml=: quadlet before 5.7 reads only it), resolved against the unit's folder. */
  yaml: string;
  /** Every Yaml= in order (quadlet 5.7+ plays them all), resolved the same way. */
  yamls: string[];
  /** Network= as podman names it; undefined: podman's default. */
  network: string | undefined;
  /** The unit's Network= as written (for messages). */
  networkValue: string | undefined;
  /** ConfigMap= files, resolved against the unit's folder. */
  configMaps: string[];
  /** PodmanArgs=, split as quadlet splits them. */
  podmanArgs: string[];
}

/**
 * A `.kube` unit's play settings; undefined when it names no manifest this machine can find (no
 * Yaml=, or one with a specifier such as %h, which only systemd expands).
 */
export function unitPlay(text: string, dir: string, readSibling: (file: string) => string | undefined): UnitPlay | undefined {
  const kube = parseUnit(text).entries.filter((e) => e.group === 'Kube');
  const last = (key: string) => kube.filter((e) => e.key === key).pop()?.value;
  const yamls = kube
    .filter((e) => e.key === 'Yaml')
    .map((e) => resolveUnitPath(pathWords('Yaml', e.value)[0] ?? '', dir))
    .filter((p): p is string => !!p);
  const yaml = yamls.at(-1);
  if (!yaml) return undefined;
  const networkValue = last('Network');
  return {
    yaml,
    yamls,
    network: networkValue === undefined ? undefined : networkName(networkValue, readSibling),
    networkValue,
    configMaps: kube
      .filter((e) => e.key === 'ConfigMap')
      .flatMap((e) => unitWords(e.value, false))
      .map((v) => resolveUnitPath(v, dir))
      .filter((p): p is string => !!p),
    podmanArgs: kube.filter((e) => e.key === 'PodmanArgs').flatMap((e) => unitWords(e.value, true)),
  };
}

/** `%%` and `$$` as systemd reads them back; other specifiers stay as they are. */
function unescapeUnit(v: string): string {
  return v.replace(/%%/g, '%').replace(/\$\$/g, '$');
}

const C_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', s: ' ', '\\': '\\', '"': '"', "'": "'" };

/**
 * A value split into words as quadlet splits it: at whitespace, quotes removed; with `cEscapes`
 * (LookupAllArgs: PodmanArgs=) backslash escapes apply, else (LookupAllStrv) backslashes stay.
 */
export function unitWords(value: string, cEscapes: boolean): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (ch === '\\' && cEscapes && i + 1 < value.length) {
      // An escape, quoted or not.
      const [text, used] = escape(value, i + 1);
      word = (word ?? '') + text;
      i += used;
    } else if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(unescapeUnit(word));
      word = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else word = (word ?? '') + ch;
  }
  if (word !== undefined) words.push(unescapeUnit(word));
  return words;
}

/** The escape at `i` (after its backslash): its text and how many characters it took. */
function escape(value: string, i: number): [string, number] {
  const ch = value[i];
  if (ch === 'x' && /^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) return [String.fromCharCode(parseInt(value.slice(i + 1, i + 3), 16)), 3];
  return [C_ESCAPES[ch] ?? `\\${ch}`, 1];
}

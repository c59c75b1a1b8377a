// A manifest and its play context -> Quadlet units: a `.kube` unit that plays it as a systemd
// service, and a `.network` unit for a user network (NetworkName= keeps podman's name for it, so
// the pods land where the preview draws them and DNS works as drawn). Pure: the CLI prints these,
// the export command writes them, and the tests feed them to podman's own quadlet generator.
import { DEFAULT_KUBE_NETWORK, networkMode } from '../model/network';
import { atLeast, shortVersion } from '../model/version';
import { KUBE_KEYS, NETWORK_KEYS, QUADLET_SINCE } from './keys';
import { validateNetworkName } from '../podman/names';

export interface QuadletInput {
  /** The manifest as `Yaml=` names it: an absolute path, or a file beside the unit. */
  yaml: string;
  /** The unit's name (`<name>.kube`, service `<name>.service`); from the manifest's file name by default. */
  name?: string;
  /** The network the file is played on (`--network`); absent or podman's default: none written. */
  network?: string;
  /** `--configmap` files, absolute paths. */
  configMaps?: readonly string[];
  /** Other `podman kube play` arguments (the extra-arguments setting): `PodmanArgs=`. */
  podmanArgs?: readonly string[];
  /** Where the manifest came from, for the units' comment. */
  source?: string;
  /** The podman whose quadlet reads the units (a Yaml= path with spaces is spelled for it); undefined: the newest. */
  podmanVersion?: string;
}

export interface QuadletUnit {
  file: string;
  text: string;
}

export interface QuadletOutput {
  units: QuadletUnit[];
  /** The oldest podman whose quadlet reads these units, and why. */
  needs: { version: string; why: string };
  /** A podman from which quadlet reads them otherwise, and why; undefined when every later one reads them alike. */
  before?: { version: string; why: string };
}

/** Manifest file names that say nothing about what they hold: the unit is named after the folder. */
const GENERIC = /^(play|pod|pods|kube|manifest|deployment|k8s|podman)$/i;

/** A unit name from a manifest path: `valkey1/play.yml` -> `valkey1`, `web.yaml` -> `web`. */
export function unitName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  const base = (parts.pop() ?? 'pods').replace(/\.ya?ml$/i, '');
  const name = GENERIC.test(base) && parts.length ? parts.pop()! : base;
  // systemd unit names: letters, digits, ":", "_", ".", "-" (and "\" escapes, not used here).
  return name.replace(/[^A-Za-z0-9:_.-]/g, '-').replace(/^[.-]+/, '') || 'pods';
}

/** What no unit value may hold: control characters (systemd reads a NUL as the end of a line) and Unicode line breaks. */
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

function plain(v: string, what: string): string {
  if (CONTROL.test(v)) throw new Error(`${what} holds a control character or line break, which a unit file cannot carry: ${JSON.stringify(v)}`);
  return v;
}

/**
 * systemd expands specifiers (`%h`) and variables (`$X`, `${X}`) in the ExecStart that quadlet
 * writes from these values, and quadlet passes both through: doubled, they reach podman as written.
 */
function literal(v: string): string {
  return v.replace(/%/g, '%%').replace(/\$/g, '$$$$');
}

/**
 * `Yaml=` up to podman 5.6: quadlet takes the whole value as it is (parser.Lookup: continuation
 * applied, trailing space trimmed, from 5.0 `"` at either end too; nothing unquoted), so it is
 * written unquoted. From 5.7 it is split into words like ConfigMap= (several files: LookupAllStrv).
 */
export function pathValue(v: string, what = 'The path'): string {
  plain(v, what);
  if (/^[\s"]|[\s"\\]$/.test(v)) throw new Error(`${what} starts or ends with a space, a quote or a backslash, which quadlet would trim or join with the next line: ${JSON.stringify(v)}`);
  return literal(v);
}

/** The podman whose quadlet splits Yaml= into words (pkg/systemd/quadlet/quadlet.go, v5.7.0). */
const YAML_WORDS_SINCE = '5.7.0';

/**
 * `ConfigMap=`: quadlet splits it into words (LookupAllStrv: quotes removed, backslashes kept as
 * they are), so a path with a space or a quote is quoted, and a `"` inside is spelled `"'"'"`.
 */
export function wordValue(v: string, what = 'The path'): string {
  const s = literal(plain(v, what));
  // Quoted too when it ends in a backslash: unquoted, that would join the next line to it.
  return /[\s"']|\\$/.test(s) || !s ? `"${s.replace(/"/g, `"'"'"`)}"` : s;
}

/** `PodmanArgs=`: split like a command line (LookupAllArgs: quotes removed, C escapes applied). */
export function argValue(v: string): string {
  const s = literal(plain(v, 'A podman argument'));
  return /[\s"'\\]/.test(s) || !s ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : s;
}

/** Free text in [Unit] (Description=): systemd expands specifiers in it. */
function textValue(v: string): string {
  return plain(v, 'The description').replace(/%/g, '%%');
}

/** A file name the generator can write: at most 255 bytes (NAME_MAX), else it fails with "file name too long". */
function checkFileName(file: string): void {
  if (Buffer.byteLength(file) > 255) throw new Error(`the unit name is too long: quadlet would have to write ${file.length > 60 ? `${file.slice(0, 40)}…${file.slice(-16)}` : file}, over the 255 bytes a file name may have. Choose a shorter name.`);
}

export function quadletUnits(input: QuadletInput): QuadletOutput {
  const name = input.name ?? unitName(input.yaml);
  const from = input.source ?? input.yaml;
  checkFileName(`${name}.service`);
  const header = `# Generated by Podman Kube Play from ${from.replace(new RegExp(CONTROL.source, 'g'), '?')}.\n`;
  // The quadlet that reads the unit splits Yaml= into words (5.7 and later, or the newest when unknown).
  const yamlWords = !input.podmanVersion || atLeast(input.podmanVersion, YAML_WORDS_SINCE);
  const what = "The manifest's path";
  const kube: string[] = [header.trimEnd(), '[Unit]', `Description=Pods of ${textValue(from.split(/[\\/]/).pop() ?? from)} (podman kube play)`, '', '[Kube]', `Yaml=${yamlWords ? wordValue(input.yaml, what) : pathValue(input.yaml, what)}`];
  const units: QuadletUnit[] = [];
  // Versions as keys.ts has them ("4.7.0"), said short ("4.7").
  let needs = { version: shortVersion(QUADLET_SINCE), why: 'quadlet, with Yaml= and ConfigMap=' };
  const raise = (since: string, why: string) => {
    if (!atLeast(`${needs.version}.0`, since)) needs = { version: shortVersion(since), why };
  };
  let before: QuadletOutput['before'];
  const spaced = /[\s"']/.test(input.yaml);
  if (spaced && yamlWords) raise(YAML_WORDS_SINCE, 'a quoted Yaml= path (the path has a space or quote)');
  else if (spaced) before = { version: shortVersion(YAML_WORDS_SINCE), why: 'its quadlet splits Yaml= at the space in the path' };
  const network = input.network && input.network !== DEFAULT_KUBE_NETWORK ? input.network : undefined;
  if (network && (networkMode(network) || network === 'podman')) {
    // A network mode (host, none, slirp4netns...), or podman's own network: passed to podman as it is.
    kube.push(`Network=${literal(plain(network, 'The network'))}`);
  } else if (network) {
    const problem = validateNetworkName(network);
    if (problem) throw new Error(`Network "${network}": ${problem}`);
    checkFileName(`${network}-network.service`);
    kube.push(`Network=${network}.network`);
    units.push({ file: `${network}.network`, text: [header.trimEnd(), '[Unit]', `Description=Network ${network} for ${textValue(name)}`, '', '[Network]', `NetworkName=${network}`, ''].join('\n') });
    raise(NETWORK_KEYS.NetworkName.since, 'NetworkName= in the .network unit');
  }
  for (const f of input.configMaps ?? []) kube.push(`ConfigMap=${wordValue(f, 'A --configmap path')}`);
  if (input.podmanArgs?.length) {
    kube.push(`PodmanArgs=${input.podmanArgs.map(argValue).join(' ')}`);
    raise(KUBE_KEYS.PodmanArgs.since, 'PodmanArgs=');
  }
  kube.push('', '[Install]', 'WantedBy=default.target', '');
  units.unshift({ file: `${name}.kube`, text: kube.join('\n') });
  return before ? { units, needs, before } : { units, needs };
}

/** What `quadlet -dryrun` complains of: its stderr without the line it logs for each file it loads. */
export function quadletComplaints(stderr: string): string[] {
  return stderr.split('\n').filter((l) => l.trim() && !/Loading source unit file/.test(l));
}

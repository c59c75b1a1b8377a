// `node dist/cli.js topology play.yml [--net NAME] [--podman-version X.Y.Z]`: prints the
// topology as Mermaid, the same text the preview draws, for people who keep diagrams in docs.
// `node dist/cli.js quadlet play.yml [--net NAME] [--configmap FILE]...`: prints the Quadlet units
// that run it as a systemd service, as the export command writes them.
// `node dist/cli.js check FILE... [...]`: what the language server says, for CI and hooks.
// `node dist/cli.js compose FILE [--layout pods|pod]`: a compose file as a kube play manifest.
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'fs';
import { readBuildContextSync } from './files/buildFolders';
import { FileRefusedError, readBoundedSync } from './files/read';
import { join, resolve } from 'path';
import { quadletUnits } from './quadlet/units';
import { looksLikeKubeManifest, parseManifest, parseProject, projectOrder, projectReport, report, type ModelOptions, type Problem, type ProjectFile, type Report } from './model';
import { readPlayArgs, splitFlag } from './model/playArgs';
import { toMermaid } from './model/mermaid';
import { networkHasDns } from './model/network';
import { composeToKube } from './compose/compose';
import type { Layout } from './compose/convert';

const USAGE = [
  'usage: podman-kube topology FILE|- [--net NAME] [--podman-version X.Y.Z]',
  '  Prints the Mermaid flowchart of what `podman kube play` creates from FILE (- reads stdin).',
  '       podman-kube topology --project DIR|FILE... [--net NAME] [--podman-version X.Y.Z]',
  '  The same for a project: the files played together on one network (DIR: its kube manifests).',
  '       podman-kube quadlet FILE [--net NAME] [--configmap FILE]...',
  '  Prints the Quadlet units (.kube, and .network for a user network) that play FILE as a systemd service.',
  '       podman-kube check FILE... [--podman-version X.Y.Z] [--net NAME] [--secret NAME]... [--configmap FILE]...',
  '                         [--remote] [--rootless] [--format text|json] [-- PODMAN KUBE PLAY ARGS]',
  '  Says what podman does with each FILE, played alone: one problem a line (file:line:col: severity: message),',
  '  or the prediction as JSON. Exit 1 when any file has an error or cannot be read, 2 on bad usage.',
  '  --secret names a podman secret that exists, --configmap a file given to the play; without them a',
  '  reference to a Secret or ConfigMap outside the file is a warning. --remote: played by the remote client',
  '  (a connection, or podman on macOS and Windows); --rootless: by rootless podman (no host port below 1024).',
  "  Build folders (an image name's folder with a Containerfile) are looked for where podman would: in the",
  '  working directory, or the --context-dir after --.',
  '       podman-kube check --project DIR|FILE... [the same options]',
  '  Checks the files as one project, played together on one network (DIR: its kube manifests), in an',
  '  order that plays: the files that define ConfigMaps and Secrets before those that read them.',
  '       podman-kube compose FILE [--layout pods|pod] [--profile NAME]... [--podman-version X.Y.Z]',
  '  Prints FILE (a compose file) as a kube play manifest: one pod per service (pods, the default) or one pod;',
  '  what was changed or not carried over goes to stderr, with what the model says of the result for that',
  '  podman. Variables come from the environment and the .env beside FILE. Exit 1 when FILE has a problem.',
].join('\n');
/** The biggest manifest the CLI reads: far past what a person writes, short of what would exhaust it. */
const MAX_BYTES = 64 * 1024 * 1024;

export function main(argv: string[], out: (s: string) => void, err: (s: string) => void): number {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') {
    out(USAGE + '\n');
    return 0;
  }
  if (command === 'quadlet') return quadlet(rest, out, err);
  if (command === 'check') return check(rest, out, err);
  if (command === 'compose') return compose(rest, out, err);
  if (command !== 'topology') {
    err(`${command ? `unknown command "${command}"\n` : ''}${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--project'))
    return topologyOfProject(
      rest.filter((a) => a !== '--project'),
      out,
      err,
    );
  let podmanVersion: string | undefined;
  const parsed = parseArgs(rest, err, (a, next) => (a === '--podman-version' ? ((podmanVersion = next()), true) : false), true);
  if (!parsed) return 2;
  const { file, network } = parsed;
  let text: string;
  try {
    text = file === '-' ? readFileSync(0, 'utf8') : readBoundedSync(file, { maxBytes: MAX_BYTES }).toString('utf8');
  } catch (e) {
    err(`cannot read ${file}: ${e instanceof FileRefusedError ? e.message : ((e as NodeJS.ErrnoException).code ?? String(e))}\n`);
    return 1;
  }
  const dns = networkHasDns(network);
  // The network reaches the model too: `--network` replaces hostNetwork (pod.ts), as for a play.
  const manifest = parseManifest(text, { podmanVersion, dns, network });
  for (const p of manifest.problems) err(problemLine(file, p));
  if (manifest.problems.some((p) => p.code.startsWith('yaml-') && p.severity === 'error')) return 1;
  out(toMermaid(manifest, { network, dns, detail: 'full' }).text);
  return 0;
}

/**
 * FILE and `--net NAME` (or `--net=NAME`), and the flags `extra` takes (it returns true for one
 * it took, calling `next` for its value). Undefined, after saying why, when they are not right.
 */
function parseArgs(args: string[], err: (s: string) => void, extra: (a: string, next: () => string | undefined) => boolean, stdin: boolean): { file: string; network?: string } | undefined {
  let file: string | undefined;
  let network: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const next = () => args[++i];
    if (a === '--net' || a === '--network') network = next();
    else if (a.startsWith('--net=') || a.startsWith('--network=')) network = a.slice(a.indexOf('=') + 1);
    else if (extra(a, next)) continue;
    else if (!file && ((stdin && a === '-') || !a.startsWith('-'))) file = a;
    else {
      err(`unexpected argument "${a}"\n${USAGE}\n`);
      return undefined;
    }
  }
  if (!file) err(`${USAGE}\n`);
  return file ? { file, network } : undefined;
}

/** `compose`: the manifest on stdout; what changed, was dropped and what the model says on stderr. */
function compose(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  let layout: Layout = 'pods';
  let podmanVersion: string | undefined;
  const profiles: string[] = [];
  const parsed = parseArgs(
    args,
    err,
    (a, next) => {
      if (a === '--layout') {
        const v = next();
        if (v !== 'pods' && v !== 'pod') return false;
        layout = v;
      } else if (a === '--profile') profiles.push(next() ?? '');
      else if (a === '--podman-version') podmanVersion = next();
      else return false;
      return true;
    },
    false,
  );
  if (!parsed) return 2;
  const file = resolve(parsed.file);
  let text: string;
  try {
    text = readBoundedSync(file, { maxBytes: MAX_BYTES }).toString('utf8');
  } catch (e) {
    err(`cannot read ${parsed.file}: ${e instanceof FileRefusedError ? e.message : ((e as NodeJS.ErrnoException).code ?? String(e))}\n`);
    return 1;
  }
  const r = composeToKube({ file, text, layout, env: process.env, profiles, podmanVersion });
  for (const p of r.problems) err(`${parsed.file}${p.line === undefined ? '' : `:${p.line + 1}`}: error: ${p.message}\n`);
  if (r.text === undefined) return 1;
  for (const c of r.changed) err(`changed: ${c}\n`);
  for (const d of r.dropped) err(`not carried over: ${d}\n`);
  for (const c of r.checked) err(`manifest:${c}\n`);
  out(r.text);
  return 0;
}

/** `check`: each file modelled as `podman kube play FILE` with these arguments plays it alone. */
function check(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const dash = args.indexOf('--');
  const own = dash < 0 ? args : args.slice(0, dash);
  const play = readPlayArgs(dash < 0 ? [] : args.slice(dash + 1));
  const files: string[] = [];
  const secrets: string[] = [];
  const configMapFiles: string[] = [];
  let podmanVersion: string | undefined;
  let network: string | undefined;
  let format = 'text';
  let remote = false;
  let rootless = false;
  let project = false;
  const usage = (why: string) => (err(`${why}\n${USAGE}\n`), 2);
  for (let i = 0; i < own.length; i++) {
    const a = own[i];
    const [flag, inline] = splitFlag(a);
    const value = () => inline ?? own[++i];
    if (['--podman-version', '--net', '--network', '--secret', '--configmap', '--format'].includes(flag)) {
      const v = value();
      if (v === undefined || v === '') return usage(`${flag} needs a value`);
      if (flag === '--podman-version') podmanVersion = v;
      else if (flag === '--secret') secrets.push(v);
      else if (flag === '--configmap') configMapFiles.push(v);
      else if (flag === '--format') format = v;
      else network = v;
    } else if (a === '--remote') remote = true;
    else if (a === '--project') project = true;
    else if (a === '--rootless') rootless = true;
    else if (a === '-' || !a.startsWith('-')) files.push(a);
    else return usage(`unexpected argument "${a}"`);
  }
  if (format !== 'text' && format !== 'json') return usage(`--format is text or json, not "${format}"`);
  if (!files.length) return usage('check needs at least one FILE');
  network = play.network ?? network;
  configMapFiles.push(...play.configMapFiles);
  // ConfigMaps the play gets from its --configmap files: unknown (undefined) when none is given.
  let configMaps: string[] | undefined;
  for (const f of configMapFiles) {
    const text = readText(f);
    if (typeof text !== 'string') return (err(`--configmap: ${text.error}\n`), 1);
    (configMaps ??= []).push(
      ...parseManifest(text)
        .resources.filter((r) => r.kind === 'ConfigMap')
        .map((r) => r.name),
    );
  }
  const flags = configMapFiles.length ? [...play.flags, '--configmap'] : play.flags;
  // podman looks for build folders in its working directory, or --context-dir: so does check.
  const buildContext = readBuildContextSync(resolve(play.contextDir ?? '.'));
  const options: ModelOptions = {
    podmanVersion,
    network,
    dns: networkHasDns(network),
    publishAll: play.publishAll,
    noPodPrefix: play.noPodPrefix,
    flags,
    build: play.build,
    buildContext,
    remote,
    rootless,
    configMaps,
    secrets: secrets.length ? secrets : undefined,
  };
  if (project) {
    const read = readProject(files, options);
    if ('error' in read) return (err(`${read.error}\n`), 1);
    const model = parseProject(read.files, options);
    const r = projectReport(model);
    if (format === 'json') out(JSON.stringify(r, null, 2) + '\n');
    else for (const p of r.problems) out(problemLine(p.file, p));
    return r.problems.some((p) => p.severity === 'error') ? 1 : 0;
  }
  const reports: (Report | { file: string; error: string })[] = [];
  let failed = false;
  for (const file of files) {
    const text = readText(file);
    if (typeof text !== 'string') {
      failed = true;
      err(`${text.error}\n`);
      reports.push({ file, error: text.error });
      continue;
    }
    const r = report(file, parseManifest(text, options));
    if (r.problems.some((p) => p.severity === 'error')) failed = true;
    reports.push(r);
    if (format === 'text') for (const p of r.problems) out(problemLine(file, p));
  }
  if (format === 'json') out(JSON.stringify(reports, null, 2) + '\n');
  return failed ? 1 : 0;
}

function topologyOfProject(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const paths: string[] = [];
  let podmanVersion: string | undefined;
  let network: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const [flag, inline] = splitFlag(args[i]);
    const value = () => inline ?? args[++i];
    if (flag === '--podman-version') podmanVersion = value();
    else if (flag === '--net' || flag === '--network') network = value();
    else if (!args[i].startsWith('-')) paths.push(args[i]);
    else return (err(`unexpected argument "${args[i]}"\n${USAGE}\n`), 2);
  }
  if (!paths.length) return (err(`topology --project needs a DIR or FILEs\n${USAGE}\n`), 2);
  const options: ModelOptions = { podmanVersion, network, dns: networkHasDns(network) };
  const read = readProject(paths, options);
  if ('error' in read) return (err(`${read.error}\n`), 1);
  const model = parseProject(read.files, options);
  model.problems.forEach((list, i) => list.forEach((p) => err(problemLine(model.files[i].path, p))));
  if (model.problems.some((list) => list.some((p) => p.code.startsWith('yaml-') && p.severity === 'error'))) return 1;
  out(toMermaid(model.manifest, { network, dns: options.dns, detail: 'full', place: model.place }).text);
  return 0;
}

/**
 * A project's files, in an order that plays: each FILE, and each DIR's kube manifests (its own
 * `.yml` and `.yaml` files that hold a kube object; not its folders).
 */
function readProject(paths: string[], options: ModelOptions): { files: ProjectFile[] } | { error: string } {
  const files: ProjectFile[] = [];
  for (const p of paths) {
    let dir = false;
    try {
      dir = statSync(p).isDirectory();
    } catch {
      // Not there: readText says so.
    }
    const inDir = dir
      ? readdirSync(p)
          .filter((n) => /\.ya?ml$/.test(n))
          .sort()
          .map((n) => join(p, n))
      : [p];
    for (const f of inDir) {
      const text = readText(f);
      if (typeof text !== 'string') return text;
      if (!dir || looksLikeKubeManifest(text)) files.push({ path: f, text });
    }
  }
  if (!files.length) return { error: `no kube manifest in ${paths.join(', ')}` };
  return { files: projectOrder(files, options) };
}

/** One problem as compilers print them: `file:line:col: severity: message`. */
function problemLine(file: string, p: Pick<Problem, 'range' | 'severity' | 'message'>): string {
  return `${file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message}\n`;
}

/** A file's text (`-`: stdin), or why it cannot be read. */
function readText(file: string): string | { error: string } {
  try {
    return file === '-' ? readFileSync(0, 'utf8') : readBoundedSync(file, { maxBytes: MAX_BYTES }).toString('utf8');
  } catch (e) {
    return { error: `cannot read ${file}: ${e instanceof FileRefusedError ? e.message : ((e as NodeJS.ErrnoException).code ?? String(e))}` };
  }
}

function quadlet(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const configMaps: string[] = [];
  const parsed = parseArgs(args, err, (a, next) => (a === '--configmap' ? (configMaps.push(resolve(next() ?? '')), true) : false), false);
  if (!parsed) return 2;
  const { file, network } = parsed;
  // The unit plays the file: it must be there to read.
  try {
    accessSync(file, constants.R_OK);
  } catch (e) {
    err(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
    return 1;
  }
  let made: ReturnType<typeof quadletUnits>;
  try {
    made = quadletUnits({ yaml: resolve(file), network, configMaps });
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  for (const u of made.units) out(`==> ${u.file} <==\n${u.text}\n`);
  err(`Needs podman ${made.needs.version} or newer on the host that runs it (${made.needs.why}).\n`);
  return 0;
}

if (require.main === module)
  process.exitCode = main(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  );

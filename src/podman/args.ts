// Argument arrays for podman. Pure, so every command line is unit-tested; they are run with
// `shell: false`, so no file or network name is ever interpreted by a shell.
import { validateNetworkName, validateSecretName } from './names';

export interface Target {
  /** `podman --connection NAME`: a podman on another machine (`podman system connection list`). */
  connection?: string;
}

/** A command line for the target podman: `--connection NAME` first for a remote one. */
export function onTarget(t: Target, args: readonly string[]): string[] {
  return t.connection ? ['--connection', t.connection, ...args] : [...args];
}

/** A path podman cannot mistake for a flag; `-` means standard input. */
function fileArg(file: string): string {
  return file !== '-' && file.startsWith('-') ? `./${file}` : file;
}

function network(name: string): string {
  const problem = validateNetworkName(name);
  if (problem) throw new Error(`Network "${name}": ${problem}`);
  return name;
}

export interface PlayOptions {
  /** A path, or `-` to read the manifest from standard input. */
  file: string;
  network?: string;
  replace?: boolean;
  /** Files of ConfigMaps the manifest reads (`--configmap`), absolute paths. */
  configMaps?: readonly string[];
  /** `--build`: build every image that has a build folder. */
  build?: boolean;
  /** From the `podmanKube.play.extraArgs` setting, placed before the file. */
  extraArgs?: readonly string[];
}

export function kubePlayArgs(o: PlayOptions): string[] {
  return [
    'kube',
    'play',
    ...(o.network ? ['--network', network(o.network)] : []),
    ...(o.replace ? ['--replace'] : []),
    ...(o.build ? ['--build'] : []),
    ...(o.configMaps ?? []).flatMap((f) => ['--configmap', fileArg(f)]),
    ...(o.extraArgs ?? []),
    fileArg(o.file),
  ];
}

export function kubeDownArgs(o: { file: string }): string[] {
  return ['kube', 'down', fileArg(o.file)];
}

export interface ProjectPlayOptions extends Omit<PlayOptions, 'file'> {
  /** The project's files in play order; a file of ConfigMaps only is given to the others as `--configmap`. */
  files: readonly { path: string; configMapsOnly: boolean }[];
  /** Podman 5.7+ plays several files in one command (joined in the order given); older podman one a command. */
  oneCommand: boolean;
}

/** The commands that play a project, in order: one on podman 5.7+, else one per file. */
export function projectPlayArgs(o: ProjectPlayOptions): string[][] {
  const configMaps = [...(o.configMaps ?? []), ...o.files.filter((f) => f.configMapsOnly).map((f) => f.path)];
  const played = o.files.filter((f) => !f.configMapsOnly).map((f) => f.path);
  const play = (files: string[]) => [...kubePlayArgs({ ...o, file: files[0], configMaps }).slice(0, -1), ...files.map(fileArg)];
  if (!played.length) return []; // ConfigMaps alone: podman plays nothing
  return o.oneCommand ? [play(played)] : played.map((f) => play([f]));
}

/** The commands that take a project down: one on podman 5.7+, else one per file, the last played first. */
export function projectDownArgs(o: Pick<ProjectPlayOptions, 'files' | 'oneCommand'>): string[][] {
  const played = o.files.filter((f) => !f.configMapsOnly).map((f) => fileArg(f.path));
  return o.oneCommand ? [['kube', 'down', ...played]] : played.reverse().map((f) => ['kube', 'down', f]);
}

export function networkCreateArgs(o: { name: string }): string[] {
  return ['network', 'create', network(o.name)];
}

export function networkRemoveArgs(o: { name: string }): string[] {
  return ['network', 'rm', network(o.name)];
}

/** `podman network exists NAME`: exit 0 when it does, 1 when not. */
export function networkExistsArgs(o: { name: string }): string[] {
  return ['network', 'exists', network(o.name)];
}

export function volumeListArgs(): string[] {
  return ['volume', 'ls', '--format', 'json'];
}

export type Removable = 'pod' | 'volume' | 'secret' | 'container' | 'image';

/**
 * Removes what a failed play left: `podman pod|volume|secret|container|image rm`, `--` so no name
 * is a flag. An image without `--force`: one a container uses stays.
 */
export function removeArgs(o: { what: Removable; name: string }): string[] {
  return [o.what, 'rm', ...(o.what === 'secret' || o.what === 'image' ? [] : ['--force']), '--', o.name];
}

/** Every container, buildah's working containers (`--external`) too: a cancelled build leaves one. */
export function externalContainerListArgs(): string[] {
  return ['ps', '--all', '--external', '--format', 'json'];
}

/** `podman build -t IMAGE -f FILE DIR`: on a remote service, the folder travels with the request. */
export function buildArgs(o: { image: string; file: string; dir: string }): string[] {
  return ['build', '--tag', o.image, '--file', fileArg(o.file), fileArg(o.dir)];
}

export function networkListArgs(): string[] {
  return ['network', 'ls', '--format', 'json'];
}

export function versionArgs(): string[] {
  return ['version', '--format', 'json'];
}

/** Whether podman (the service, for a remote client) runs rootless: `true` or `false`. */
export function rootlessArgs(): string[] {
  return ['info', '--format', '{{.Host.Security.Rootless}}'];
}

/** The variable that carries a new secret's content to podman (`secret create --env`). */
export const SECRET_ENV = 'PODMAN_KUBE_SECRET';

/**
 * `podman secret create --env NAME PODMAN_KUBE_SECRET`: the content comes in that variable, never
 * on a command line (podman's `-` wants a FIFO on stdin, and Node gives child processes sockets).
 */
export function secretCreateArgs(o: { name: string }): string[] {
  const problem = validateSecretName(o.name);
  if (problem) throw new Error(`Secret "${o.name}": ${problem}`);
  return ['secret', 'create', '--env', o.name, SECRET_ENV];
}

export function secretListArgs(): string[] {
  // `secret ls` has no JSON output (4.3 and 5.4 print the word "json"): one name a line.
  return ['secret', 'ls', '--format', '{{.Name}}'];
}

export function connectionListArgs(): string[] {
  return ['system', 'connection', 'list', '--format', 'json'];
}

export function logsArgs(o: { container: string }): string[] {
  // `--`: a container name is never read as a flag.
  return ['logs', '-f', '--', o.container];
}

/** How a command line reads in the log: each argument quoted only when it needs it. */
export function displayCommand(executable: string, args: readonly string[]): string {
  return [executable, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** One stream of pod, container and network events, as JSON lines. */
export function eventsArgs(): string[] {
  return ['events', '--format', 'json', '--filter', 'type=container', '--filter', 'type=pod', '--filter', 'type=network', '--filter', 'type=image'];
}

export function imageListArgs(): string[] {
  return ['images', '--format', 'json'];
}

export function podListArgs(): string[] {
  return ['pod', 'ps', '--format', 'json'];
}

/** Every container, with the pod it belongs to; or only those of one pod (by id). */
export function containerListArgs(pod?: string): string[] {
  return ['ps', '--all', '--pod', ...(pod ? ['--filter', `pod=${pod}`] : []), '--format', 'json'];
}

/** `podman pod start|stop|restart|rm -f|inspect NAME`; `--` so a name is never read as a flag. */
export function podArgs(o: { action: 'start' | 'stop' | 'restart' | 'rm' | 'inspect'; pod: string }): string[] {
  return ['pod', o.action, ...(o.action === 'rm' ? ['--force'] : []), '--', o.pod];
}

/** `podman kube generate POD` (4.3 and 5.x; `generate kube` is the old name). */
export function kubeGenerateArgs(o: { pod: string }): string[] {
  return ['kube', 'generate', '--', o.pod];
}

/**
 * Follows the logs of a pod's containers merged, each line prefixed with its container's name:
 * `pod logs --names` prefixes a one-container pod's lines too (`logs --names` does only for two
 * or more; seen on 4.3.1 and 5.4.2).
 */
export function podLogsArgs(o: { pod: string }): string[] {
  return ['pod', 'logs', '-f', '--names', '--', o.pod];
}

/** `podman exec -it CONTAINER sh`: a shell in the container, in a terminal that runs podman itself. */
export function execShellArgs(o: { container: string }): string[] {
  return ['exec', '-it', '--', o.container, 'sh'];
}

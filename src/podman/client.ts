// The podman client: bound to the podman the settings choose (executable, environment,
// `--connection`), each look-up one method that builds its arguments, runs podman and returns
// podman's answer parsed. No `vscode` import: progress, messages and trust live in the commands.
import { externalContainerListArgs, imageListArgs, networkExistsArgs, networkListArgs, onTarget, podListArgs, removeArgs, secretListArgs, rootlessArgs, versionArgs, volumeListArgs, connectionListArgs, type Removable, type Target } from './args';
import { objects, parseConnections, parseImages, parseNamed, str, strings, parseNetworks, parseSecretNames, parseVersion, type ConnectionInfo, type NetworkInfo, type VersionInfo } from './parse';
import type { LocalImage } from '../model/types';
import { PodmanFailedError, runPodman, streamPodman, type Cancellation, type Logger, type PodmanConfig, type RunResult, type Stream } from './runner';

export type ClientConfig = PodmanConfig & Target;

export interface RunOptions {
  stdin?: string;
  token?: Cancellation;
  /** Added to the environment (never logged: a secret's content goes this way). */
  env?: Record<string, string>;
  maxOutput?: number;
  /** A quieter log for look-ups that run often (the listings): errors only. */
  log?: Logger;
  cwd?: string;
  onLine?: (line: string) => void;
}

export class PodmanClient {
  constructor(
    /** Read at each call: a settings change reaches the next command. */
    private readonly config: () => ClientConfig,
    private readonly log: Logger,
  ) {}

  /** The log for a look-up whose answer is data, not a record of what the extension did: errors only. */
  private quiet(): Logger {
    return { info: () => undefined, warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) };
  }

  /** The command line podman gets: the connection's flag first. */
  argv(args: readonly string[]): string[] {
    return onTarget(this.config(), args);
  }

  get connection(): string | undefined {
    return this.config().connection;
  }

  run(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    const c = this.config();
    return runPodman({ executable: c.executable, env: { ...c.env, ...options.env } }, onTarget(c, args), { ...options, log: options.log ?? this.log });
  }

  stream(args: readonly string[], onLine: (line: string) => void): Stream {
    const c = this.config();
    return streamPodman(c, onTarget(c, args), { onLine, log: this.log });
  }

  /** The client's and the server's version (the remote one, with a connection). */
  async version(): Promise<VersionInfo> {
    return parseVersion((await this.run(versionArgs())).stdout);
  }

  /** Whether the podman that runs containers is rootless (the service's answer, for a remote client). */
  async rootless(): Promise<boolean> {
    return (await this.run(rootlessArgs())).stdout.trim() === 'true';
  }

  async networks(): Promise<NetworkInfo[]> {
    return parseNetworks((await this.run(networkListArgs())).stdout);
  }

  /** Exit 1 is "no"; any other failure is thrown (podman missing, a connection down). */
  async networkExists(name: string): Promise<boolean> {
    try {
      await this.run(networkExistsArgs({ name }));
      return true;
    } catch (e) {
      if (e instanceof PodmanFailedError && e.exitCode === 1) return false;
      throw e;
    }
  }

  async secretNames(): Promise<string[]> {
    return parseSecretNames((await this.run(secretListArgs())).stdout);
  }

  /** The images podman has (the service's, with a connection). */
  async images(): Promise<LocalImage[]> {
    return parseImages((await this.run(imageListArgs(), { log: this.quiet() })).stdout);
  }

  async pods(): Promise<{ id: string; name: string }[]> {
    return parseNamed((await this.run(podListArgs())).stdout);
  }

  async volumeNames(): Promise<string[]> {
    return parseNamed((await this.run(volumeListArgs())).stdout).map((v) => v.name);
  }

  /** Buildah's working containers (a build in progress, or one stopped mid-way), by id. */
  async workingContainers(): Promise<string[]> {
    const all = objects((await this.run(externalContainerListArgs(), { log: this.quiet() })).stdout);
    return all.filter((c) => str(c.State) === 'storage' && strings(c.Names).some((n) => n.endsWith('-working-container'))).map((c) => str(c.Id));
  }

  async remove(what: Removable, name: string): Promise<void> {
    await this.run(removeArgs({ what, name }));
  }

  /** The connections this machine knows (a local list: never through a connection). */
  async connections(): Promise<ConnectionInfo[]> {
    const c = this.config();
    return parseConnections((await runPodman({ executable: c.executable, env: c.env }, connectionListArgs(), { log: this.log })).stdout);
  }
}

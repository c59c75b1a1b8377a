// Runs podman for the commands: reads the settings, shows progress with Cancel, logs to the
// Podman output channel, and turns failures into messages that say what to do.
import * as vscode from 'vscode';
import { networkListArgs, type Target } from './args';
import { parseNetworks, type NetworkInfo } from './parse';
import { CancelledError, PodmanFailedError, PodmanNotFoundError, resolveExecutable, runPodman, type RunResult } from './runner';

/** How long podman runs before its progress notification (with Cancel) appears. */
const PROGRESS_DELAY_MS = 1000;

export interface Settings extends Target {
  executable: string;
  env: Record<string, string>;
  extraArgs: string[];
}

/** Environment variables that select or alter the executable podman runs as. */
const UNSAFE_ENV = /^(PATH|LD_[A-Z_]+|DYLD_[A-Z_]+|NODE_OPTIONS)$/i;
/**
 * Variables that choose podman's configuration, and with it the OCI runtime, conmon, hooks and
 * helper binaries podman executes (containers.conf, storage.conf, the connections file, the
 * folders they are looked up in): a workspace's settings may not set them, the user's may.
 */
const CONFIG_ENV = /^(CONTAINERS_[A-Z_]+|REGISTRIES_CONFIG_PATH|XDG_[A-Z_]+|HOME|PODMAN_[A-Z_]+|CONTAINER_HOST|CONTAINER_CONNECTION|CONTAINER_SSHKEY|TMPDIR|SHELL)$/i;

export class Podman {
  private readonly warned = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /**
   * `podmanKube.podman.path` is machine-scoped: only user settings on this machine can set it,
   * so a workspace can never point us at another binary. Env, connection and extra arguments
   * are restricted settings: ignored in untrusted workspaces, where nothing runs anyway.
   */
  settings(scope?: vscode.Uri): Settings {
    const c = vscode.workspace.getConfiguration('podmanKube');
    // Extra play arguments are a resource setting: a folder may play its files its own way.
    const forFile = vscode.workspace.getConfiguration('podmanKube', scope ?? null);
    return {
      executable: c.get<string>('podman.path')?.trim() || 'podman',
      env: this.safeEnv(c.inspect<Record<string, unknown>>('podman.env')),
      connection: c.get<string>('podman.connection')?.trim() || undefined,
      extraArgs: forFile.get<unknown[]>('play.extraArgs', []).filter((a): a is string => typeof a === 'string'),
    };
  }

  /**
   * `podmanKube.podman.env` without what would choose another podman or load code into it:
   * `PATH` picks the executable (which only the machine-scoped path setting may), the dynamic
   * loader's variables inject libraries; and from a workspace's settings, the variables that
   * choose podman's configuration (CONFIG_ENV). Those are dropped, and the log says so.
   */
  private safeEnv(setting: { globalValue?: Record<string, unknown>; workspaceValue?: Record<string, unknown>; workspaceFolderValue?: Record<string, unknown> } | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const layers: [Record<string, unknown> | undefined, boolean][] = [[setting?.globalValue, false], [setting?.workspaceValue, true], [setting?.workspaceFolderValue, true]];
    for (const [env, fromWorkspace] of layers) {
      for (const [k, v] of Object.entries(env ?? {})) {
        if (typeof v !== 'string') continue;
        const why = UNSAFE_ENV.test(k) ? 'it would choose which podman runs, or what it loads (use podmanKube.podman.path in your user settings)' : fromWorkspace && CONFIG_ENV.test(k) ? "it chooses podman's configuration and the programs podman runs: set it in your user settings, not the workspace's" : undefined;
        if (why) {
          if (!this.warned.has(k)) this.log.warn(`podmanKube.podman.env: ${k} is ignored: ${why}.`);
          this.warned.add(k);
          continue;
        }
        out[k] = v;
      }
    }
    return out;
  }

  /** What a command does, saying so when it goes to another machine (`--connection`). */
  private onConnection(what: string): string {
    const connection = this.settings().connection;
    return connection ? `${what} (on connection ${connection})` : what;
  }

  /** Runs podman quietly (no progress UI): for quick look-ups such as the network list. */
  run(args: string[], stdin?: string, token?: vscode.CancellationToken, env: Record<string, string> = {}): Promise<RunResult> {
    const s = this.settings();
    return runPodman({ executable: s.executable, env: { ...s.env, ...env } }, args, { stdin, token, log: this.log });
  }

  /**
   * Runs podman with a cancellable progress notification that appears once the run has taken
   * PROGRESS_DELAY_MS. A typical local play ends sooner, and then its result message is the
   * only feedback: measured, an immediate notification cost such a play 10-19% of its time on
   * 2 cores (the workbench repainting competes with podman), and it would flash for under a second.
   */
  withProgress(title: string, args: string[], stdin?: string, env?: Record<string, string>): Promise<RunResult> {
    title = this.onConnection(title);
    const cancel = new vscode.CancellationTokenSource();
    const running = this.run(args, stdin, cancel.token, env);
    const show = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        token.onCancellationRequested(() => cancel.cancel());
        return running.catch(() => undefined);
      });
    }, PROGRESS_DELAY_MS);
    return running.finally(() => {
      clearTimeout(show);
      cancel.dispose();
    });
  }

  /** A terminal that runs podman with these arguments itself (no shell), with the settings' environment. */
  terminal(name: string, args: string[]): vscode.Terminal {
    const s = this.settings();
    const t = vscode.window.createTerminal({ name, shellPath: resolveExecutable(s.executable), shellArgs: args, env: s.env });
    t.show();
    return t;
  }

  async networks(): Promise<NetworkInfo[]> {
    return parseNetworks((await this.run(networkListArgs(this.settings()))).stdout);
  }

  /** Tells the user what went wrong, with what to do. Returns the text shown. */
  report(e: unknown, what: string): string {
    if (e instanceof CancelledError) {
      this.log.info(`${what}: cancelled`);
      return 'Cancelled';
    }
    if (e instanceof PodmanNotFoundError) {
      const message = `${e.message} Install podman (Debian/Ubuntu: sudo apt install podman; Fedora: sudo dnf install podman; macOS and Windows: podman.io), or set "podmanKube.podman.path" in your user settings.`;
      void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Log').then((pick) => {
        if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'podmanKube.podman.path');
        if (pick === 'Show Log') this.log.show();
      });
      return message;
    }
    const message = `${this.onConnection(what)} failed: ${e instanceof PodmanFailedError || e instanceof Error ? e.message : String(e)}`;
    this.log.error(message);
    void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => pick && this.log.show());
    return message;
  }
}

/** Why a command that runs podman refuses in an untrusted workspace; undefined when trusted. */
export function untrusted(): string | undefined {
  if (vscode.workspace.isTrusted) return undefined;
  const message = 'Podman commands are disabled in Restricted Mode: trust this workspace to run podman on its manifests.';
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((pick) => pick && vscode.commands.executeCommand('workbench.trust.manage'));
  return message;
}

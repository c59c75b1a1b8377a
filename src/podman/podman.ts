// Podman for the commands: the client (bound to the settings' podman) for look-ups, and the
// editor's side of running it: progress with Cancel, terminals, messages that say what to do.
import * as vscode from 'vscode';
import type { PodmanSettings, Settings } from '../settings';
import { PodmanClient } from './client';
import { CancelledError, PodmanFailedError, PodmanNotFoundError, resolveExecutable, runTool, type RunResult } from './runner';

/** How long podman runs before its progress notification (with Cancel) appears. */
const PROGRESS_DELAY_MS = 1000;

export interface ProgressOptions {
  stdin?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** The progress message a line of output makes (a build's "STEP 3/7: RUN ..."); undefined: none. */
  step?: (line: string) => string | undefined;
}

export class Podman {
  /** Each look-up one method, on the podman the settings choose now. */
  readonly client: PodmanClient;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Settings,
  ) {
    this.client = new PodmanClient(() => config.podman(), log);
  }

  /** The podman to run, with its environment and connection; `scope`: the file's play arguments. */
  settings(scope?: vscode.Uri): PodmanSettings & { extraArgs: string[] } {
    return { ...this.config.podman(), extraArgs: this.config.extraArgs(scope) };
  }

  /** A line in the Podman channel. */
  note(message: string, level: 'info' | 'error' = 'info'): void {
    this.log[level](message);
  }

  showLog(): void {
    this.log.show();
  }

  /** Every later command runs on this connection (none: the local podman). */
  setConnection(name: string | undefined): Thenable<void> {
    return this.config.setConnection(name);
  }

  /** Runs a program podman ships (quadlet's generator), logged to the Podman channel; its exit code is returned. */
  runTool(executable: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return runTool(executable, args, { env, log: this.log });
  }

  /** The quadlet generator the user chose, if any. */
  quadletPath(): string | undefined {
    return this.config.quadletPath();
  }

  /** What a command does, saying so when it goes to another machine (`--connection`). */
  private onConnection(what: string): string {
    const connection = this.settings().connection;
    return connection ? `${what} (on connection ${connection})` : what;
  }

  /**
   * Runs podman with a cancellable progress notification that appears once the run has taken
   * PROGRESS_DELAY_MS. A typical local play ends sooner, and then its result message is the
   * only feedback: measured, an immediate notification cost such a play 10-19% of its time on
   * 2 cores (the workbench repainting competes with podman), and it would flash for under a second.
   */
  withProgress(title: string, args: string[], options: ProgressOptions = {}): Promise<RunResult> {
    title = this.onConnection(title);
    const cancel = new vscode.CancellationTokenSource();
    let report: ((message: string) => void) | undefined;
    let last: string | undefined;
    const onLine = options.step
      ? (line: string) => {
          const step = options.step!(line);
          if (step === undefined) return;
          last = step;
          report?.(step);
        }
      : undefined;
    const running = this.client.run(args, { stdin: options.stdin, token: cancel.token, env: options.env, cwd: options.cwd, onLine });
    const show = setTimeout(() => {
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        token.onCancellationRequested(() => cancel.cancel());
        report = (message) => progress.report({ message });
        if (last) report(last);
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
    const t = vscode.window.createTerminal({ name, shellPath: resolveExecutable(s.executable), shellArgs: this.client.argv(args), env: s.env });
    t.show();
    return t;
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

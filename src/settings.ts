// The one reader of the `podmanKube.*` settings, with one change event that says what changed,
// so each service restarts or redraws for what concerns it and nothing reads a setting itself.
import * as vscode from 'vscode';
import { Disposable } from './dispose';

export interface PodmanSettings {
  executable: string;
  /** Added to the extension host's environment. */
  env: Record<string, string>;
  /** `podman --connection NAME`: a podman on another machine. */
  connection?: string;
}

/** What a settings change touches. */
export interface SettingsChange {
  /** Which podman runs and how (path, env, connection, version): what runs must start again. */
  podman: boolean;
  connection: boolean;
  /** `podmanKube.defaultNetwork` or `podmanKube.play.*`: how files are played. */
  play: boolean;
}

/** Environment variables that select or alter the executable podman runs as. */
const UNSAFE_ENV = /^(PATH|LD_[A-Z_]+|DYLD_[A-Z_]+|NODE_OPTIONS)$/i;
/**
 * Variables that choose podman's configuration, and with it the OCI runtime, conmon, hooks and
 * helper binaries podman executes (containers.conf, storage.conf, the connections file, the
 * folders they are looked up in): a workspace's settings may not set them, the user's may.
 */
const CONFIG_ENV = /^(CONTAINERS_[A-Z_]+|REGISTRIES_CONFIG_PATH|XDG_[A-Z_]+|HOME|PODMAN_[A-Z_]+|CONTAINER_HOST|CONTAINER_CONNECTION|CONTAINER_SSHKEY|TMPDIR|SHELL)$/i;

const section = (scope?: vscode.Uri | null) => vscode.workspace.getConfiguration('podmanKube', scope);

export class Settings extends Disposable {
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changed.event;
  private readonly warned = new Set<string>();

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.register(
      this.changed,
      vscode.workspace.onDidChangeConfiguration((e) => {
        const change = {
          podman: e.affectsConfiguration('podmanKube.podman'),
          connection: e.affectsConfiguration('podmanKube.podman.connection'),
          play: e.affectsConfiguration('podmanKube.defaultNetwork') || e.affectsConfiguration('podmanKube.play'),
        };
        if (change.podman || change.play) this.changed.fire(change);
      }),
    );
  }

  /**
   * `podmanKube.podman.path` is machine-scoped: only user settings on this machine can set it,
   * so a workspace can never point us at another binary. Env and connection are restricted
   * settings: ignored in untrusted workspaces, where nothing runs anyway.
   */
  podman(): PodmanSettings {
    const c = section();
    return {
      executable: c.get<string>('podman.path')?.trim() || 'podman',
      env: this.safeEnv(c.inspect<Record<string, unknown>>('podman.env')),
      connection: this.connection(),
    };
  }

  connection(): string | undefined {
    return section().get<string>('podman.connection')?.trim() || undefined;
  }

  setConnection(name: string | undefined): Thenable<void> {
    return section().update('podman.connection', name || undefined, vscode.ConfigurationTarget.Global);
  }

  /** `podmanKube.play.extraArgs`, a resource setting: a folder may play its files its own way. */
  extraArgs(scope?: vscode.Uri): string[] {
    return section(scope ?? null)
      .get<unknown[]>('play.extraArgs', [])
      .filter((a): a is string => typeof a === 'string');
  }

  defaultNetwork(scope: vscode.Uri): string | undefined {
    return section(scope).get<string>('defaultNetwork') || undefined;
  }

  /** The podman version diagnostics describe, when set; else podman is asked. */
  podmanVersion(): string | undefined {
    return section().get<string>('podman.version')?.trim() || undefined;
  }

  quadletPath(): string | undefined {
    return section().get<string>('quadlet.path')?.trim() || undefined;
  }

  /**
   * `podmanKube.podman.env` without what would choose another podman or load code into it:
   * `PATH` picks the executable (which only the machine-scoped path setting may), the dynamic
   * loader's variables inject libraries; and from a workspace's settings, the variables that
   * choose podman's configuration (CONFIG_ENV). Those are dropped, and the log says so.
   */
  private safeEnv(setting: { globalValue?: Record<string, unknown>; workspaceValue?: Record<string, unknown>; workspaceFolderValue?: Record<string, unknown> } | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const layers: [Record<string, unknown> | undefined, boolean][] = [
      [setting?.globalValue, false],
      [setting?.workspaceValue, true],
      [setting?.workspaceFolderValue, true],
    ];
    for (const [env, fromWorkspace] of layers) {
      for (const [k, v] of Object.entries(env ?? {})) {
        if (typeof v !== 'string') continue;
        const why = UNSAFE_ENV.test(k)
          ? 'it would choose which podman runs, or what it loads (use podmanKube.podman.path in your user settings)'
          : fromWorkspace && CONFIG_ENV.test(k)
            ? "it chooses podman's configuration and the programs podman runs: set it in your user settings, not the workspace's"
            : undefined;
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
}

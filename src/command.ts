import * as vscode from 'vscode';
import { isKubeDocument } from './manifestTracker';
import type { Podman } from './podman/podman';
import type { CommandId } from './shared/commands';

export interface Command {
  readonly id: CommandId;
  /** Runs podman, systemctl or a unit: refused, with one message, in Restricted Mode. */
  readonly requiresTrust?: boolean;
  execute(...args: unknown[]): unknown;
}

/**
 * The one registration of the extension's commands: a command that needs trust is refused in an
 * untrusted workspace before it runs, with one message and one outcome shape.
 */
export function registerCommands(commands: readonly Command[]): vscode.Disposable[] {
  return commands.map((c) => vscode.commands.registerCommand(c.id, (...args: unknown[]) => (c.requiresTrust && !vscode.workspace.isTrusted ? refuseUntrusted() : c.execute(...args))));
}

function refuseUntrusted(): Outcome {
  const message = 'Podman commands are disabled in Restricted Mode: trust this workspace to run podman on its manifests.';
  void vscode.window.showWarningMessage(message, 'Manage Workspace Trust').then((pick) => pick && vscode.commands.executeCommand('workbench.trust.manage'));
  return { ok: false, message };
}

/**
 * The manifest a command acts on: the URI it was invoked with (explorer, editor title, CodeLens),
 * else the active editor's document when it is a kube manifest.
 */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  // From a language server's code action: the document's URI as a string.
  if (typeof arg === 'string' && /^(file|untitled):/.test(arg)) return vscode.Uri.parse(arg, true);
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isKubeDocument(doc) ? doc.uri : undefined;
}

export function noManifest(): undefined {
  void vscode.window.showInformationMessage('Open a kube manifest (a YAML file with apiVersion and kind) first.');
  return undefined;
}

/**
 * What one feature asks of another (Play offers Show Logs, the preview picks a network...): typed
 * calls wired in the composition root, not command ids sent round VS Code's command service.
 */
export interface Actions {
  chooseNetwork(uri: vscode.Uri): Promise<string | undefined>;
  /** A name: create it without asking; none: ask for one. */
  createNetwork(name?: string): Promise<(Outcome & { network?: string }) | undefined>;
  openPreview(uri: vscode.Uri): unknown;
  showLogs(uri: vscode.Uri): unknown;
  showPodLogs(name: string): unknown;
  kubeDown(uri: vscode.Uri | undefined): Promise<unknown>;
  playReplace(uri: vscode.Uri): Promise<unknown>;
}

/** What a podman command did; returned to callers (and tests) as well as shown. */
export interface Outcome {
  ok: boolean;
  message: string;
  /** The buttons offered with the message. */
  offered?: string[];
}

/** What podman is doing to each file now (a play or a down), by URI. */
const busy = new Map<string, string>();

/**
 * Runs one podman command on a file at a time: a second Play or Down while one runs (a double
 * click before any progress shows) is refused with a message instead of racing the first.
 */
export async function onePerFile(uri: vscode.Uri, what: string, run: () => Promise<Outcome>): Promise<Outcome> {
  const key = uri.toString();
  const running = busy.get(key);
  if (running) {
    const message = `${running} is still running; wait for it to finish.`;
    void vscode.window.showInformationMessage(message);
    return { ok: false, message };
  }
  busy.set(key, what);
  try {
    return await run();
  } finally {
    busy.delete(key);
  }
}

export interface Run {
  /** Shown with the progress. */
  title: string;
  args: string[];
  /** Announced when podman succeeds. */
  success: string;
  /** Names the action in a failure message; the title by default. */
  failure?: string;
  stdin?: string;
  /** Extra environment for podman (never logged: a secret's content goes this way). */
  env?: Record<string, string>;
}

/** Runs podman with progress; a failure is reported, a success announced. */
export async function runAndReport(podman: Podman, { title, args, success, failure, stdin, env }: Run): Promise<Outcome> {
  try {
    await podman.withProgress(title, args, { stdin, env });
  } catch (e) {
    return { ok: false, message: podman.report(e, failure ?? title) };
  }
  void vscode.window.showInformationMessage(success);
  return { ok: true, message: success };
}

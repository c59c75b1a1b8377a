// The Podman view's actions, also in the command palette (a pod or container is then picked from
// what runs). Each takes the view's node, or a pod or container name (from another command or a
// test). Terminals run podman itself, never a shell; every name goes after `--`.
import * as vscode from 'vscode';
import { MAX_OUTPUT } from '../podman/runner';
import { execShellArgs, kubeGenerateArgs, logsArgs, podArgs, podLogsArgs } from '../podman/args';
import type { Podman } from '../podman/podman';
import { runAndReport, type Actions, type Command, type Outcome } from '../command';
import type { LiveState } from '../live/liveState';
import type { MatchedPod } from '../live/match';
import { stateLabel, type Node, type PodsView } from '../live/podsView';
import type { LiveContainer } from '../live/state';
import type { ReadOnlyDocuments } from '../readOnlyDocuments';
import { COMMANDS, type CommandId } from '../shared/commands';

const OUTPUT_MB = MAX_OUTPUT / 1024 / 1024;

interface Target {
  pod: MatchedPod;
  uri?: string;
  container?: LiveContainer;
}

export function podCommands(podman: Podman, live: LiveState, view: PodsView, actions: Pick<Actions, 'kubeDown' | 'playReplace'>, inspected: ReadOnlyDocuments): Command[] {
  /** The pod (and container) an action is for: the node, a name, or the user's pick. */
  async function target(arg: unknown, want: 'pod' | 'container'): Promise<Target | undefined> {
    if (isNode(arg)) {
      if (arg.kind === 'pod') return { pod: arg.pod, uri: arg.uri };
      if (arg.kind === 'container') return { pod: arg.pod, uri: arg.uri, container: arg.container };
    }
    if (typeof arg === 'string') {
      const pod = view.find(arg);
      if (pod) return pod;
      for (const p of view.pods()) {
        const container = p.pod.live.containers.find((c) => c.name === arg);
        if (container) return { ...p, container };
      }
      void vscode.window.showWarningMessage(`Podman has no pod or container named "${arg}" (any more).`);
      return undefined;
    }
    const pods = view.pods();
    if (!pods.length) {
      void vscode.window.showInformationMessage('No pods are running in podman.');
      return undefined;
    }
    if (want === 'pod') {
      const pick = await vscode.window.showQuickPick(
        pods.map((p) => ({ label: p.pod.live.name, description: p.pod.live.status.toLowerCase(), p })),
        { title: 'Pod' },
      );
      return pick?.p;
    }
    const items = pods.flatMap((p) => p.pod.live.containers.map((container) => ({ label: container.name, description: `pod ${p.pod.live.name} · ${stateLabel(container)}`, t: { ...p, container } })));
    return (await vscode.window.showQuickPick(items, { title: 'Container' }))?.t;
  }

  function podAction(id: CommandId, action: 'start' | 'stop' | 'restart', verb: string, done: string): Command {
    return {
      id,
      requiresTrust: true,
      async execute(arg?: unknown): Promise<Outcome | undefined> {
        const t = await target(arg, 'pod');
        if (!t) return undefined;
        const name = t.pod.live.name;
        const outcome = await runAndReport(podman, { title: `${verb} pod ${name}`, args: podArgs({ action, pod: name }), success: `${done} pod ${name}.` });
        await live.refresh();
        return outcome;
      },
    };
  }

  /** A command that asks podman about a pod and opens what it says in an editor. */
  function podDocument(id: CommandId, what: (pod: string) => string, ask: (pod: string) => Promise<{ stdout: string; truncated?: boolean }>, open: (stdout: string, pod: string) => Thenable<vscode.TextDocument>): Command {
    return {
      id,
      requiresTrust: true,
      async execute(arg?: unknown): Promise<vscode.TextDocument | undefined> {
        const t = await target(arg, 'pod');
        if (!t) return undefined;
        const name = t.pod.live.name;
        try {
          const r = await ask(name);
          // Cut at the output bound: said in the editor's first line and in a message, never shown as whole.
          if (r.truncated) void vscode.window.showWarningMessage(`${what(name)} printed more than the ${OUTPUT_MB} MB kept: what is shown is cut at the end.`);
          return await open(r.truncated ? `# CUT: ${what(name)} printed more than ${OUTPUT_MB} MB; the rest is not shown.\n${r.stdout}` : r.stdout, name);
        } catch (e) {
          podman.report(e, what(name));
          return undefined;
        }
      },
    };
  }

  const commands: Command[] = [
    { id: COMMANDS.podsRefresh, execute: () => live.refresh() },
    {
      id: COMMANDS.podsShowLogs,
      requiresTrust: true,
      async execute(arg?: unknown): Promise<vscode.Terminal | undefined> {
        const t = await target(arg, 'container');
        if (!t) return undefined;
        if (t.container) return podman.terminal(`podman logs ${t.container.name}`, logsArgs({ container: t.container.name }));
        // A pod: all its containers merged, each line prefixed with its container's name.
        if (!t.pod.live.containers.length) return void vscode.window.showInformationMessage(`Pod ${t.pod.live.name} has no containers.`);
        return podman.terminal(`podman logs ${t.pod.live.name}`, podLogsArgs({ pod: t.pod.live.name }));
      },
    },
    {
      id: COMMANDS.podsOpenShell,
      requiresTrust: true,
      async execute(arg?: unknown): Promise<vscode.Terminal | undefined> {
        const t = await target(arg, 'container');
        const container = t?.container ?? (t && (await pickContainer(t.pod)));
        if (!container) return undefined;
        if (container.state !== 'running') return void vscode.window.showWarningMessage(`Container ${container.name} is ${stateLabel(container)}: a shell needs it running. Start its pod first.`);
        return podman.terminal(`sh in ${container.name}`, execShellArgs({ container: container.name }));
      },
    },
    podAction(COMMANDS.podsStart, 'start', 'Starting', 'Started'),
    podAction(COMMANDS.podsStop, 'stop', 'Stopping', 'Stopped'),
    podAction(COMMANDS.podsRestart, 'restart', 'Restarting', 'Restarted'),
    {
      id: COMMANDS.podsRemove,
      requiresTrust: true,
      /** `options.confirmed`: the caller already asked (another command, a test). */
      async execute(arg?: unknown, options?: { confirmed?: boolean }): Promise<Outcome | undefined> {
        const t = await target(arg, 'pod');
        if (!t) return undefined;
        const name = t.pod.live.name;
        if (!options?.confirmed) {
          const pick = await vscode.window.showWarningMessage(`Remove pod ${name} and its ${t.pod.live.containers.length} container(s)? Running ones are stopped first.`, { modal: true }, 'Remove');
          if (pick !== 'Remove') return undefined;
        }
        const outcome = await runAndReport(podman, { title: `Removing pod ${name}`, args: podArgs({ action: 'rm', pod: name }), success: `Removed pod ${name}.` });
        await live.refresh();
        return outcome;
      },
    },
    {
      id: COMMANDS.podsKubeDown,
      execute(arg?: unknown) {
        const uri = isNode(arg) && (arg.kind === 'file' || arg.kind === 'pod') ? arg.uri : undefined;
        return actions.kubeDown(uri ? vscode.Uri.parse(uri, true) : undefined);
      },
    },
    {
      id: COMMANDS.podsReplace,
      async execute(arg?: unknown) {
        const t = await target(arg, 'pod');
        if (!t?.uri) return void (t && vscode.window.showInformationMessage(`Pod ${t.pod.live.name} is in no workspace manifest: nothing to play it from.`));
        return actions.playReplace(vscode.Uri.parse(t.uri, true));
      },
    },
    {
      id: COMMANDS.podsOpenInBrowser,
      /** Returns the address opened. */
      async execute(arg?: unknown): Promise<string | undefined> {
        const t = await target(arg, 'pod');
        if (!t) return undefined;
        const ports = [...new Set(t.pod.live.ports.filter((p) => p.protocol === 'tcp').map((p) => p.hostPort))];
        if (!ports.length) return void vscode.window.showInformationMessage(`Pod ${t.pod.live.name} publishes no port on the host: add a hostPort to reach it from a browser.`);
        const host = await hostOf(podman);
        const port =
          ports.length === 1
            ? ports[0]
            : (
                await vscode.window.showQuickPick(
                  ports.map((p) => ({ label: `http://${host}:${p}`, p })),
                  { title: 'Open in browser' },
                )
              )?.p;
        if (port === undefined) return undefined;
        const url = `http://${host}:${port}`;
        await vscode.env.openExternal(vscode.Uri.parse(url));
        return url;
      },
    },
    {
      id: COMMANDS.podsReveal,
      async execute(arg?: unknown): Promise<vscode.TextEditor | undefined> {
        const t = await target(arg, 'pod');
        if (!t) return undefined;
        const model = t.pod.model;
        if (!t.uri || !model) return void vscode.window.showInformationMessage(`Pod ${t.pod.live.name} is in no workspace manifest.`);
        const at = (t.container && model.containers.find((c) => c.podmanName === t.container!.name)?.nameAt) ?? model.nameAt;
        const position = new vscode.Position(at[0], at[1]);
        return vscode.window.showTextDocument(vscode.Uri.parse(t.uri, true), { selection: new vscode.Range(position, position) });
      },
    },
    podDocument(
      COMMANDS.podsGenerateKube,
      (name) => `podman kube generate ${name}`,
      (pod) => podman.withProgress(`podman kube generate ${pod}`, kubeGenerateArgs({ pod })),
      async (stdout) => {
        const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: stdout });
        await vscode.window.showTextDocument(doc);
        return doc;
      },
    ),
    podDocument(
      COMMANDS.podsInspect,
      (name) => `podman pod inspect ${name}`,
      (pod) => podman.client.run(podArgs({ action: 'inspect', pod })),
      (stdout, name) => inspected.show(`/${encodeURIComponent(name)}.json`, stdout),
    ),
  ];
  return commands;
}

function isNode(arg: unknown): arg is Node {
  return typeof arg === 'object' && arg !== null && 'kind' in arg && typeof arg.kind === 'string';
}

async function pickContainer(pod: MatchedPod): Promise<LiveContainer | undefined> {
  const cs = pod.live.containers;
  if (cs.length <= 1) return cs[0];
  return (
    await vscode.window.showQuickPick(
      cs.map((c) => ({ label: c.name, description: stateLabel(c), c })),
      { title: `Container of pod ${pod.live.name}` },
    )
  )?.c;
}

/** Where published ports are reached: this machine, or the host of the remote connection. */
async function hostOf(podman: Podman): Promise<string> {
  const connection = podman.client.connection;
  if (!connection) return 'localhost';
  try {
    const uri = (await podman.client.connections()).find((c) => c.name === connection)?.uri;
    const host = uri ? new URL(uri).hostname : '';
    return host || 'localhost';
  } catch {
    return 'localhost';
  }
}

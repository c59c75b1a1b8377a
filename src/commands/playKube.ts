import * as vscode from 'vscode';
import type { NetworkSelection } from '../networkChoice';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../reader/modelReader';
import type { PlayedPods } from '../live/played';
import type { LiveState } from '../live/liveState';
import { flagProblems } from '../model/flags';
import { readPlayArgs } from '../model/playArgs';
import { NEWEST } from '../model/version';
import { kubePlayArgs } from '../podman/args';
import { classifyError } from '../podman/parse';
import type { Podman } from '../podman/podman';
import { CancelledError, PodmanFailedError } from '../podman/runner';
import { noManifest, onePerFile, targetUri, type Actions, type Command, type Outcome } from '../command';
import { listObjects, removeMade, type Objects } from './made';
import { manifestSource, type ManifestSource } from './manifestSource';
import { COMMANDS } from '../shared/commands';

export interface PlayOptions {
  replace: boolean;
  /** Ask for the network first ("Play on network..."). */
  pickNetwork?: boolean;
}

export function playKube(deps: Deps, options: PlayOptions): Command {
  const id = options.pickNetwork ? COMMANDS.playOnNetwork : options.replace ? COMMANDS.playReplace : COMMANDS.play;
  return {
    id,
    requiresTrust: true,
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      if (options.pickNetwork && (await deps.actions.chooseNetwork(uri)) === undefined) return undefined;
      return play(deps, uri, options.replace);
    },
  };
}

export interface Deps {
  podman: Podman;
  play: PlayContext;
  reader: ModelReader;
  played: PlayedPods;
  live: LiveState;
  actions: Actions;
}

export async function play(deps: Deps, uri: vscode.Uri, replace: boolean): Promise<Outcome> {
  const { podman, play: context } = deps;
  const source = await manifestSource(uri);
  const file = context.forFile(uri);
  const network = file.selection;
  const title = `podman kube play${replace ? ' --replace' : ''} ${source.name} on ${network.effective}`;
  let args: string[];
  try {
    args = kubePlayArgs({ file: source.file, network: network.chosen, replace, configMaps: file.configMapFiles, extraArgs: file.extraArgs });
  } catch (e) {
    return { ok: false, message: podman.report(e, title) };
  }
  return onePerFile(uri, title, async () => {
    // A flag this podman lacks stops it before it reads the file: said without running it, once
    // what podman is (remote, its version) is known.
    await context.ready();
    const known = context.forFile(uri);
    const given = readPlayArgs(args.slice(2));
    const refused = flagProblems(given.flags, known.podmanVersion ?? NEWEST, known.remote ?? false, known.clientVersion, given.build).filter((p) => p.severity === 'error');
    if (refused.length) {
      const mend = (flag: string) =>
        flag === '--configmap'
          ? "Put the ConfigMaps in the manifest and play it without --configmap files (the file's chosen ones, a committed unit's ConfigMap=, podmanKube.play.extraArgs)."
          : `Remove ${flag} from podmanKube.play.extraArgs (or the committed unit's PodmanArgs=).`;
      const message = `${title}: ${refused.map((p) => `${p.message} ${mend(p.flag)}`).join(' ')}`;
      void vscode.window.showErrorMessage(message);
      return { ok: false, message };
    }
    // podman fails on a missing network only after it made the first pod (4.3 leaves it behind).
    if (network.chosen && !(await networkExists(podman, network.chosen))) return offerNetwork(deps, uri, replace, source.name, network.chosen, network.source);
    const before = await listObjects(podman);
    try {
      return await run(deps, uri, replace, { source, network, title, args }, before);
    } finally {
      // Events do not tell of every pod a play makes (4.3 sends none for a failed one): list now.
      void deps.live.refresh();
    }
  });
}

async function networkExists(podman: Podman, name: string): Promise<boolean> {
  // A failing podman (missing, a connection down): the play itself says what is wrong.
  return podman.client.networkExists(name).catch(() => true);
}

/** `where`: what chose the network (a committed unit, the editor, a setting), for the message. */
function offerNetwork(deps: Deps, uri: vscode.Uri, replace: boolean, name: string, network: string, where: string | undefined): Outcome {
  const message = `${name} plays on network ${network}${where ? ` (${where})` : ''}, which podman does not have. Create it and play?`;
  const offered = ['Create Network and Play', 'Choose Network...'];
  void vscode.window.showWarningMessage(message, ...offered).then(async (pick) => {
    if (pick === offered[1] && (await deps.actions.chooseNetwork(uri)) !== undefined) await play(deps, uri, replace);
    if (pick === offered[0] && (await deps.actions.createNetwork(network))?.ok) await play(deps, uri, replace);
  });
  return { ok: false, message, offered };
}

/**
 * Removes what a failed play made: the objects listed after it and not before, and only those its
 * manifest names (a pod another play made meanwhile stays). Returns what was removed.
 */
async function undo(deps: Deps, before: Objects, text: string, uri: vscode.Uri): Promise<string[]> {
  const manifest = await deps.reader.read(text, deps.play.forFile(uri));
  const named = (kind: string) => new Set(manifest.resources.filter((r) => r.kind === kind).map((r) => r.name));
  return removeMade(deps.podman, before, { pods: new Set(manifest.pods.map((p) => p.name)), volumes: named('PersistentVolumeClaim'), secrets: named('Secret') });
}

interface Prepared {
  source: ManifestSource;
  network: NetworkSelection;
  title: string;
  args: string[];
}

async function run(deps: Deps, uri: vscode.Uri, replace: boolean, { source, network, title, args }: Prepared, before: Objects | undefined): Promise<Outcome> {
  const { podman, play: context, reader, played } = deps;
  try {
    await podman.withProgress(title, args, source.stdin);
  } catch (e) {
    const removed = before ? await undo(deps, before, source.text, uri) : [];
    const cleaned = removed.length ? ` Removed what it had created: ${removed.join(', ')}.` : '';
    if (e instanceof CancelledError) {
      const message = `Cancelled playing ${source.name}.${cleaned}`;
      void vscode.window.showInformationMessage(message);
      return { ok: false, message };
    }
    const kind = e instanceof PodmanFailedError ? classifyError(e.stderr) : undefined;
    if (kind === 'already-exists' && !replace) {
      const message = `${source.name}: ${(e as Error).message}. Replace those pods with this file?`;
      void vscode.window.showWarningMessage(message, 'Replace').then((pick) => pick && play(deps, uri, true));
      return { ok: false, message, offered: ['Replace'] };
    }
    if (kind === 'no-network' && network.chosen) return offerNetwork(deps, uri, replace, source.name, network.chosen, network.source);
    const hint = kind === 'image-missing' ? ' (podman could not pull an image: check the image name and your registry access)' : '';
    return { ok: false, message: podman.report(e, title) + hint + cleaned };
  }
  await context.ready();
  const manifest = await reader.read(source.text, context.forFile(uri));
  if (manifest.resources.some((r) => r.kind === 'Secret')) context.refreshSecrets();
  await played.record(uri, manifest.pods);
  const pods = manifest.pods.map(
    (p) =>
      `${p.name} (${p.containers
        .filter((c) => !c.init)
        .map((c) => c.podmanName)
        .join(', ')})`,
  );
  const message = `Played ${source.name} on ${network.effective}${network.unit ? ` (${network.source})` : ''}: ${pods.length === 1 ? 'pod' : 'pods'} ${pods.join('; ') || 'none'}.`;
  const offered = ['Show Logs', 'Open Preview'];
  void vscode.window.showInformationMessage(message, ...offered).then((pick) => {
    if (pick === 'Show Logs') void deps.actions.showLogs(uri);
    if (pick === 'Open Preview') void deps.actions.openPreview(uri);
  });
  return { ok: true, message, offered };
}

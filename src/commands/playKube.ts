import * as vscode from 'vscode';
import type { NetworkSelection } from '../networkChoice';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../preview/modelReader';
import type { PlayedPods } from '../live/played';
import { kubePlayArgs } from '../podman/args';
import { classifyError } from '../podman/parse';
import { untrusted, type Podman } from '../podman/podman';
import { CancelledError, PodmanFailedError } from '../podman/runner';
import { noManifest, onePerFile, targetUri, type Command, type Outcome } from './command';
import { manifestSource, type ManifestSource } from './manifestSource';

export interface PlayOptions {
  replace: boolean;
  /** Ask for the network first ("Play on network..."). */
  pickNetwork?: boolean;
}

export function playKube(podman: Podman, context: PlayContext, reader: ModelReader, played: PlayedPods, options: PlayOptions): Command {
  const id = options.pickNetwork ? 'podmanKube.playOnNetwork' : options.replace ? 'podmanKube.playReplace' : 'podmanKube.play';
  return {
    id,
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const refused = untrusted();
      if (refused) return { ok: false, message: refused };
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      if (options.pickNetwork && (await vscode.commands.executeCommand('podmanKube.chooseNetwork', uri)) === undefined) return undefined;
      return play({ podman, context, reader, played }, uri, options.replace);
    },
  };
}

interface Deps {
  podman: Podman;
  context: PlayContext;
  reader: ModelReader;
  played: PlayedPods;
}

export async function play(deps: Deps, uri: vscode.Uri, replace: boolean): Promise<Outcome> {
  const { podman, context } = deps;
  const source = await manifestSource(uri);
  const network = context.forFile(uri).selection;
  const settings = podman.settings(uri);
  const title = `podman kube play${replace ? ' --replace' : ''} ${source.name} on ${network.effective}`;
  let args: string[];
  try {
    args = kubePlayArgs({ file: source.file, network: network.chosen, replace, configMaps: context.forFile(uri).configMapFiles, extraArgs: settings.extraArgs, connection: settings.connection });
  } catch (e) {
    return { ok: false, message: podman.report(e, title) };
  }
  return onePerFile(uri, title, () => run(deps, uri, replace, { source, network, title, args }));
}

interface Prepared {
  source: ManifestSource;
  network: NetworkSelection;
  title: string;
  args: string[];
}

async function run(deps: Deps, uri: vscode.Uri, replace: boolean, { source, network, title, args }: Prepared): Promise<Outcome> {
  const { podman, context, reader, played } = deps;
  try {
    await podman.withProgress(title, args, source.stdin);
  } catch (e) {
    if (e instanceof CancelledError) {
      // podman creates the pods before pulling images: a cancelled play can leave some behind.
      const message = `Cancelled playing ${source.name}. Pods podman created before it stopped stay until Kube Down removes them.`;
      void vscode.window.showInformationMessage(message, 'Kube Down').then((pick) => pick && vscode.commands.executeCommand('podmanKube.down', uri));
      return { ok: false, message, offered: ['Kube Down'] };
    }
    const kind = e instanceof PodmanFailedError ? classifyError(e.stderr) : undefined;
    if (kind === 'already-exists' && !replace) {
      const message = `${source.name}: ${(e as Error).message}. Replace the running pods with this file?`;
      void vscode.window.showWarningMessage(message, 'Replace').then((pick) => pick && play(deps, uri, true));
      return { ok: false, message, offered: ['Replace'] };
    }
    if (kind === 'no-network' && network.chosen) {
      const message = `${source.name}: network ${network.chosen} does not exist. Create it and play?`;
      void vscode.window.showWarningMessage(message, 'Create Network and Play').then(async (pick) => {
        if (pick && (await vscode.commands.executeCommand<Outcome | undefined>('podmanKube.createNetwork', network.chosen))?.ok) await play(deps, uri, replace);
      });
      return { ok: false, message, offered: ['Create Network and Play'] };
    }
    const hint = kind === 'image-missing' ? ' (podman could not pull an image: check the image name and your registry access)' : '';
    return { ok: false, message: podman.report(e, title) + hint };
  }
  await context.ready();
  const manifest = await reader.read(source.text, context.forFile(uri));
  if (manifest.resources.some((r) => r.kind === 'Secret')) context.refreshSecrets();
  await played.record(uri, manifest.pods);
  const pods = manifest.pods.map((p) => `${p.name} (${p.containers.filter((c) => !c.init).map((c) => c.podmanName).join(', ')})`);
  const message = `Played ${source.name} on ${network.effective}: ${pods.length === 1 ? 'pod' : 'pods'} ${pods.join('; ') || 'none'}.`;
  const offered = ['Show Logs', 'Open Preview'];
  void vscode.window.showInformationMessage(message, ...offered).then((pick) => {
    if (pick === 'Show Logs') void vscode.commands.executeCommand('podmanKube.showLogs', uri);
    if (pick === 'Open Preview') void vscode.commands.executeCommand('podmanKube.openPreviewToSide', uri);
  });
  return { ok: true, message, offered };
}

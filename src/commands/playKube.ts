import * as vscode from 'vscode';
import type { NetworkSelection } from '../networkChoice';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../reader/modelReader';
import type { PlayedPods } from '../live/played';
import type { LiveState } from '../live/liveState';
import { flagProblems } from '../model/flags';
import { readPlayArgs } from '../model/playArgs';
import { NEWEST } from '../model/version';
import { dirname } from 'path';
import { buildArgs, kubePlayArgs } from '../podman/args';
import { classifyError } from '../podman/parse';
import type { Podman } from '../podman/podman';
import { CancelledError, PodmanFailedError } from '../podman/runner';
import { noManifest, onePerFile, targetUri, type Actions, type Command, type Outcome } from '../command';
import { listObjects, removeMade, type Objects } from '../podman/made';
import { manifestSource, type ManifestSource } from './manifestSource';
import { COMMANDS } from '../shared/commands';
import { readBoundedText } from '../files/read';
import { buildStep, failedLine, failedStep, type BuildStep } from '../podman/build';

/** A Containerfile is a page or two; past this its line is not looked for. */
const CONTAINERFILE_MAX_BYTES = 1024 * 1024;

export interface PlayOptions {
  replace: boolean;
  /** Ask for the network first ("Play on network..."). */
  pickNetwork?: boolean;
  /** `--build`: build every image that has a build folder, even one podman has. */
  build?: boolean;
}

/** How one play runs: `--replace`, `--build`. */
export interface How {
  replace: boolean;
  build?: boolean;
}

export function playKube(deps: Deps, options: PlayOptions): Command {
  const id = options.pickNetwork ? COMMANDS.playOnNetwork : options.build ? COMMANDS.playBuild : options.replace ? COMMANDS.playReplace : COMMANDS.play;
  return {
    id,
    requiresTrust: true,
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      if (options.pickNetwork && (await deps.actions.chooseNetwork(uri)) === undefined) return undefined;
      return play(deps, uri, { replace: options.replace, build: options.build });
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

export async function play(deps: Deps, uri: vscode.Uri, how: How): Promise<Outcome> {
  const { podman, play: context } = deps;
  const { replace, build } = how;
  const source = await manifestSource(uri);
  const file = context.forFile(uri);
  const network = file.selection;
  let title = `podman kube play${replace ? ' --replace' : ''}${build ? ' --build' : ''} ${source.name} on ${network.effective}`;
  const argsFor = (withBuild: boolean | undefined) => kubePlayArgs({ file: source.file, network: network.chosen, replace, build: withBuild, configMaps: file.configMapFiles, extraArgs: file.extraArgs });
  let args: string[];
  try {
    args = argsFor(build);
  } catch (e) {
    return { ok: false, message: podman.report(e, title) };
  }
  return onePerFile(uri, title, async () => {
    // A flag this podman lacks stops it before it reads the file: said without running it, once
    // what podman is (remote, its version) is known.
    await context.ready();
    const known = context.forFile(uri);
    // podman-remote has no --build (podman issue 14527): each image is built on the service first
    // with `podman build`, which it has, and the play then finds it there.
    const buildFirst = build === true && known.remote === true;
    if (buildFirst) args = argsFor(undefined);
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
    if (network.chosen && !(await networkExists(podman, network.chosen))) return offerNetwork(deps, uri, how, source.name, network.chosen, network.source);
    // Said before podman runs: what it will build, and from which file.
    const builds = await plannedBuilds(deps, source.text, uri, buildFirst || given.build, buildFirst);
    if (buildFirst && !builds.length) {
      const message = `${title}: nothing to build: no folder beside ${source.name} is named like one of its images and holds a Containerfile or Dockerfile.`;
      void vscode.window.showWarningMessage(message);
      return { ok: false, message };
    }
    if (builds.length) {
      title += `: builds ${builds.map((b) => `${b.image} from ${b.buildFile}`).join(', ')}`;
      podman.note(`${source.name}: podman builds ${builds.map((b) => `${b.image} from ${b.buildPath}`).join(', ')}${buildFirst ? ' on the service, then plays' : ''}`);
    }
    const before = await listObjects(podman.client, builds.length > 0);
    try {
      if (buildFirst) {
        const stopped = await buildOnService(deps, builds, title, before);
        if (stopped) return stopped;
      }
      return await run(deps, uri, how, { source, network, title, args, builds: buildFirst ? [] : builds, cwd: known.playDir }, before);
    } finally {
      // Events do not tell of every pod a play makes (4.3 sends none for a failed one): list now.
      void deps.live.refresh();
    }
  });
}

/**
 * Builds each image with `podman build` where the remote client plays (the service), as kube play
 * would have: the build folder its context. An outcome when a build fails or is cancelled.
 */
async function buildOnService(deps: Deps, builds: readonly Build[], title: string, before: Objects | undefined): Promise<Outcome | undefined> {
  const { podman } = deps;
  for (const b of builds) {
    const steps = stepReporter([b]);
    try {
      await podman.withProgress(`podman build ${b.image} from ${b.buildFile}`, buildArgs({ image: b.image, file: b.buildPath, dir: dirname(b.buildPath) }), { step: steps.report });
    } catch (e) {
      const cleaned = removedNote(before ? await removeMade(podman.client, before, { pods: new Set(), volumes: new Set(), secrets: new Set() }) : []);
      if (e instanceof CancelledError) {
        const message = `Cancelled building ${b.image}.${cleaned}`;
        void vscode.window.showInformationMessage(message);
        return { ok: false, message };
      }
      const failed = e instanceof PodmanFailedError ? failedStep(e.stderr) : undefined;
      if (failed) return buildFailed(podman, b, failed, steps.last(), title, cleaned);
      return { ok: false, message: podman.report(e, title) + cleaned };
    }
  }
  return undefined;
}

/** What an undo removed, as the sentence that ends a message ('' when nothing). */
function removedNote(removed: readonly string[]): string {
  return removed.length ? ` Removed what it had created: ${removed.join(', ')}.` : '';
}

/** Reads a build's output for the progress: "building web: STEP 2/3: RUN make", and the last step begun. */
function stepReporter(builds: readonly Build[]): { report: (line: string) => string | undefined; last: () => BuildStep | undefined; building: () => number } {
  let step: BuildStep | undefined;
  let building = -1;
  return {
    report(line) {
      const s = buildStep(line);
      if (!s) return undefined;
      if (s.step === 1 && (s.stage ?? 1) === 1) building++;
      step = s;
      const image = builds[building]?.image;
      return `${image ? `building ${image}: ` : ''}${s.stage ? `stage ${s.stage}, ` : ''}STEP ${s.step}/${s.steps}: ${s.instruction.length > 60 ? `${s.instruction.slice(0, 59)}…` : s.instruction}`;
    },
    last: () => step,
    building: () => building,
  };
}

async function networkExists(podman: Podman, name: string): Promise<boolean> {
  // A failing podman (missing, a connection down): the play itself says what is wrong.
  return podman.client.networkExists(name).catch(() => true);
}

/** `where`: what chose the network (a committed unit, the editor, a setting), for the message. */
function offerNetwork(deps: Deps, uri: vscode.Uri, how: How, name: string, network: string, where: string | undefined): Outcome {
  const message = `${name} plays on network ${network}${where ? ` (${where})` : ''}, which podman does not have. Create it and play?`;
  const offered = ['Create Network and Play', 'Choose Network...'];
  void vscode.window.showWarningMessage(message, ...offered).then(async (pick) => {
    if (pick === offered[1] && (await deps.actions.chooseNetwork(uri)) !== undefined) await play(deps, uri, how);
    if (pick === offered[0] && (await deps.actions.createNetwork(network))?.ok) await play(deps, uri, how);
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
  return removeMade(deps.podman.client, before, { pods: new Set(manifest.pods.map((p) => p.name)), volumes: named('PersistentVolumeClaim'), secrets: named('Secret') });
}

/** An image the play builds. */
interface Build {
  image: string;
  buildFile: string;
  buildPath: string;
}

/**
 * The images podman will build, as the model says for these flags (`--build` given or not), from
 * the build folders as they are now; `onService`: what Build & Play builds for the remote service.
 */
async function plannedBuilds(deps: Deps, text: string, uri: vscode.Uri, build: boolean | undefined, onService: boolean): Promise<Build[]> {
  const buildContext = await deps.play.buildContextNow(uri, build);
  const manifest = await deps.reader.read(text, { ...deps.play.forFile(uri), build, buildContext, ...(onService ? { remote: false } : {}) });
  const out = new Map<string, Build>();
  for (const c of manifest.pods.flatMap((p) => p.containers)) {
    const s = c.imageSource;
    if (c.image && s?.buildFile && s.buildPath && (s.how === 'build' || s.how === 'build-unless-local')) out.set(s.buildPath, { image: c.image, buildFile: s.buildFile, buildPath: s.buildPath });
  }
  return [...out.values()];
}

interface Prepared {
  source: ManifestSource;
  network: NetworkSelection;
  title: string;
  args: string[];
  builds: Build[];
  cwd: string;
}

async function run(deps: Deps, uri: vscode.Uri, how: How, { source, network, title, args, builds, cwd }: Prepared, before: Objects | undefined): Promise<Outcome> {
  const { podman, play: context, reader, played } = deps;
  const { replace } = how;
  const steps = stepReporter(builds);
  try {
    await podman.withProgress(title, args, { stdin: source.stdin, cwd, step: builds.length ? steps.report : undefined });
  } catch (e) {
    const cleaned = removedNote(before ? await undo(deps, before, source.text, uri) : []);
    if (e instanceof CancelledError) {
      const message = `Cancelled playing ${source.name}.${cleaned}`;
      void vscode.window.showInformationMessage(message);
      return { ok: false, message };
    }
    const kind = e instanceof PodmanFailedError ? classifyError(e.stderr) : undefined;
    if (kind === 'already-exists' && !replace) {
      const message = `${source.name}: ${(e as Error).message}. Replace those pods with this file?`;
      void vscode.window.showWarningMessage(message, 'Replace').then((pick) => pick && play(deps, uri, { ...how, replace: true }));
      return { ok: false, message, offered: ['Replace'] };
    }
    if (kind === 'no-network' && network.chosen) return offerNetwork(deps, uri, how, source.name, network.chosen, network.source);
    const failed = e instanceof PodmanFailedError ? failedStep(e.stderr) : undefined;
    if (failed && builds.length) return buildFailed(podman, builds[Math.max(0, steps.building())], failed, steps.last(), title, cleaned);
    const hint = kind === 'image-missing' ? ' (podman could not pull an image: check the image name and your registry access)' : '';
    return { ok: false, message: podman.report(e, title) + hint + cleaned };
  }
  await context.ready();
  if (builds.length) await context.refreshImages();
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

/** A build that stopped: the Containerfile's line podman names, with a way there. */
async function buildFailed(podman: Podman, build: Build, failed: { instruction: string; why: string }, last: BuildStep | undefined, title: string, cleaned: string): Promise<Outcome> {
  const text = await readBoundedText(build.buildPath, { maxBytes: CONTAINERFILE_MAX_BYTES }).catch(() => undefined);
  const line = text === undefined ? undefined : failedLine(text, failed, last);
  const at = line === undefined ? build.buildFile : `${build.buildFile}:${line + 1}`;
  const message = `${title}: building ${build.image} failed at ${at} (${failed.instruction}): ${failed.why}.${cleaned}`;
  podman.note(message, 'error');
  void vscode.window.showErrorMessage(message, 'Open Containerfile', 'Show Log').then(async (pick) => {
    if (pick === 'Show Log') podman.showLog();
    if (pick !== 'Open Containerfile') return;
    const position = new vscode.Position(line ?? 0, 0);
    await vscode.window.showTextDocument(vscode.Uri.file(build.buildPath), { selection: new vscode.Range(position, position) });
  });
  return { ok: false, message, offered: ['Open Containerfile', 'Show Log'] };
}

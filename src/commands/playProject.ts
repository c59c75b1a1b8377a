// Play, Replace and Down a project: the files of a folder played together on one network (the
// language server knows which; model/project.ts). Podman 5.7+ takes them in one command; older
// podman one file at a time, in the project's order, its ConfigMap files given as --configmap.
// A play that stops removes what it made, so nothing is left half-played.
import { dirname } from 'path';
import * as vscode from 'vscode';
import type { LiveState } from '../live/liveState';
import type { PlayedPods } from '../live/played';
import { readBoundedText } from '../files/read';
import { CHANGES } from '../model/behaviour';
import { atLeast, NEWEST } from '../model/version';
import type { PlayContext } from '../playContext';
import { projectDownArgs, projectPlayArgs } from '../podman/args';
import type { Podman } from '../podman/podman';
import { CancelledError, PodmanFailedError, PodmanNotFoundError } from '../podman/runner';
import { classifyError } from '../podman/parse';
import { flagProblems } from '../model/flags';
import { readPlayArgs } from '../model/playArgs';
import type { ModelReader, PodSummary } from '../reader/modelReader';
import { noManifest, onePerFile, targetUri, type Command, type Outcome } from '../command';
import { listObjects, removeMade } from '../podman/made';
import { COMMANDS } from '../shared/commands';
import type { ProjectInfo } from '../shared/serverProtocol';

/** A project's file is a manifest a person wrote: past this it is not read for the view's record. */
const MAX_BYTES = 2 * 1024 * 1024;

export interface ProjectDeps {
  podman: Podman;
  play: PlayContext;
  reader: ModelReader;
  played: PlayedPods;
  live: LiveState;
  log: vscode.LogOutputChannel;
  /** The project of a file, from the language server; undefined when it is in none. */
  projectOf(uri: vscode.Uri): Promise<ProjectInfo | undefined>;
}

export function playProject(deps: ProjectDeps, replace: boolean): Command {
  return {
    id: replace ? COMMANDS.playProjectReplace : COMMANDS.playProject,
    requiresTrust: true,
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const found = await projectFor(deps, arg);
      if (!found || 'ok' in found) return found;
      return play(deps, found.project, found.uri, replace);
    },
  };
}

async function play(deps: ProjectDeps, project: ProjectInfo, uri: vscode.Uri, replace: boolean): Promise<Outcome> {
  const { network, extraArgs, configMapFiles } = deps.play.forFile(uri);
  const title = `Play project ${project.name}${replace ? ' (replace)' : ''} on ${network ?? 'podman-default-kube-network'}`;
  return onePerFile(projectKey(project), title, async () => {
    await saveAll(project);
    await deps.play.ready();
    const oneCommand = severalFiles(deps.play);
    const inProject = new Set(project.files.map((f) => f.path));
    let plays: string[][];
    try {
      plays = projectPlayArgs({ files: project.files, network, replace, extraArgs, configMaps: configMapFiles.filter((f) => !inProject.has(f)), oneCommand });
    } catch (e) {
      return { ok: false, message: deps.podman.report(e, title) };
    }
    if (!plays.length) return fail(deps, `Project ${project.name} holds only ConfigMaps: podman plays nothing from them.`);
    // A flag this podman lacks (a remote client before 4.6 has no --configmap) stops it before it reads a file.
    const given = readPlayArgs(plays[0].slice(2));
    const refused = flagProblems(given.flags, deps.play.podmanVersion ?? NEWEST, deps.play.remote, deps.play.clientVersion, given.build).filter((p) => p.severity === 'error');
    if (refused.length) return fail(deps, `${title}: ${refused.map((p) => p.message).join(' ')}`);
    if (network && !(await deps.podman.client.networkExists(network).catch(() => true))) return fail(deps, `Project ${project.name} plays on network ${network}, which podman does not have: create it first (Podman: Create Network...).`);
    const played = project.files.filter((f) => !f.configMapsOnly);
    const pods = await projectPods(deps, played);
    const before = await listObjects(deps.podman.client);
    for (const [i, args] of plays.entries()) {
      const step = oneCommand ? played.map((f) => f.name).join(', ') : `${played[i].name} (${i + 1} of ${plays.length})`;
      try {
        // In the first file's folder, as for one file: where podman looks for build folders.
        await deps.podman.withProgress(`${title}: ${step}`, args, { cwd: dirname(played[0].path) });
      } catch (e) {
        if (e instanceof PodmanNotFoundError) return { ok: false, message: deps.podman.report(e, title) };
        // Nothing half-played: what this play made goes (a pod that was there before it stays).
        const named = { pods: new Set(pods.flatMap((f) => [...f.pods.map((p) => p.name), ...f.refused])), volumes: new Set<string>(), secrets: new Set<string>() };
        const removed = before ? [...(await removeMade(deps.podman.client, before, named)), ...(await removeConfigVolumes(deps, project)).removed] : [];
        void deps.live.refresh();
        const why = e instanceof CancelledError ? 'was cancelled' : `stopped at ${oneCommand ? `${step} (one command)` : step}: ${e instanceof Error ? e.message : String(e)}`;
        const cleaned = removed.length ? ` Removed what it had made: ${removed.join(', ')}.` : '';
        const message = `${title} ${why.replace(/\.?$/, '.')}${cleaned}`;
        if (!replace && e instanceof PodmanFailedError && classifyError(e.stderr) === 'already-exists') {
          deps.log.error(message);
          void vscode.window.showWarningMessage(`${message} Replace those pods with the project's?`, 'Replace').then((pick) => pick && play(deps, project, uri, true));
          return { ok: false, message, offered: ['Replace'] };
        }
        return fail(deps, message);
      }
    }
    for (const f of pods) await deps.played.record(f.uri, f.pods);
    void deps.live.refresh();
    const names = pods.flatMap((f) => f.pods.map((p) => p.name));
    const message = `Played project ${project.name} (${project.files.map((f) => f.name).join(', ')}) on ${network ?? 'podman-default-kube-network'}: pods ${names.join(', ') || 'none'}.`;
    void vscode.window.showInformationMessage(message);
    return { ok: true, message };
  });
}

export function downProject(deps: ProjectDeps): Command {
  return {
    id: COMMANDS.downProject,
    requiresTrust: true,
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const found = await projectFor(deps, arg);
      if (!found || 'ok' in found) return found;
      const { project } = found;
      return onePerFile(projectKey(project), `Down project ${project.name}`, async () => {
        await deps.play.ready();
        let failed: string[];
        try {
          failed = await takeDown(deps, project, severalFiles(deps.play), `Down project ${project.name}`);
        } catch (e) {
          return { ok: false, message: deps.podman.report(e, `Down project ${project.name}`) };
        } finally {
          void deps.live.refresh();
        }
        if (failed.length) return fail(deps, `Down project ${project.name}: podman did not take down all of it: ${failed.join('; ')}`);
        const message = `Took down project ${project.name} (${project.files.map((f) => f.name).join(', ')}).`;
        void vscode.window.showInformationMessage(message);
        return { ok: true, message };
      });
    },
  };
}

/** Each played file's pods, as the model names them (read in the worker), and those podman makes of a refused name. */
async function projectPods(deps: ProjectDeps, files: ProjectInfo['files']): Promise<{ uri: vscode.Uri; pods: PodSummary[]; refused: string[] }[]> {
  const out: { uri: vscode.Uri; pods: PodSummary[]; refused: string[] }[] = [];
  for (const f of files) {
    const uri = vscode.Uri.file(f.path);
    const text = await readBoundedText(f.path, { maxBytes: MAX_BYTES }).catch(() => '');
    const summary = await deps.reader.read(text, deps.play.forFile(uri));
    out.push({ uri, pods: summary.pods, refused: summary.refusedPods });
  }
  return out;
}

async function projectFor(deps: ProjectDeps, arg: unknown): Promise<{ project: ProjectInfo; uri: vscode.Uri } | Outcome | undefined> {
  const uri = targetUri(arg);
  if (!uri) return noManifest();
  const project = uri.scheme === 'file' ? await deps.projectOf(uri) : undefined;
  if (!project) {
    const message = `${uri.path.split('/').pop()} is not part of a project: no other manifest in its folder defines what it uses or uses what it defines. Play Kube plays it alone.`;
    void vscode.window.showInformationMessage(message);
    return { ok: false, message };
  }
  return { project, uri };
}

/**
 * Kube down for each file (the last played first), then the ConfigMap and Secret volumes podman
 * made, which kube down keeps. A file that fails does not stop the others; what podman said of each is returned.
 */
async function takeDown(deps: ProjectDeps, project: ProjectInfo, oneCommand: boolean, title: string): Promise<string[]> {
  const failed: string[] = [];
  for (const args of projectDownArgs({ files: project.files, oneCommand })) {
    try {
      await deps.podman.withProgress(`${title}: ${args.slice(2).join(' ')}`, args);
    } catch (e) {
      if (e instanceof PodmanNotFoundError) throw e;
      failed.push(`${args.slice(2).join(' ')}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return [...failed, ...(await removeConfigVolumes(deps, project)).failed];
}

/** The volumes podman made for the project's ConfigMap and Secret volumes that exist now, removed: kube down keeps them. */
async function removeConfigVolumes(deps: ProjectDeps, project: ProjectInfo): Promise<{ removed: string[]; failed: string[] }> {
  const removed: string[] = [];
  const failed: string[] = [];
  const existing = new Set(await deps.podman.client.volumeNames().catch(() => []));
  for (const v of project.volumes) {
    if (!existing.has(v)) continue;
    try {
      await deps.podman.client.remove('volume', v);
      removed.push(`volume ${v}`);
    } catch (e) {
      failed.push(`volume ${v}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return { removed, failed };
}

/** Podman 5.7+ plays several files in one command; the remote client joins them, so its version decides. */
function severalFiles(play: PlayContext): boolean {
  return atLeast(play.clientVersion ?? play.podmanVersion ?? NEWEST, CHANGES.severalFiles.since);
}

/** Podman reads the files from disk: what the editor shows is what plays. */
async function saveAll(project: ProjectInfo): Promise<void> {
  const paths = new Set(project.files.map((f) => f.path));
  await Promise.all(vscode.workspace.textDocuments.filter((d) => d.isDirty && paths.has(d.uri.fsPath)).map((d) => d.save()));
}

/** One play or down of a project at a time: keyed by its first file. */
function projectKey(project: ProjectInfo): vscode.Uri {
  return vscode.Uri.file(project.files[0].path).with({ fragment: 'project' });
}

function fail(deps: ProjectDeps, message: string): Outcome {
  deps.log.error(message);
  void vscode.window.showErrorMessage(message, 'Show Log').then((pick) => pick && deps.log.show());
  return { ok: false, message };
}

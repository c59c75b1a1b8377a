// Podman: Export as Quadlet...: writes the `.kube` unit (and the `.network` unit of a user network)
// that run the manifest as a systemd service, with what the extension knows of the file (its
// network, --configmap files, extra play arguments). Never overwrites a unit without asking.
import { existsSync } from 'fs';
import { lstat, readlink } from 'fs/promises';
import { homedir } from 'os';
import { join, relative } from 'path';
import * as vscode from 'vscode';
import { noManifest, targetUri, type Command } from '../command';
import { atLeast, shortVersion } from '../model/version';
import type { PlayContext } from '../playContext';
import type { Podman } from '../podman/podman';
import { resolveExecutable } from '../podman/runner';
import { isFile } from '../files/read';
import { quadletComplaints, quadletUnits, unitName } from '../quadlet/units';
import { QUADLET_COMMAND_SINCE } from '../quadlet/keys';
import { COMMANDS } from '../shared/commands';
import type { ReadOnlyDocuments } from '../readOnlyDocuments';

const YAML_MODE_KEY = 'podmanKube.quadlet.yamlMode';
/** Where distributions install podman's quadlet generator. */
const QUADLET_PATHS = ['/usr/libexec/podman/quadlet', '/usr/lib/podman/quadlet'];

export interface ExportOptions {
  /** The folder to write to (skips the question). */
  folder?: vscode.Uri;
  /** `absolute`: Yaml= points at the file; `copy`: the manifest is copied beside the unit. */
  yaml?: 'absolute' | 'copy';
  /** Replace existing units without asking. */
  overwrite?: boolean;
  /** Write through a symbolic link at a unit's path without asking. */
  followLinks?: boolean;
}

export interface ExportResult {
  folder: vscode.Uri;
  files: vscode.Uri[];
  message: string;
  /** The follow-ups the message offers. */
  offered?: string[];
}

/** The unit folders quadlet reads: rootless (this user) and rootful. */
export function unitFolders(): { label: string; path: string; user: boolean }[] {
  return [
    { label: 'For your user (rootless)', path: join(homedir(), '.config', 'containers', 'systemd'), user: true },
    { label: 'For the system (rootful, needs root)', path: '/etc/containers/systemd', user: false },
  ];
}

export function exportQuadlet(podman: Podman, play: PlayContext, memento: vscode.Memento, services: ReadOnlyDocuments): Command[] {
  async function exportUnits(arg?: unknown, options: ExportOptions = {}): Promise<ExportResult | undefined> {
    const uri = targetUri(arg);
    if (!uri) return noManifest();
    const doc = await vscode.workspace.openTextDocument(uri);
    if (doc.isUntitled || uri.scheme !== 'file') {
      void vscode.window.showInformationMessage('Save the manifest first: the unit plays a file.');
      return undefined;
    }
    const folder = options.folder ?? (await pickFolder());
    if (!folder) return undefined;
    const yamlMode = options.yaml ?? (await pickYamlMode(memento));
    if (!yamlMode) return undefined;
    await play.ready();
    const file = play.forFile(uri);
    const name = unitName(uri.fsPath);
    const yaml = yamlMode === 'copy' ? join(folder.fsPath, `${name}.yml`) : uri.fsPath;
    // A unit written into the repository names its files relative to itself (quadlet resolves them
    // against the unit's folder), so it travels with the repository.
    const inRepo = (vscode.workspace.workspaceFolders ?? []).some((f) => [folder.fsPath, uri.fsPath].every((p) => !relative(f.uri.fsPath, p).startsWith('..')));
    const named = (p: string) => (inRepo ? relative(folder.fsPath, p) : p);
    let units;
    try {
      units = quadletUnits({ yaml: named(yaml), name, network: file.selection.chosen, configMaps: file.configMapFiles.map(named), podmanArgs: podman.settings(uri).extraArgs, source: uri.fsPath, podmanVersion: play.podmanVersion });
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot export ${name}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const writes = units.units.map((u) => ({ uri: vscode.Uri.joinPath(folder, u.file), text: u.text }));
    if (yamlMode === 'copy') writes.push({ uri: vscode.Uri.file(yaml), text: doc.getText() });
    // A link at a unit's path (even one leading nowhere) would be written through: said first.
    const links = (await Promise.all(writes.map(async (w) => ((await lstat(w.uri.fsPath).catch(() => undefined))?.isSymbolicLink() ? `${w.uri.fsPath} -> ${await readlink(w.uri.fsPath).catch(() => '?')}` : undefined)))).filter(
      (l): l is string => !!l,
    );
    if (links.length && !options.followLinks) {
      const pick = await vscode.window.showWarningMessage(
        `${links.join(', ')}: ${links.length === 1 ? 'this is a symbolic link' : 'these are symbolic links'}, and writing the unit would write where ${links.length === 1 ? 'it leads' : 'they lead'}. Write through ${links.length === 1 ? 'it' : 'them'}?`,
        { modal: true },
        'Write Through Link',
      );
      if (pick !== 'Write Through Link') return undefined;
    }
    const present = await Promise.all(writes.map((w) => isFile(w.uri.fsPath)));
    const existing = writes.filter((_, i) => present[i]).map((w) => w.uri.path.split('/').pop()!);
    if (existing.length && !options.overwrite) {
      const pick = await vscode.window.showWarningMessage(`${existing.join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'} in ${folder.fsPath}. Replace?`, { modal: true }, 'Replace');
      if (pick !== 'Replace') return undefined;
    }
    try {
      await vscode.workspace.fs.createDirectory(folder);
      for (const w of writes) await vscode.workspace.fs.writeFile(w.uri, new TextEncoder().encode(w.text));
    } catch (e) {
      void vscode.window.showErrorMessage(`Cannot write to ${folder.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
    const version = play.podmanVersion;
    const hostNote =
      version && !atLeast(version, `${units.needs.version}.0`)
        ? ` This podman (${version}) cannot run it: the host that runs it needs podman ${units.needs.version} or newer (${units.needs.why}).`
        : ` Needs podman ${units.needs.version} or newer (${units.needs.why}).`;
    const beforeNote = units.before ? ` Written for podman before ${units.before.version}: from ${units.before.version} ${units.before.why}.` : '';
    const written = writes.map((w) => w.uri.path.split('/').pop()!);
    const systemd = unitFolders().find((f) => f.path === folder.fsPath);
    const user = systemd?.user ?? true;
    const refused = await generatorRefuses(folder, written, user);
    if (refused) {
      const message = `Wrote ${written.join(', ')} to ${folder.fsPath}, but quadlet refuses it: ${refused}`;
      void vscode.window.showErrorMessage(message);
      return { folder, files: writes.map((w) => w.uri), message };
    }
    // A unit runs where systemd and podman are: with the remote client, on the service's machine,
    // and `podman quadlet` is not implemented for it (pkg/domain/infra/tunnel/quadlet.go, v5.8.2).
    const remoteNote = play.remote
      ? ' Podman here is the remote client: a unit runs on the machine podman runs on, so put these there (for a podman machine: `podman machine ssh`, into ~/.config/containers/systemd, or /etc/containers/systemd on a rootful one); `podman quadlet` is not implemented for the remote client.'
      : '';
    const message = `Wrote ${written.join(', ')} to ${folder.fsPath}.${hostNote}${beforeNote}${remoteNote}`;
    const here = !play.remote;
    const actions = ['Show Generated Service', ...(systemd && here ? ['Reload systemd', `Start ${name}.service`, 'Status'] : []), ...(version && atLeast(version, QUADLET_COMMAND_SINCE) && !systemd && here ? ['podman quadlet install'] : [])];
    void vscode.window.showInformationMessage(message, ...actions).then((pick) => {
      if (pick === 'Show Generated Service') void showService(folder, user);
      if (pick === 'Reload systemd') followUp('daemon-reload', name, user);
      if (pick?.startsWith('Start ')) followUp('start', name, user);
      if (pick === 'Status') followUp('status', name, user);
      if (pick === 'podman quadlet install')
        followUp(
          'install',
          name,
          user,
          writes.map((w) => w.uri.fsPath),
        );
    });
    return { folder, files: writes.map((w) => w.uri), message, offered: actions };
  }

  /** The generator here, if any: the machine setting, else where distributions install it. */
  function generator(): string | undefined {
    return podman.quadletPath() || QUADLET_PATHS.find((p) => existsSync(p));
  }

  /** What this machine's quadlet says against the units just written (none here: nothing to say). */
  async function generatorRefuses(folder: vscode.Uri, files: string[], user: boolean): Promise<string | undefined> {
    const quadlet = generator();
    if (!quadlet) return undefined;
    const { stderr } = await podman.runTool(quadlet, ['-dryrun', ...(user ? ['-user'] : [])], { QUADLET_UNIT_DIRS: folder.fsPath });
    const mine = quadletComplaints(stderr).filter((l) => files.some((f) => l.includes(f)));
    return mine.length ? mine.join('; ') : undefined;
  }

  /** What quadlet generates from a folder's units (`quadlet -dryrun`), read-only; or why not. */
  async function showService(folder?: vscode.Uri, user = true): Promise<vscode.TextDocument | string | undefined> {
    const dir = folder ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, title: 'The folder of the units' }))?.[0];
    if (!dir) return undefined;
    const quadlet = generator();
    if (!quadlet) {
      const version = play.podmanVersion;
      const message = `No quadlet here${version ? `: podman ${shortVersion(version)} has none` : ''}. It comes with podman 4.4; on a host with it, \`${QUADLET_PATHS[0]} -dryrun\` shows the service.`;
      void vscode.window.showInformationMessage(message);
      return message;
    }
    const { code, stdout, stderr } = await podman.runTool(quadlet, ['-dryrun', ...(user ? ['-user'] : [])], { QUADLET_UNIT_DIRS: dir.fsPath });
    const problems = quadletComplaints(stderr);
    const text = `# ${quadlet} -dryrun${user ? ' -user' : ''} (QUADLET_UNIT_DIRS=${dir.fsPath}): exit ${code}\n${problems.map((l) => `# ${l}\n`).join('')}\n${stdout}`;
    return services.show(`/${dir.path.split('/').pop() ?? 'units'}.service`, text);
  }

  /** What comes after an export, in a terminal that runs systemctl (or podman) itself. */
  function followUp(action: 'daemon-reload' | 'start' | 'status' | 'install', name: string, user: boolean, files: string[] = []): vscode.Terminal | undefined {
    if (action === 'install') return podman.terminal('podman quadlet install', ['quadlet', 'install', '--', ...files]);
    const args = [...(user ? ['--user'] : []), action, ...(action === 'daemon-reload' ? [] : ['--', `${name}.service`])];
    const t = vscode.window.createTerminal({ name: `systemctl ${args.join(' ')}`, shellPath: resolveExecutable('systemctl'), shellArgs: args });
    t.show();
    return t;
  }

  return [
    // Units are made to run: like the commands that run podman, none from an untrusted workspace.
    { id: COMMANDS.quadletFollowUp, requiresTrust: true, execute: (action: unknown, name: unknown, user: unknown, files: unknown) => followUp(action as 'start', String(name), user !== false, Array.isArray(files) ? files.map(String) : []) },
    { id: COMMANDS.exportQuadlet, requiresTrust: true, execute: (arg?: unknown, options?: ExportOptions) => exportUnits(arg, options) },
    { id: COMMANDS.showQuadletService, requiresTrust: true, execute: (folder?: unknown) => showService(folder instanceof vscode.Uri ? folder : undefined) },
  ];
}

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const items = [...unitFolders().map((f) => ({ label: f.label, description: f.path, path: f.path })), { label: 'Choose a folder...', description: '', path: '' }];
  const pick = await vscode.window.showQuickPick(items, { title: 'Where should the Quadlet units go?' });
  if (!pick) return undefined;
  if (pick.path) return vscode.Uri.file(pick.path);
  return (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Export here' }))?.[0];
}

async function pickYamlMode(memento: vscode.Memento): Promise<'absolute' | 'copy' | undefined> {
  const last = memento.get<'absolute' | 'copy'>(YAML_MODE_KEY);
  const items = [
    { label: 'Point at this file', description: 'Yaml= its absolute path: edits reach the service on its next start', mode: 'absolute' as const },
    { label: 'Copy it beside the unit', description: 'the service keeps this version of the file', mode: 'copy' as const },
  ].sort((a, b) => (a.mode === last ? -1 : b.mode === last ? 1 : 0));
  const pick = await vscode.window.showQuickPick(items, { title: 'Yaml=' });
  if (pick) await memento.update(YAML_MODE_KEY, pick.mode);
  return pick?.mode;
}

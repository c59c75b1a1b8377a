// Play settings committed with the repository: samples/valkey1/valkey1.kube (Quadlet) chooses the
// network of play.yml for the preview, CodeLens and Play, before the editor's own choice; a missing
// network is said before podman runs; an export into the repository names files relative to itself.
import * as assert from 'assert';
import { execFile } from 'child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'fs';
import { dirname } from 'path';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';
import type { Api } from '../../../src/extension';
import type { ExportResult } from '../../../src/commands/exportQuadlet';
import { closeAll, EXTENSION_ID, previewRecord, waitFor, workspaceFile } from './helpers';

const run = promisify(execFile);
const podman = async (...args: string[]) => (await run('podman', args, { env: process.env })).stdout.trim();
const command = <T = Outcome>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);

describe('play settings committed as a Quadlet unit', function () {
  this.timeout(120_000);
  let api: Api;
  const manifest = workspaceFile('valkey1', 'play.yml');
  const unit = workspaceFile('valkey1', 'valkey1.kube');
  const aside = `${unit.fsPath}.aside`;
  const exported = workspaceFile('units');
  const cleanUp = async () => {
    await podman('pod', 'rm', '-f', '--ignore', 'valkey1-server', 'valkey1-client');
    await podman('network', 'rm', '-f', 'valkey1').catch(() => '');
  };

  before(async () => {
    api = (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate())!;
    previewRecord(api.previews);
    await cleanUp();
    await api.networks.set(manifest, 'podman');
    // The workspace keeps the sample's unit aside for the other suites: back where it ships.
    renameSync(aside, unit.fsPath);
  });
  after(async () => {
    if (existsSync(unit.fsPath)) renameSync(unit.fsPath, aside);
    rmSync(exported.fsPath, { recursive: true, force: true });
    await api.networks.set(manifest, undefined);
    await closeAll();
    await cleanUp();
  });

  it("the unit chooses valkey1 (from valkey1.network) over the editor's choice, and says where it comes from", async () => {
    const n = await waitFor('the unit to be followed', () => (api.networks.get(manifest).unit ? api.networks.get(manifest) : undefined));
    assert.deepStrictEqual([n.chosen, n.source, n.unit?.fsPath], ['valkey1', 'valkey1/valkey1.kube', unit.fsPath]);
    // No such network in podman yet: known as missing once podman was asked.
    await api.networks.refreshKnown(true);
    assert.strictEqual(api.networks.get(manifest).exists, false);
    await vscode.window.showTextDocument(manifest);
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', manifest);
      return l.length ? l : undefined;
    });
    assert.deepStrictEqual(
      lenses.slice(0, 2).map((l) => l.command?.title),
      ['$(play) Play on valkey1', '$(file-symlink-file) valkey1/valkey1.kube'],
    );
    assert.match(lenses[0].command!.tooltip!, /--network valkey1, valkey1\/valkey1\.kube: the network does not exist yet/);
  });

  it('the preview draws play.yml on valkey1 and says it does not exist', async () => {
    const editor = await vscode.window.showTextDocument(manifest);
    await command('podmanKube.openPreviewToSide');
    const message = await waitFor('a render on valkey1', () => {
      const m = previewRecord(api.previews).lastMessage(api.previews.active);
      return m?.type === 'render' && m.version === editor.document.version && m.network.name === 'valkey1' ? m : undefined;
    });
    assert.deepStrictEqual(message.type === 'render' && [message.network.source, message.network.missing], ['valkey1/valkey1.kube', true]);
    assert.match(message.type === 'render' ? message.mermaid : '', /Network valkey1 #40;does not exist: create it before playing#41;/);
  });

  it('Play offers to create the missing network before podman runs; once it exists, plays on it', async () => {
    const first = await command('podmanKube.play', manifest);
    assert.strictEqual(first.ok, false);
    assert.strictEqual(first.message, 'play.yml plays on network valkey1 (valkey1/valkey1.kube), which podman does not have. Create it and play?');
    assert.deepStrictEqual(first.offered, ['Create Network and Play', 'Choose Network...']);
    // Nothing was played: no pod left behind (podman 4.3 leaves one when it runs on a missing network).
    assert.strictEqual(await podman('pod', 'ps', '-q', '--filter', 'name=valkey1'), '');
    assert.ok((await command('podmanKube.createNetwork', 'valkey1')).ok);
    await waitFor('the network to be known', () => api.networks.get(manifest).exists === true);
    const played = await command('podmanKube.play', manifest);
    assert.ok(played.ok, played.message);
    assert.match(played.message, /^Played play\.yml on valkey1 \(valkey1\/valkey1\.kube\): pods valkey1-server/);
    assert.deepStrictEqual(JSON.parse(await podman('pod', 'inspect', 'valkey1-client', '--format', '{{json .InfraConfig.Networks}}')), ['valkey1']);
    assert.ok((await command('podmanKube.down', manifest)).ok);
  });

  it('Choose Network points at the unit instead of overruling it', async () => {
    assert.strictEqual(await command<string | undefined>('podmanKube.chooseNetwork', manifest, 'podman'), undefined);
    assert.strictEqual(api.networks.get(manifest).effective, 'valkey1');
  });

  it("the unit's PodmanArgs= and ConfigMap= reach the play's arguments; without the unit the editor's choice is back", async () => {
    const original = readFileSync(unit.fsPath, 'utf8');
    const doc = await vscode.workspace.openTextDocument(unit);
    const edit = new vscode.WorkspaceEdit();
    const after = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('Network='));
    edit.insert(unit, new vscode.Position(after + 1, 0), 'PodmanArgs=--publish-all "--annotation=team=a b"\nConfigMap=cm.yml\n');
    await vscode.workspace.applyEdit(edit);
    await doc.save();
    try {
      const file = await waitFor('the new arguments', () => (api.play.forFile(manifest).extraArgs.length === 2 ? api.play.forFile(manifest) : undefined));
      assert.deepStrictEqual([file.extraArgs, file.configMapFiles, file.publishAll], [['--publish-all', '--annotation=team=a b'], [`${dirname(unit.fsPath)}/cm.yml`], true]);
    } finally {
      const undo = new vscode.WorkspaceEdit();
      undo.replace(unit, new vscode.Range(0, 0, doc.lineCount, 0), original);
      await vscode.workspace.applyEdit(undo);
      await doc.save();
    }
    renameSync(unit.fsPath, aside);
    await waitFor("the editor's choice back", () => api.networks.get(manifest).effective === 'podman');
    renameSync(aside, unit.fsPath);
    await waitFor('the unit again', () => api.networks.get(manifest).unit !== undefined);
  });

  it('Export as Quadlet into the repository names the manifest relative to the unit, and the unit is followed', async () => {
    mkdirSync(exported.fsPath, { recursive: true });
    const other = workspaceFile('valkey0', 'play.yml');
    await api.networks.set(other, 'podman');
    try {
      const result = await command<ExportResult>('podmanKube.exportQuadlet', other, { folder: exported, yaml: 'absolute' });
      const kube = readFileSync(result.files.find((f) => f.path.endsWith('.kube'))!.fsPath, 'utf8').split('\n');
      assert.ok(kube.includes('Yaml=../valkey0/play.yml') && kube.includes('Network=podman'), kube.join('\n'));
      // Now committed: it chooses, and a later choice in the editor does not overrule it.
      await waitFor('the exported unit followed', () => api.networks.get(other).source === 'units/valkey0.kube');
      await api.networks.set(other, 'host');
      assert.strictEqual(api.networks.get(other).effective, 'podman');
    } finally {
      await api.networks.set(other, undefined);
    }
  });
});

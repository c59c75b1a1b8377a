// Export as Quadlet and the unit editor in the real extension host: the files written to a chosen
// folder, the link from Yaml= to the manifest, the preview from a .kube on the unit's network,
// and the unit's diagnostics and hover.
import * as assert from 'assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { ExportResult } from '../../../src/commands/exportQuadlet';
import { closeAll, EXTENSION_ID, previewRecord, waitFor, workspaceFile } from './helpers';

describe('Quadlet in the extension host', function () {
  this.timeout(60_000);
  let api: Api;
  const folder = mkdtempSync(join(tmpdir(), 'podman-kube-quadlet-'));
  const manifest = workspaceFile('valkey1', 'play.yml');

  before(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    previewRecord(api.previews);
  });
  after(async () => {
    await api.networks.set(manifest, undefined);
    await closeAll();
    rmSync(folder, { recursive: true, force: true });
  });

  it('exports valkey1 with its network to a chosen folder: the .kube and the .network units', async () => {
    await api.networks.set(manifest, 'valkey1');
    const result = await vscode.commands.executeCommand<ExportResult>('podmanKube.exportQuadlet', manifest, { folder: vscode.Uri.file(folder), yaml: 'absolute' });
    assert.deepStrictEqual(
      result.files.map((f) => f.path.split('/').pop()),
      ['valkey1.kube', 'valkey1.network'],
    );
    const kube = readFileSync(join(folder, 'valkey1.kube'), 'utf8');
    assert.ok(kube.split('\n').includes(`Yaml=${manifest.fsPath}`), kube);
    assert.ok(kube.split('\n').includes('Network=valkey1.network'), kube);
    assert.match(readFileSync(join(folder, 'valkey1.network'), 'utf8'), /\nNetworkName=valkey1\n/);
    // The host's podman 4.3 has no quadlet: the message says what the target needs.
    if (api.play.podmanVersion?.startsWith('4.3')) assert.match(result.message, /cannot run it: the host that runs it needs podman 4\.7 or newer \(NetworkName= in the \.network unit\)/);
    // A copy beside the unit instead, replacing what is there when asked to.
    const copy = await vscode.commands.executeCommand<ExportResult>('podmanKube.exportQuadlet', manifest, { folder: vscode.Uri.file(folder), yaml: 'copy', overwrite: true });
    assert.deepStrictEqual(
      copy.files.map((f) => f.path.split('/').pop()),
      ['valkey1.kube', 'valkey1.network', 'valkey1.yml'],
    );
    assert.ok(readFileSync(join(folder, 'valkey1.kube'), 'utf8').includes(`Yaml=${join(folder, 'valkey1.yml')}`));
    assert.strictEqual(readFileSync(join(folder, 'valkey1.yml'), 'utf8'), readFileSync(manifest.fsPath, 'utf8'));
    // Back to the absolute path for the next tests.
    await vscode.commands.executeCommand('podmanKube.exportQuadlet', manifest, { folder: vscode.Uri.file(folder), yaml: 'absolute', overwrite: true });
  });

  it("the .kube unit: its Yaml= links to the manifest, and its preview draws the unit's network", async () => {
    const unit = vscode.Uri.file(join(folder, 'valkey1.kube'));
    const doc = await vscode.workspace.openTextDocument(unit);
    assert.strictEqual(doc.languageId, 'quadlet');
    await vscode.window.showTextDocument(doc);
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', unit);
    const yaml = links.find((l) => doc.lineAt(l.range.start.line).text.startsWith('Yaml='))!;
    assert.strictEqual(yaml.target?.fsPath, manifest.fsPath);
    await vscode.commands.executeCommand('vscode.open', yaml.target);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, manifest.fsPath);
    // The file's own choice is the default network now; the unit plays it on valkey1.
    await api.networks.set(manifest, undefined);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', unit);
    assert.deepStrictEqual(
      lenses.map((l) => l.command?.title),
      ['Open Manifest', 'Open Topology Preview (network valkey1)'],
    );
    await vscode.commands.executeCommand('podmanKube.previewQuadletManifest', unit);
    const drawn = await waitFor("the preview of the unit's manifest", () => {
      const m = previewRecord(api.previews).lastMessage(api.previews.active);
      return m?.type === 'render' && m.uri === manifest.toString() && m.network.name === 'valkey1' ? m : undefined;
    });
    // (Marked missing when podman has no valkey1 at this moment: the point here is the unit's network.)
    assert.match(drawn.mermaid, /Network valkey1( #40;does not exist: create it before playing#41;)?"/);
    await closeAll();
  });

  it("Show Generated Service: what podman 5.4.2's quadlet makes of the exported units", async () => {
    // The host's podman 4.3 has no quadlet: the chroot's, through a wrapper (a machine setting, as a user would set it).
    const chroot = `${process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube'}/trixie`;
    const inside = mkdtempSync(join(chroot, 'tmp', 'pk-quadlet-host-'));
    const config = vscode.workspace.getConfiguration('podmanKube');
    await config.update('quadlet.path', join(__dirname, '..', '..', '..', '..', 'scripts', 'quadlet5'), vscode.ConfigurationTarget.Global);
    try {
      await api.networks.set(manifest, 'valkey1');
      await vscode.commands.executeCommand('podmanKube.exportQuadlet', manifest, { folder: vscode.Uri.file(inside), yaml: 'absolute' });
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('podmanKube.showQuadletService', vscode.Uri.file(inside));
      const text = doc.getText();
      assert.match(text, /: exit 0\n/);
      assert.match(text, /^---valkey1\.service---$/m);
      assert.match(text, /^---valkey1-network\.service---$/m);
      assert.ok(text.split('\n').includes(`ExecStart=/usr/bin/podman kube play --replace --service-container=true --network valkey1 ${manifest.fsPath}`), text);
      assert.ok(text.split('\n').includes('ExecStart=/usr/bin/podman network create --ignore valkey1'), text);
      await closeAll();
    } finally {
      await config.update('quadlet.path', undefined, vscode.ConfigurationTarget.Global);
      await api.networks.set(manifest, undefined);
      rmSync(inside, { recursive: true, force: true });
    }
  });

  it('the follow-ups run systemctl (or podman quadlet install) itself in a terminal, each name after --', async () => {
    const run = (...args: unknown[]) => vscode.commands.executeCommand<vscode.Terminal>('podmanKube.quadletFollowUp', ...args);
    const line = (t: vscode.Terminal) => {
      const o = t.creationOptions as vscode.TerminalOptions;
      return [o.shellPath, ...(o.shellArgs as string[])];
    };
    const terminals = [await run('daemon-reload', 'valkey1', true), await run('start', 'valkey1', true), await run('status', 'valkey1', false), await run('install', 'valkey1', true, [join(folder, 'valkey1.kube')])];
    // Absolute paths, found in the extension host's PATH: the terminal's environment (workspace settings can change it) chooses nothing.
    const podmanPath = vscode.workspace.getConfiguration('podmanKube').get<string>('podman.path') || '/usr/bin/podman';
    assert.deepStrictEqual(terminals.map(line), [
      ['/usr/bin/systemctl', '--user', 'daemon-reload'],
      ['/usr/bin/systemctl', '--user', 'start', '--', 'valkey1.service'],
      ['/usr/bin/systemctl', 'status', '--', 'valkey1.service'],
      [podmanPath, 'quadlet', 'install', '--', join(folder, 'valkey1.kube')],
    ]);
    for (const t of terminals) t.dispose();
  });

  it('a unit with a mistake: the diagnostic quadlet would give, and hover on a key', async () => {
    const bad = join(folder, 'bad.kube');
    writeFileSync(bad, `[Kube]\nYaml=${manifest.fsPath}\nNetwrk=valkey1\nKubeDownForce=maybe\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(bad));
    await vscode.window.showTextDocument(doc);
    const diagnostics = await waitFor('diagnostics of bad.kube', () => {
      const d = vscode.languages.getDiagnostics(doc.uri);
      return d.length ? d : undefined;
    });
    const version = api.play.podmanVersion;
    const quadlet = version && /^4\.[0-3]\./.test(version) ? 'quadlet' : `podman ${version?.replace(/\.0$/, '')}'s quadlet`;
    assert.deepStrictEqual(
      diagnostics.filter((d) => d.code !== 'quadlet-none').map((d) => [d.range.start.line, d.severity, d.message]),
      [
        [2, vscode.DiagnosticSeverity.Error, `${quadlet} refuses this unit: unsupported key 'Netwrk' in group 'Kube'. Did you mean Network=?`],
        [3, vscode.DiagnosticSeverity.Information, `${quadlet} reads "maybe" as false (only 1, yes, true, on are true).`],
      ],
    );
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(3, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*KubeDownForce=\*\* \(quadlet, from podman 4\.8\)/);
    await closeAll();
  });
});

// Files a cloned repository can hold, opened in the real extension host: `.kube` units whose
// Network= sibling is a FIFO, a link to /dev/zero, a 2 GB sparse file or outside the folder, and a
// flood of YAML files arriving while the Podman view reads the workspace. Each answers, and the
// host keeps ticking (the longest gap of a 10 ms timer is printed; `npm run bench` holds the figures).
import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import { floodYaml, HOSTILE_UNITS, writeHostileUnits } from '../../support/hostileFiles';
import { within as withinPromise } from '../../support/lspClient';
import { closeAll, EXTENSION_ID, stallMeter, waitFor, workspaceFile } from './helpers';

/** A provider's answer, or a failure when it hangs. */
const within = <T>(ms: number, what: string, p: Thenable<T>) => withinPromise(ms, what, Promise.resolve(p));

describe('hostile files in the extension host', function () {
  this.timeout(180_000);
  let api: Api;
  const dir = mkdtempSync(join(tmpdir(), 'pk-hostile-'));

  before(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    writeHostileUnits(dir);
  });
  after(async () => {
    await closeAll();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const { file, network, shown } of HOSTILE_UNITS) {
    it(`${file} (${network}): CodeLens, links, hover and diagnostics answer, the sibling is not read`, async () => {
      const path = join(dir, file);
      const meter = stallMeter();
      const doc = await vscode.workspace.openTextDocument(path);
      await vscode.window.showTextDocument(doc);
      const lenses = await within(5000, 'CodeLens', vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri));
      const links = await within(5000, 'links', vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri));
      await within(5000, 'hover', vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(1, 2)));
      // The check has run once the unit's folder was read: for ../up.network it says quadlet finds no such unit.
      const diagnostics =
        file === 'sub/up.kube'
          ? await waitFor('diagnostics', () => vscode.languages.getDiagnostics(doc.uri).length > 0 && vscode.languages.getDiagnostics(doc.uri))
          : (await new Promise((r) => setTimeout(r, 500)), vscode.languages.getDiagnostics(doc.uri));
      const stall = meter.stop();
      console.log(`      ${file}: longest host stall ${Math.round(stall)} ms`);
      assert.deepStrictEqual(
        lenses.map((l) => l.command?.title),
        ['Open Manifest', `Open Topology Preview (network ${shown})`],
      );
      // A link to the manifest; to the sibling only where it is a regular file of the unit's folder
      // (the sparse file: opening it is the user's click, and the editor asks first for a big file).
      assert.deepStrictEqual(
        links.map((l) => l.target?.fsPath),
        [join(dir, 'play.yml'), ...(file === 'sparse.kube' ? [join(dir, 'sparse.network')] : [])],
      );
      if (file === 'sub/up.kube')
        assert.ok(
          diagnostics.some((d) => d.code === 'quadlet-no-network-unit'),
          diagnostics.map((d) => d.message).join('\n'),
        );
      else assert.ok(!diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error), diagnostics.map((d) => d.message).join('\n'));
    });
  }

  it('a 300 kB unit of continuation lines: no check, lens or hover runs on it (not one a person wrote)', async () => {
    const path = join(dir, 'long.kube');
    writeFileSync(path, `[Kube]\nYaml=${join(dir, 'play.yml')}\nPodmanArgs=--x \\\n${'  --y \\\n'.repeat(40_000)}  --z\n`);
    const doc = await vscode.workspace.openTextDocument(path);
    const meter = stallMeter();
    const lenses = await within(5000, 'CodeLens', vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri));
    const hovers = await within(5000, 'hover', vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 2)));
    console.log(`      long.kube: longest host stall ${Math.round(meter.stop())} ms`);
    assert.deepStrictEqual([lenses.length, hovers.length], [0, 0]);
  });

  it('20,000 YAML files arriving while the Podman view reads the workspace (and a link to /dev/zero among them): the view stays connected and the host keeps ticking', async () => {
    await vscode.commands.executeCommand('podmanKube.pods.focus');
    await waitFor('the view to read the workspace', () => api.pods.data().connection === 'connected', 30_000);
    const flood = workspaceFile('flood');
    // Written by another process, as a checkout or an unpack would: the host only sees the events.
    const meter = stallMeter();
    await floodYaml(flood.fsPath, 20_000);
    await new Promise((r) => setTimeout(r, 5000));
    const stall = meter.stop();
    console.log(`      20,000 files: longest host stall ${Math.round(stall)} ms`);
    assert.ok(api.pods.data().connection === 'connected');
    rmSync(flood.fsPath, { recursive: true, force: true });
  });
});

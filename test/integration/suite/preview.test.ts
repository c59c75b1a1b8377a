import * as assert from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import { generateManifest } from '../../support/generate';
import { closeAll, EXTENSION_ID, openYaml, previewRecord, stallMeter, waitFor, workspaceFile } from './helpers';

let api: Api;
const record = () => previewRecord(api.previews);

async function openSample(...parts: string[]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(...parts));
  return vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
}

/** Waits until the webview reports it drew this document version (Mermaid really rendered). */
async function rendered(version: number) {
  return waitFor(
    `the preview to render version ${version}`,
    () => {
      const p = api.previews.active;
      return p && record().renderedVersion(p) === version ? p : undefined;
    },
    30_000,
  );
}

async function exportedSvg(): Promise<string> {
  const target = vscode.Uri.file(path.join(os.tmpdir(), `topology-${Date.now()}.svg`));
  const saved = await vscode.commands.executeCommand<vscode.Uri>('podmanKube.exportSvg', undefined, target);
  assert.ok(saved, 'export returned no file');
  return readFileSync(saved.fsPath, 'utf8');
}

describe('topology preview in a real VS Code host', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID)!;
    api = await ext.activate();
    record();
  });
  afterEach(async () => {
    await closeAll();
    await waitFor('previews to close', () => api.previews.active === undefined);
  });

  it('opens to the side and the webview draws the document', async () => {
    const editor = await openSample('valkey1', 'play.yml');
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    const preview = await rendered(editor.document.version);
    assert.strictEqual(preview.panel.viewColumn, vscode.ViewColumn.Two);
    assert.strictEqual(preview.panel.title, 'Topology: play.yml');
    const svg = await exportedSvg();
    assert.match(svg, /^<\?xml[^]*<svg/);
    for (const text of ['Pod valkey1-server', 'Pod valkey1-client', 'Network podman-default-kube-network', 'valkey1-server:6379']) assert.ok(svg.includes(text), text);
  });

  it('follows the podman version: a Deployment is <name>-pod-0 on the host podman 4.3.1, <name>-pod on 5.4.2', async () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: docker.io/valkey/valkey:8\n';
    const editor = await openYaml(deployment);
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    // The webview answers SVG requests once it has drawn; then the detected version redraws it.
    await rendered(editor.document.version);
    await waitFor('podman version to be detected', () => api.play.podmanVersion === '4.3.1');
    await waitFor('the diagram of podman 4.3.1', async () => (await exportedSvg()).includes('Pod web-pod-0 (Deployment web)'), 30_000);
    const config = vscode.workspace.getConfiguration('podmanKube');
    await config.update('podman.version', '5.4.2', vscode.ConfigurationTarget.Global);
    try {
      const svg = await waitFor(
        'the diagram of podman 5.4.2',
        async () => {
          const svg = await exportedSvg();
          return svg.includes('Pod web-pod (Deployment web)') && svg;
        },
        30_000,
      );
      assert.ok(!svg.includes('web-pod-0'), svg);
    } finally {
      await config.update('podman.version', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('a 1,000-pod manifest: the preview draws it and follows an edit (its stall is measured by npm run bench)', async function () {
    this.timeout(120_000);
    const uri = workspaceFile('big-preview.yml');
    writeFileSync(uri.fsPath, generateManifest(1000));
    const editor = await vscode.window.showTextDocument(uri);
    const meter = stallMeter();
    let longest: number;
    try {
      await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
      await rendered(editor.document.version);
      await editor.edit((e) => e.insert(new vscode.Position(6, 4), 'x'));
      await rendered(editor.document.version);
    } finally {
      longest = meter.stop();
    }
    // A figure for the log, never a threshold: tests do not fail on timing (the bench compares it).
    console.log(`      1,000 pods (${editor.document.lineCount} lines): longest extension-host stall while the preview opened and followed an edit ${Math.round(longest)} ms`);
  });

  it('follows edits, version by version', async () => {
    const editor = await openSample('valkey1', 'play.yml');
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    await rendered(editor.document.version);
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('name: valkey1-client'));
    await editor.edit((e) => e.replace(new vscode.Range(line, 8, line, 22), 'valkey1-worker'));
    await rendered(editor.document.version);
    assert.ok((await exportedSvg()).includes('Pod valkey1-worker'));
  });

  it('keeps the last good diagram while the YAML is broken', async () => {
    const editor = await openSample('valkey0', 'play.yml');
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    const preview = await rendered(editor.document.version);
    await editor.edit((e) => e.insert(new vscode.Position(6, 0), '\tbroken: "\n'));
    // Give the debounced update time to arrive, then check the diagram is still the good one.
    await new Promise((r) => setTimeout(r, 600));
    assert.notStrictEqual(record().renderedVersion(preview), editor.document.version);
    assert.ok((await exportedSvg()).includes('Pod valkey0'));
  });

  it('redraws when the network changes, and shows DNS off for the podman network', async () => {
    const editor = await openSample('valkey1', 'play.yml');
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    const preview = await rendered(editor.document.version);
    await api.networks.set(editor.document.uri, 'podman');
    try {
      const svg = await waitFor('a DNS-off diagram', async () => {
        const s = await exportedSvg();
        return s.includes('DNS off') ? s : undefined;
      });
      assert.ok(svg.includes('✗ valkey1-server:6379'), 'the pod-name connection is drawn as impossible');
      assert.strictEqual(record().renderedVersion(preview), editor.document.version);
    } finally {
      await api.networks.set(editor.document.uri, undefined);
    }
  });

  it('an unlocked preview follows the active editor; a locked one stays', async () => {
    await openSample('valkey1', 'play.yml');
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    const preview = await waitFor('a preview', () => api.previews.active);
    const other = await openSample('valkey0', 'play.yml');
    await waitFor('the preview to follow', () => preview.documentUri.toString() === other.document.uri.toString());
    await rendered(other.document.version);
    await vscode.commands.executeCommand('podmanKube.togglePreviewLock');
    assert.strictEqual(preview.panel.title, '[Locked] Topology: play.yml');
    const back = await openSample('valkey1', 'play.yml');
    await new Promise((r) => setTimeout(r, 300));
    assert.notStrictEqual(preview.documentUri.toString(), back.document.uri.toString());
    assert.ok((await exportedSvg()).includes('Pod valkey0'));
  });

  it('copies the topology as Mermaid, the same text the CLI prints', async () => {
    await openSample('valkey0', 'play.yml');
    const text = await vscode.commands.executeCommand<string>('podmanKube.copyMermaid');
    assert.strictEqual(await vscode.env.clipboard.readText(), text);
    assert.match(text, /^flowchart TB\n/);
    assert.ok(text.includes('pod0c1 -.->|"localhost:6379"| pod0c0'));
  });
});

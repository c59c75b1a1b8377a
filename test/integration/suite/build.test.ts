// Build and play in the real extension host against real podman 4.3.1: samples/valkey3, whose
// client image podman builds from counter/Containerfile. What the language server says about the
// image before and after the build, Play Kube (Build) and its CodeLens, a failing Containerfile
// named by its line, and a rebuild since the play marked in the Podman view.
import * as assert from 'assert';
import { execFile } from 'child_process';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';
import type { Api } from '../../../src/extension';
import { closeAll, EXTENSION_ID, previewRecord, waitFor, workspaceFile } from './helpers';

const run = promisify(execFile);
const podman = async (...args: string[]) => (await run('podman', args, { env: process.env })).stdout.trim();
const command = <T = Outcome>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);
const counter = async () => Number(await podman('exec', 'valkey3-server', 'valkey-cli', 'GET', 'counter').catch(() => '0')) || 0;

async function cleanUp(): Promise<void> {
  await podman('pod', 'rm', '-f', '--ignore', 'valkey3', 'broken').catch(() => '');
  await podman('rmi', '-f', 'localhost/counter:latest', 'localhost/broken:latest').catch(() => '');
}

/** The language server's words on the line of `image: NAME`. */
function imageProblem(uri: vscode.Uri, name: string): string | undefined {
  const text = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!.getText();
  const line = text.slice(0, text.indexOf(`image: ${name}`)).split('\n').length - 1;
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.range.start.line === line)
    .map((d) => `${vscode.DiagnosticSeverity[d.severity]}: ${d.message}`)
    .join('\n');
}

describe('build and play against real podman', function () {
  this.timeout(240_000);
  let api: Api;
  const play = workspaceFile('valkey3', 'play.yml');
  const brokenFile = workspaceFile('valkey3', 'broken.yml');

  before(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    previewRecord(api.previews);
    await cleanUp();
    await api.play.refreshImages();
  });
  after(async () => {
    await cleanUp();
    await closeAll();
    for (const f of [brokenFile, workspaceFile('valkey3', 'broken')]) await Promise.resolve(vscode.workspace.fs.delete(f, { recursive: true })).catch(() => undefined);
  });

  it('samples/valkey3: said to build, the CodeLens offers Build & Play; it builds, the client counts; then the image is known', async () => {
    const doc = await vscode.workspace.openTextDocument(play);
    await vscode.window.showTextDocument(doc);
    const before = await waitFor('the build said on the image line', () => imageProblem(play, 'counter') || undefined);
    assert.strictEqual(before, 'Information: Podman builds counter from counter/Containerfile before it creates the pod (it has no such image).');
    const lenses = await waitFor('the CodeLens', async () => {
      const l = await command<vscode.CodeLens[]>('vscode.executeCodeLensProvider', play);
      return l?.length ? l : undefined;
    });
    const build = lenses.find((l) => l.command?.title === '$(tools) Build & Play');
    assert.strictEqual(build?.command?.command, 'podmanKube.playBuild');
    assert.strictEqual(build.command.tooltip, 'podman kube play --build: builds from counter/Containerfile, then plays');

    // The diagram says so too.
    await command('podmanKube.openPreviewToSide');
    const drawn = await waitFor('the diagram', () => {
      const m = previewRecord(api.previews).lastMessage(api.previews.active);
      return m?.type === 'render' && m.uri === play.toString() && m.mermaid.includes('client<br>counter') ? m.mermaid : undefined;
    });
    assert.match(drawn, /client<br>counter<br>built from counter\/Containerfile"/);
    await vscode.window.showTextDocument(doc);

    const played = await command('podmanKube.playBuild', play);
    assert.ok(played.ok, played.message);
    assert.strictEqual(played.message, 'Played play.yml on podman-default-kube-network: pod valkey3 (valkey3-server, valkey3-client).');
    const first = await waitFor('the counter to start', async () => ((await counter()) >= 1 ? counter() : undefined), 40_000);
    await waitFor('the counter to increase', async () => (await counter()) > first, 40_000);
    // The build refreshed the images the extension knows: the image line says podman has it now.
    assert.ok(api.play.knownImages?.some((i) => i.names.includes('localhost/counter:latest')));
    const after = await waitFor('podman has the image', () =>
      imageProblem(play, 'counter')?.match(/^Information: Podman has the image counter \(made \d+ seconds? ago\), so it plays that one and does not build counter\/Containerfile: Build & Play \(`--build`\) rebuilds it\.$/),
    );
    assert.ok(after);
    // Hover: the local image's id, size and age, and the Containerfile as a link.
    const at = doc.positionAt(doc.getText().indexOf('image: counter') + 'image: '.length + 2);
    const hovers = await command<vscode.Hover[]>('vscode.executeHoverProvider', play, at);
    const hover = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hover, /\*\*Image counter\*\*/);
    assert.match(hover, /Podman has it: ID `[0-9a-f]{12}`, \d+\.\d MB, made \d+ seconds? ago\./);
    assert.match(hover, /Not rebuilt from \[counter\/Containerfile\]\(file:\/\/\/.*\/valkey3\/counter\/Containerfile\) unless played with `--build`/);
    // Completion of `image:` offers the images podman has.
    const list = await command<vscode.CompletionList>('vscode.executeCompletionItemProvider', play, at);
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('localhost/counter:latest') && labels.includes('docker.io/valkey/valkey:8'), labels.join(', '));
  });

  it('a rebuild since the play marks the pod "changed since play" in the Podman view', async () => {
    await command('podmanKube.pods.focus');
    await waitFor('the view to connect', () => api.pods.data().connection === 'connected');
    const pod = () =>
      api.pods
        .data()
        .files.flatMap((f) => f.pods)
        .find((p) => p.name === 'valkey3');
    await waitFor('valkey3 under its file', () => pod());
    assert.deepStrictEqual(pod()!.changed, []);
    const dir = workspaceFile('valkey3', 'counter').fsPath;
    await podman('build', '--tag', 'counter', '--label', 'rebuilt=yes', '--file', `${dir}/Containerfile`, dir);
    const changed = await waitFor('the rebuild marked', () => (pod()?.changed.length ? pod()!.changed : undefined));
    assert.deepStrictEqual(changed, ['client: image counter rebuilt from counter/Containerfile since play']);
  });

  it('a failing Containerfile: the message names its line, offers it, and removes the pod podman made', async () => {
    await vscode.workspace.fs.writeFile(workspaceFile('valkey3', 'broken', 'Containerfile'), Buffer.from('FROM docker.io/valkey/valkey:8\n# fails on purpose\nRUN true\nRUN false\n'));
    await vscode.workspace.fs.writeFile(brokenFile, Buffer.from('apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n    - name: app\n      image: broken\n'));
    await vscode.window.showTextDocument(brokenFile);
    const played = await command('podmanKube.playBuild', brokenFile);
    assert.strictEqual(played.ok, false);
    assert.strictEqual(
      played.message,
      'podman kube play --build broken.yml on podman-default-kube-network: builds broken from broken/Containerfile: building broken failed at broken/Containerfile:4 (RUN false): exit status 1. Removed what it had created: pod broken.',
    );
    assert.deepStrictEqual(played.offered, ['Open Containerfile', 'Show Log']);
    await assert.rejects(podman('pod', 'exists', 'broken'));
  });
});

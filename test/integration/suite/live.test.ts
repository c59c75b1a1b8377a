// The Podman view in the real extension host against real podman: pods under their manifest,
// state from podman's events (no refresh), each action, drift, and losing podman mid-stream.
import * as assert from 'assert';
import { execFile } from 'child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';
import type { Api } from '../../../src/extension';
import type { PodData, ViewData } from '../../../src/live/podsView';
import { parseManifest } from '../../../src/model';
import { closeAll, EXTENSION_ID, previewRecord, waitFor, workspaceFile } from './helpers';

const run = promisify(execFile);
const podman = async (...args: string[]) => (await run('podman', args, { env: process.env })).stdout.trim();
const command = <T = Outcome>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);
const ODD = 'odd.pod_1-x';

async function cleanUp(): Promise<void> {
  await podman('pod', 'rm', '-f', '--ignore', 'valkey0', 'valkey1-server', 'valkey1-client', ODD).catch(() => '');
  await podman('network', 'rm', '-f', 'valkey1').catch(() => '');
}

/** The command line of a terminal's process, once it runs podman. */
async function cmdline(terminal: vscode.Terminal, word: string): Promise<string[]> {
  const pid = await waitFor('the terminal process', async () => terminal.processId);
  return waitFor(`podman ${word} to run`, () => {
    const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return c.includes(word) ? c : undefined;
  });
}

/** The `podman events` processes the extension host started. */
function eventStreams(): number[] {
  const out: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
      if (c.includes('events') && c.includes('json') && ppid === process.pid) out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe('the Podman view against real podman', function () {
  this.timeout(240_000);
  let api: Api;
  const data = (): ViewData => api.pods.data();
  const pod = (name: string): PodData | undefined => [...data().files.flatMap((f) => f.pods), ...data().other].find((p) => p.name === name);
  const fileOf = (name: string) => data().files.find((f) => f.pods.some((p) => p.name === name))?.uri;

  // valkey0 without its containerPort: podman 4.3 publishes every containerPort on the host, so
  // the two samples (both on 6379) cannot run side by side there.
  const valkey0 = workspaceFile('live', 'valkey0.yml');
  const valkey1 = workspaceFile('valkey1', 'play.yml');

  before(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    previewRecord(api.previews);
    await cleanUp();
    const sample = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('valkey0', 'play.yml')));
    const unpublished = sample.replace(/\n {6}ports:\n {8}- containerPort: 6379/, '');
    assert.notStrictEqual(unpublished, sample);
    await vscode.workspace.fs.writeFile(valkey0, Buffer.from(unpublished));
    await command('podmanKube.pods.focus');
    await waitFor('the view to connect', () => data().connection === 'connected');
  });
  after(async () => {
    await cleanUp();
    await closeAll();
    await vscode.workspace.fs.delete(workspaceFile('live'), { recursive: true });
  });

  it('lists the samples played through the commands under their files, with running containers', async () => {
    for (const uri of [valkey0, valkey1]) await vscode.workspace.openTextDocument(uri);
    const played0 = await command('podmanKube.play', valkey0);
    assert.ok(played0.ok, played0.message);
    assert.ok((await command('podmanKube.createNetwork', 'valkey1')).ok);
    await command('podmanKube.chooseNetwork', valkey1, 'valkey1');
    const played1 = await command('podmanKube.play', valkey1);
    assert.ok(played1.ok, played1.message);
    await waitFor('the pods under their files, running', () => {
      const d = data();
      const under = Object.fromEntries(d.files.map((f) => [f.uri, f.pods.map((p) => `${p.name} ${p.status}: ${p.containers.map((c) => `${c.name} ${c.state}`).join(', ')}`).sort()]));
      try {
        assert.deepStrictEqual(under, {
          [valkey0.toString()]: ['valkey0 Running: valkey0-server running, valkey0-client running'],
          [valkey1.toString()]: ['valkey1-client Running: valkey1-client-client running', 'valkey1-server Running: valkey1-server-server running'],
        });
        return true;
      } catch {
        return undefined;
      }
    });
    const network = await waitFor('both pods on valkey1', () => {
      const n = data().networks.find((x) => x.name === 'valkey1');
      return n && n.pods.length === 2 ? n : undefined;
    });
    assert.deepStrictEqual([network.dns, [...network.pods].sort()], [true, ['valkey1-client', 'valkey1-server']]);
    assert.deepStrictEqual(pod('valkey0')!.changed, []);
    assert.strictEqual(eventStreams().length, 1, 'one podman events stream');
  });

  it('podman stop from outside: the container shows exited without any refresh', async () => {
    await podman('stop', '-t', '0', 'valkey0-client');
    await waitFor('valkey0-client to show exited', () => pod('valkey0')?.containers.find((c) => c.name === 'valkey0-client')?.state === 'exited 137', 10_000);
    assert.strictEqual(pod('valkey0')!.status, 'Degraded');
  });

  it('logs of a pod (merged, named) and of a container, and a shell, in terminals that run podman', async () => {
    const podLogs = await command<vscode.Terminal>('podmanKube.pods.showLogs', 'valkey0');
    assert.deepStrictEqual((await cmdline(podLogs, 'logs')).slice(1), ['pod', 'logs', '-f', '--names', '--', 'valkey0']);
    podLogs.dispose();
    // What those arguments print, for a pod of one container too: each line names its container.
    const serverPod = await command<vscode.Terminal>('podmanKube.pods.showLogs', 'valkey1-server');
    const args = (await cmdline(serverPod, 'logs')).slice(1);
    serverPod.dispose();
    const lines = (await podman(...args.filter((a) => a !== '-f'))).split('\n');
    assert.ok(lines.length > 2 && lines.every((l) => l.startsWith('valkey1-server-server ')), lines.join('\n'));
    const one = await command<vscode.Terminal>('podmanKube.pods.showLogs', 'valkey1-server-server');
    assert.deepStrictEqual((await cmdline(one, 'logs')).slice(1), ['logs', '-f', '--', 'valkey1-server-server']);
    one.dispose();
    const shell = await command<vscode.Terminal>('podmanKube.pods.openShell', 'valkey0-server');
    const c = await cmdline(shell, 'exec');
    assert.match(c[0], /podman$/);
    assert.deepStrictEqual(c.slice(1), ['exec', '-it', '--', 'valkey0-server', 'sh']);
    shell.dispose();
  });

  it('stop, start and restart a pod; the view follows', async () => {
    assert.ok((await command('podmanKube.pods.stop', 'valkey1-client')).ok);
    await waitFor('valkey1-client to show Exited', () => pod('valkey1-client')?.status === 'Exited');
    assert.ok((await command('podmanKube.pods.start', 'valkey1-client')).ok);
    await waitFor('valkey1-client to run again', () => pod('valkey1-client')?.status === 'Running');
    assert.ok((await command('podmanKube.pods.restart', 'valkey0')).ok);
    await waitFor('valkey0 to run (its client too, restarted)', () => pod('valkey0')?.status === 'Running');
  });

  it('generate kube opens YAML the model reads with pods of the same names; inspect is read-only JSON', async () => {
    const doc = await command<vscode.TextDocument>('podmanKube.pods.generateKube', 'valkey1-server');
    assert.strictEqual(doc.languageId, 'yaml');
    assert.ok(doc.isUntitled);
    const m = parseManifest(doc.getText(), { podmanVersion: api.play.podmanVersion });
    assert.deepStrictEqual(
      m.pods.map((p) => p.name),
      ['valkey1-server'],
    );
    const inspect = await command<vscode.TextDocument>('podmanKube.pods.inspect', 'valkey0');
    assert.strictEqual(inspect.uri.scheme, 'podman-inspect');
    assert.strictEqual(inspect.languageId, 'json');
    const parsed = JSON.parse(inspect.getText()) as { Name?: string } | { Name?: string }[];
    assert.strictEqual((Array.isArray(parsed) ? parsed[0] : parsed).Name, 'valkey0');
    await closeAll();
  });

  it('inspect output past the 8 MB kept: the document and a message say it was cut', async () => {
    // A podman that prints 9 MB for `pod inspect` and is the real one otherwise (a test stand-in, run by the runner directly).
    const fake = join(tmpdir(), 'pk-bigpodman');
    writeFileSync(fake, `#!/bin/sh\nif [ "$1 $2" = "pod inspect" ]; then head -c 9000000 /dev/zero | tr '\\0' x; exit 0; fi\nexec podman "$@"\n`, { mode: 0o755 });
    const config = vscode.workspace.getConfiguration('podmanKube');
    await config.update('podman.path', fake, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the view to reconnect through it', () => data().connection === 'connected' && pod('valkey0'));
      const inspect = await command<vscode.TextDocument>('podmanKube.pods.inspect', 'valkey0');
      assert.match(inspect.lineAt(0).text, /^# CUT: podman pod inspect valkey0 printed more than 8 MB; the rest is not shown\.$/);
      // What follows is what was kept: up to the bound, cut at a chunk's edge.
      const kept = inspect.getText().length - inspect.lineAt(0).text.length - 1;
      assert.ok(kept <= 8 * 1024 * 1024 && kept > 7 * 1024 * 1024, `${kept} characters`);
    } finally {
      await config.update('podman.path', undefined, vscode.ConfigurationTarget.Global);
      rmSync(fake, { force: true });
      await closeAll();
    }
    await waitFor('the view to reconnect', () => data().connection === 'connected');
  });

  it('open in browser: the published port; reveal: the pod in its manifest', async () => {
    // podman 4.x publishes the containerPort (http://localhost:6379), 5.x only a hostPort (none here).
    const ports = api.pods.find('valkey1-server')!.pod.live.ports.map((p) => p.hostPort);
    const opened = await command<string>('podmanKube.pods.openInBrowser', 'valkey1-server');
    assert.strictEqual(opened, ports.length ? `http://localhost:${ports[0]}` : undefined);
    if (api.play.podmanVersion?.startsWith('4.')) assert.strictEqual(opened, 'http://localhost:6379');
    const editor = await command<vscode.TextEditor>('podmanKube.pods.reveal', 'valkey1-client-client');
    assert.strictEqual(editor.document.uri.toString(), workspaceFile('valkey1', 'play.yml').toString());
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /name: client/);
    await closeAll();
  });

  it('drift: another image in the manifest marks the pod "changed since play"; undoing it clears the mark', async () => {
    const uri = workspaceFile('valkey1', 'play.yml');
    const editor = await vscode.window.showTextDocument(uri);
    const text = editor.document.getText();
    const at = text.indexOf('docker.io/valkey/valkey:8');
    await editor.edit((e) => e.replace(new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + 'docker.io/valkey/valkey:8'.length)), 'docker.io/valkey/valkey:9'));
    const changed = await waitFor('valkey1-server to be marked changed', () => (pod('valkey1-server')?.changed.length ? pod('valkey1-server')!.changed : undefined));
    assert.deepStrictEqual(changed, ['server: image docker.io/valkey/valkey:9 (runs docker.io/valkey/valkey:8)']);
    await vscode.commands.executeCommand('undo');
    await waitFor('the mark to clear', () => pod('valkey1-server')?.changed.length === 0);
    await closeAll();
  });

  it('the preview of a playing file is live: each box says its state, a stop shows; Export SVG keeps the design unless asked', async () => {
    const uri = workspaceFile('valkey1', 'play.yml');
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
    const drawn = (check: (m: string) => boolean) => {
      const m = previewRecord(api.previews).lastMessage(api.previews.active);
      return m?.type === 'render' && m.uri === uri.toString() && check(m.mermaid) ? m : undefined;
    };
    const first = await waitFor('a live diagram', () => drawn((m) => m.includes('#9679; running<br>client')));
    assert.strictEqual(first.live.on, true);
    assert.match(first.mermaid, /Pod valkey1-server: running/);
    assert.deepStrictEqual(
      first.live.legend.map((l) => l.state),
      ['running'],
    );
    assert.doesNotMatch(first.live.design!, /running/);
    await podman('stop', '-t', '0', 'valkey1-client-client');
    const stopped = await waitFor('the stop in the diagram', () => drawn((m) => m.includes('#9632; exited 137<br>client')));
    assert.deepStrictEqual(stopped.live.legend.map((l) => l.state).sort(), ['failed', 'running']);
    const design = await command<vscode.Uri>('podmanKube.exportSvg', undefined, workspaceFile('live', 'design.svg'), { live: false });
    const designSvg = new TextDecoder().decode(await vscode.workspace.fs.readFile(design));
    assert.match(designSvg, /Pod valkey1-client/);
    assert.doesNotMatch(designSvg, /exited 137|running/);
    const now = await command<vscode.Uri>('podmanKube.exportSvg', undefined, workspaceFile('live', 'now.svg'), { live: true });
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(now)), /exited 137/);
    // Live off: the design again.
    api.previews.active!.setLive(false);
    const off = await waitFor('the design drawn', () => drawn((m) => !m.includes('running')));
    assert.strictEqual(off.live.on, false);
    await podman('start', 'valkey1-client-client');
    await closeAll();
  });

  it('a pod from another tool, with an odd name, is under Other pods; removing it from the view', async () => {
    await podman('pod', 'create', '--name', ODD);
    await waitFor('the odd pod under Other pods', () => data().other.some((p) => p.name === ODD));
    assert.ok((await command('podmanKube.pods.remove', ODD, { confirmed: true })).ok);
    await waitFor('the odd pod gone', () => !pod(ODD));
  });

  it('a pod from another tool whose containers carry megabytes of labels (a container listing past 8 MB): shown, with every container', async () => {
    const big = 'pk-biglabels';
    const labels = join(tmpdir(), 'pk-labels.txt');
    // 200 kB of labels a container, 45 containers: `podman ps --all --pod --format json` prints ~9 MB.
    writeFileSync(labels, Array.from({ length: 400 }, (_, i) => `k${i}=${'x'.repeat(500)}`).join('\n') + '\n');
    try {
      await podman('pod', 'create', '--name', big);
      for (let i = 0; i < 45; i++) await podman('create', '--pod', big, '--name', `${big}-c${i}`, '--label-file', labels, 'docker.io/valkey/valkey:8', 'sleep', '1000');
      const listing = (await run('podman', ['ps', '--all', '--pod', '--format', 'json'], { env: process.env, maxBuffer: 256 * 1024 * 1024 })).stdout;
      assert.ok(listing.length > 8 * 1024 * 1024, `${listing.length} bytes`);
      await waitFor('the pod with its 45 containers', () => data().other.find((p) => p.name === big)?.containers.length === 45, 60_000);
      assert.ok(pod('valkey1-server'), 'the other pods are still shown');
    } finally {
      await podman('pod', 'rm', '-f', '-t', '0', '--ignore', big).catch(() => '');
      rmSync(labels, { force: true });
    }
  });

  it('a pod removed while its menu is open: the action says so once, nothing throws', async () => {
    const node = { kind: 'pod', pod: api.pods.find('valkey0')!.pod, uri: fileOf('valkey0') };
    await podman('pod', 'rm', '-f', '-t', '0', 'valkey0');
    const outcome = await command('podmanKube.pods.stop', node);
    assert.strictEqual(outcome.ok, false);
    assert.match(outcome.message, /valkey0/);
    await waitFor('valkey0 gone from the view', () => !pod('valkey0'));
  });

  it('podman events killed: disconnected, then recovered by itself; podman missing: says so, then recovers', async () => {
    const [stream] = eventStreams();
    assert.ok(stream, 'an events stream runs');
    process.kill(stream, 'SIGKILL');
    await waitFor('the view to say disconnected', () => data().connection === 'disconnected' && data().message);
    assert.match(data().message!, /^Disconnected: podman events stopped .*Trying again in 1 s\.$/);
    await waitFor('the view to reconnect', () => data().connection === 'connected', 15_000);
    // Still current after reconnecting: a stop is seen again.
    await podman('stop', '-t', '0', 'valkey1-client-client');
    await waitFor('the stop seen after reconnecting', () => pod('valkey1-client')?.containers[0].state === 'exited 137');

    const config = vscode.workspace.getConfiguration('podmanKube');
    await config.update('podman.path', '/nonexistent/podman', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the view to say podman is missing', () => data().connection === 'not-found');
      assert.match(data().message!, /podman was not found at "\/nonexistent\/podman"/);
    } finally {
      await config.update('podman.path', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitFor('the view to recover', () => data().connection === 'connected', 15_000);
    assert.ok(pod('valkey1-server'));
    assert.strictEqual(eventStreams().length, 1, 'still one events stream');
  });
});

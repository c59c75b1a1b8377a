// Runs inside the extension host, the Podman view shown: how soon a `podman stop` shows in the
// view, how many podman processes the extension starts while nothing happens, and how long
// listing 200 pods takes; each beside podman itself, run directly in the same run.
import { execFile } from 'child_process';
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import type { Node } from '../../../src/live/podsView';

const exec = promisify(execFile);
const podman = async (...args: string[]) => (await exec('podman', args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

/** Podman processes whose parent is this extension host, by pid, with their command lines. */
function podmanChildren(): Map<number, string> {
  const out = new Map<number, string>();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
      if (ppid !== process.pid) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      if (cmd.some((a) => /(^|\/)podman$/.test(a))) out.set(Number(pid), cmd.join(' '));
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

/** Every node of the view, its tree item made: what drawing the whole view costs. */
function drawAll(api: Api): number {
  let n = 0;
  const walk = (node?: Node) => {
    for (const child of api.pods.getChildren(node)) {
      api.pods.getTreeItem(child);
      n++;
      walk(child);
    }
  };
  walk();
  return n;
}

export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<Api>('podman-kube-tools.podman-kube')!.activate();
  const folder = vscode.workspace.workspaceFolders![0].uri;
  await podman('pod', 'rm', '-f', '-t', '0', '--ignore', 'valkey0');
  await vscode.commands.executeCommand('podmanKube.pods.focus');
  await until(() => api.pods.data().connection === 'connected');
  const sample = vscode.Uri.joinPath(folder, 'valkey0', 'play.yml');
  await vscode.workspace.openTextDocument(sample);
  if (!(await vscode.commands.executeCommand<{ ok: boolean; message: string }>('podmanKube.play', sample))?.ok) throw new Error('play failed');
  const client = () => api.pods.find('valkey0')?.pod.live.containers.find((c) => c.name === 'valkey0-client');
  await until(() => client()?.state === 'running');

  // 1. A stop from a terminal, until the view shows it; beside `podman stop` then `podman ps`.
  const view: number[] = [];
  const direct: number[] = [];
  for (let i = 0; i < 10; i++) {
    await podman('start', 'valkey0-client');
    await until(() => client()?.state === 'running');
    await sleep(300);
    let t = performance.now();
    const stopped = podman('stop', '-t', '0', 'valkey0-client');
    await until(() => client()?.state === 'exited');
    view.push(performance.now() - t);
    await stopped;
    await podman('start', 'valkey0-client');
    await until(() => client()?.state === 'running');
    await sleep(300);
    t = performance.now();
    await podman('stop', '-t', '0', 'valkey0-client');
    await podman('ps', '--all', '--pod', '--format', 'json');
    direct.push(performance.now() - t);
  }

  // 2. Sixty seconds with nothing happening: podman processes the extension starts.
  const seen = new Map<number, string>();
  const idleEnd = Date.now() + Number(process.env.PODMAN_KUBE_BENCH_IDLE_MS ?? 60_000);
  while (Date.now() < idleEnd) {
    for (const [pid, cmd] of podmanChildren()) seen.set(pid, cmd);
    await sleep(20);
  }
  const started = [...seen.values()];
  const streams = started.filter((c) => / events /.test(c)).length;

  // 3. 200 pods: the view's listing and drawing, beside podman's own listings.
  await podman('pod', 'rm', '-f', '-t', '0', 'valkey0');
  const names = Array.from({ length: 200 }, (_, i) => `bench-live-${i}`);
  for (let i = 0; i < names.length; i += 8) await Promise.all(names.slice(i, i + 8).map((n) => podman('pod', 'create', '--name', n)));
  await until(() => api.pods.data().other.length >= 200, 120_000);
  const list: number[] = [];
  const podmanList: number[] = [];
  let nodes = 0;
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    await api.live.refresh();
    nodes = drawAll(api);
    list.push(performance.now() - t);
    t = performance.now();
    await Promise.all([podman('pod', 'ps', '--format', 'json'), podman('ps', '--all', '--pod', '--format', 'json')]);
    podmanList.push(performance.now() - t);
  }
  await podman('pod', 'rm', '-f', '-t', '0', ...names);

  writeFileSync(
    process.env.PODMAN_KUBE_TEST_RESULTS!,
    JSON.stringify({
      stop: { view, direct, median: [median(view), median(direct)] },
      idle: { started, streams, others: started.length - streams },
      list: { list, podmanList, nodes, median: [median(list), median(podmanList)] },
    }),
  );
}

// Runs inside the extension host: Play Kube through the extension vs the same `podman kube
// play` spawned directly, on the same manifest, alternating, each followed by kube down.
import { spawn } from 'child_process';
import { writeFileSync } from 'fs';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';

function podman(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('podman', args, { stdio: 'ignore' });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`podman ${args.join(' ')} exited ${code}`))));
  });
}

/** Six one-container pods: a play long enough for the progress notification to show. */
function sixPods(): string {
  const pod = (i: number) => `apiVersion: v1
kind: Pod
metadata:
  name: bench-${i}
spec:
  containers:
    - name: server
      image: docker.io/valkey/valkey:8
`;
  return [1, 2, 3, 4, 5, 6].map(pod).join('---\n');
}

type Times = Record<string, number[]>;

/** `runs` rounds of every variant, the order rotating each round so none always runs first. */
async function measure(file: vscode.Uri, runs: number): Promise<Times> {
  await vscode.window.showTextDocument(file);
  const direct = () => podman(['kube', 'play', file.fsPath]);
  const variants: Record<string, () => Thenable<unknown>> = {
    direct,
    extension: async () => {
      const outcome = await vscode.commands.executeCommand<Outcome>('podmanKube.play', file);
      if (!outcome?.ok) throw new Error(outcome?.message);
    },
    // What the extension avoids for short plays: a notification from the first moment.
    progress: () => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'podman kube play', cancellable: true }, direct),
  };
  const names = Object.keys(variants);
  const times: Times = Object.fromEntries(names.map((n) => [n, []]));
  await podman(['kube', 'down', file.fsPath]).catch(() => undefined); // left from an aborted run
  for (let i = 0; i < runs; i++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      const t = performance.now();
      await variants[name]();
      times[name].push(performance.now() - t);
      await podman(['kube', 'down', file.fsPath]);
      await vscode.commands.executeCommand('notifications.clearAll');
      // Let the workbench finish repainting, so one variant's UI does not slow the next.
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return times;
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  await vscode.extensions.getExtension('podman-kube-tools.podman-kube')!.activate();
  const runs = Number(process.env.PODMAN_KUBE_BENCH_RUNS ?? 15);
  const six = vscode.Uri.joinPath(folder, 'bench-six-pods.yml');
  await vscode.workspace.fs.writeFile(six, Buffer.from(sixPods()));
  const results = {
    valkey0: await measure(vscode.Uri.joinPath(folder, 'valkey0', 'play.yml'), runs),
    sixPods: await measure(six, runs),
  };
  writeFileSync(process.env.PODMAN_KUBE_TEST_RESULTS!, JSON.stringify(results));
}

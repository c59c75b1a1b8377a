// Runs inside the extension host: Play Kube through the extension vs the same `podman kube
// play` spawned directly, on the same manifest, alternating, each followed by kube down.
import { spawn } from 'child_process';
import { writeFileSync } from 'fs';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/commands/command';

function podman(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('podman', args, { stdio: 'ignore' });
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`podman ${args.join(' ')} exited ${code}`))));
  });
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const uri = vscode.Uri.joinPath(folder, 'valkey0', 'play.yml');
  await vscode.extensions.getExtension('podman-kube-tools.podman-kube')!.activate();
  await vscode.window.showTextDocument(uri);
  const runs = Number(process.env.PODMAN_KUBE_BENCH_RUNS ?? 15);
  const direct: number[] = [];
  const extension: number[] = [];
  const progress: number[] = [];
  await podman(['pod', 'rm', '-f', '--ignore', 'valkey0']);
  const variants: [number[], () => Thenable<unknown>][] = [
    [direct, () => podman(['kube', 'play', uri.fsPath])],
    [
      extension,
      async () => {
        const outcome = await vscode.commands.executeCommand<Outcome>('podmanKube.play', uri);
        if (!outcome?.ok) throw new Error(outcome?.message);
      },
    ],
    // What the UI alone costs: the same progress notification around the direct spawn.
    [progress, () => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'podman kube play', cancellable: true }, () => podman(['kube', 'play', uri.fsPath]))],
  ];
  for (let i = 0; i < runs; i++) {
    // The order rotates each round, so that no variant always runs first after a clean-up.
    for (let k = 0; k < variants.length; k++) {
      const [times, play] = variants[(i + k) % variants.length];
      const t = performance.now();
      await play();
      times.push(performance.now() - t);
      await podman(['kube', 'down', uri.fsPath]);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  }
  writeFileSync(process.env.PODMAN_KUBE_TEST_RESULTS!, JSON.stringify({ direct, extension, progress }));
}

// Runs inside the extension host: how long it froze (the longest gap between 10 ms ticks) while
// each hostile file was opened as a manifest with the preview unlocked and following the editor,
// beside the same text opened as plain text. The difference is what our code cost it.
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import * as vscode from 'vscode';
import type { Api } from '../../../src/extension';
import { adversarial } from '../../support/adversarial';
import { generateManifest } from '../../support/generate';
import { floodYaml, HOSTILE_UNITS, writeHostileUnits } from '../../support/hostileFiles';
import { stallMeter } from '../../integration/suite/helpers';

const ROUNDS = 3;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The extension host's longest freeze while `open()` runs and for `ms` after it. */
async function stall(open: () => Thenable<unknown>, ms: number): Promise<number> {
  const meter = stallMeter();
  try {
    await open();
    await new Promise((r) => setTimeout(r, ms));
    return meter.stop();
  } finally {
    meter.stop();
  }
}

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const api = await vscode.extensions.getExtension<Api>('podman-kube-tools.podman-kube')!.activate();
  await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'valkey0', 'play.yml'));
  await vscode.commands.executeCommand('podmanKube.openPreviewToSide');
  const files = [...adversarial().filter((f) => f.text.length <= 300 * 1024), { name: '1,000 pods (generated)', text: generateManifest(1000) }];
  const rows: Record<string, string | number>[] = [];
  for (const [i, f] of files.entries()) {
    const yml = vscode.Uri.joinPath(folder, `stall-${i}.yml`);
    const txt = vscode.Uri.joinPath(folder, `stall-${i}.txt`);
    await vscode.workspace.fs.writeFile(yml, Buffer.from(f.text));
    await vscode.workspace.fs.writeFile(txt, Buffer.from(f.text));
    const texts: number[] = [];
    const manifests: number[] = [];
    let followed = true;
    for (let round = 0; round < ROUNDS; round++) {
      // Each opened in the first column, so the unlocked preview beside follows the manifest.
      texts.push(await stall(() => vscode.window.showTextDocument(txt, { viewColumn: vscode.ViewColumn.One }), 3000));
      manifests.push(await stall(() => vscode.window.showTextDocument(yml, { viewColumn: vscode.ViewColumn.One }), 3000));
      followed &&= api.previews.active?.documentUri.toString() === yml.toString();
      // Close just these two (closing a whole group could close the preview instead).
      const mine = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && [yml.toString(), txt.toString()].includes(t.input.uri.toString()));
      await vscode.window.tabGroups.close(mine);
    }
    const text = median(texts);
    const manifest = median(manifests);
    // The worst round too: the target is a bound on every open, not on a typical one.
    const worst = [Math.max(...texts), Math.max(...manifests)];
    rows.push({
      file: f.name,
      kB: Math.round(f.text.length / 1024),
      'plain text ms, median (worst) of 3': `${Math.round(text)} (${Math.round(worst[0])})`,
      'manifest + preview ms, median (worst) of 3': `${Math.round(manifest)} (${Math.round(worst[1])})`,
      'ours ms, median (worst)': `${Math.max(0, Math.round(manifest - text))} (${Math.max(0, Math.round(worst[1] - worst[0]))})`,
      'preview followed': followed ? 'yes' : 'no',
    });
  }
  rows.push(...(await hostileUnitsAndFlood(folder)));
  writeFileSync(process.env.PODMAN_KUBE_TEST_RESULTS!, JSON.stringify(rows));
}

/** Each hostile `.kube` unit opened with its CodeLens asked, then 20,000 YAML files arriving with the Podman view open. */
async function hostileUnitsAndFlood(folder: vscode.Uri): Promise<Record<string, string | number>[]> {
  const rows: Record<string, string | number>[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pk-stall-units-'));
  try {
    writeHostileUnits(dir);
    for (const u of HOSTILE_UNITS) {
      const uri = vscode.Uri.file(join(dir, u.file));
      const opens: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        opens.push(
          await stall(async () => {
            await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One });
            await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
          }, 1000),
        );
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      }
      rows.push({
        file: `${u.file} (${u.network})`,
        kB: 0,
        'plain text ms, median (worst) of 3': '',
        'manifest + preview ms, median (worst) of 3': `${Math.round(median(opens))} (${Math.round(Math.max(...opens))})`,
        'ours ms, median (worst)': '',
        'preview followed': '',
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The same flood before the view has read the workspace (no watcher of ours: what the workbench
  // costs alone), then with the view open and watching.
  const flood = (name: string) => vscode.Uri.joinPath(folder, name).fsPath;
  const before = await stall(() => floodYaml(flood('stall-flood-0'), 20_000), 5000);
  await vscode.commands.executeCommand('podmanKube.pods.focus');
  await new Promise((r) => setTimeout(r, 3000));
  const ms = await stall(() => floodYaml(flood('stall-flood-1'), 20_000), 5000);
  rows.push({
    file: '20,000 YAML files arriving (the Podman view not open, then open)',
    kB: 0,
    'plain text ms, median (worst) of 3': `${Math.round(before)} (one run)`,
    'manifest + preview ms, median (worst) of 3': `${Math.round(ms)} (one run)`,
    'ours ms, median (worst)': `${Math.max(0, Math.round(ms - before))}`,
    'preview followed': '',
  });
  for (const f of ['stall-flood-0', 'stall-flood-1']) rmSync(flood(f), { recursive: true, force: true });
  return rows;
}

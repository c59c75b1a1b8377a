// Podman: Convert Compose File to Kube Manifest: writes `kube.yaml` (names.ts) beside the compose file
// (never over a file without asking), opens it with the topology preview, and says what was changed
// or not carried over (the comment at the top of the manifest, and the Podman channel). The
// conversion runs in a worker thread; a compose file with a problem gets its line and no file.
import { lstat } from 'fs/promises';
import { basename, dirname, join } from 'path';
import { Worker } from 'worker_threads';
import * as vscode from 'vscode';
import type { Command, Outcome } from '../command';
import type { ComposeRequest, ComposeResult } from '../compose/compose';
import { kubeFileName, looksLikeCompose } from '../compose/names';
import type { Layout } from '../compose/convert';
import { readBoundedText } from '../files/read';
import type { PlayContext } from '../playContext';
import { COMMANDS } from '../shared/commands';

const MAX_BYTES = 4 * 1024 * 1024;
const DEADLINE_MS = 30_000;

export interface ConvertOptions {
  layout?: Layout;
  /** Replace an existing manifest without asking. */
  overwrite?: boolean;
}

export function convertCompose(workerPath: string, log: vscode.LogOutputChannel, play: PlayContext): Command {
  return {
    id: COMMANDS.convertCompose,
    async execute(arg?: unknown, options: ConvertOptions = {}): Promise<Outcome> {
      const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
      if (!uri || uri.scheme !== 'file') return say('warning', 'Open a saved compose file (compose.yaml) first: the manifest is written beside it.');
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      let text: string;
      try {
        text = open ? open.getText() : await readBoundedText(uri.fsPath, { maxBytes: MAX_BYTES });
      } catch (e) {
        return say('error', `Cannot read ${basename(uri.fsPath)}: ${e instanceof Error ? e.message : String(e)}`);
      }
      const name = basename(uri.fsPath);
      if (!looksLikeCompose(text)) return say('warning', `${name} is not a compose file: it has no top-level \`services:\`.`);
      const layout = options.layout ?? (await chooseLayout());
      if (!layout) return { ok: false, message: 'Cancelled' };
      await play.ready().catch(() => undefined);
      let result: ComposeResult;
      try {
        result = await inWorker(workerPath, { file: uri.fsPath, text, layout, env: { ...process.env }, podmanVersion: play.podmanVersion });
      } catch (e) {
        return say('error', `Converting ${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (result.text === undefined) {
        const first = result.problems[0];
        const message = `${name} was not converted: ${result.problems.map((p) => `${p.line === undefined ? '' : `line ${p.line + 1}: `}${p.message}`).join(' ')}`;
        log.error(message);
        void vscode.window.showErrorMessage(message, 'Go to Line').then(async (pick) => {
          if (!pick) return;
          const at = new vscode.Position(first?.line ?? 0, 0);
          await vscode.window.showTextDocument(uri, { selection: new vscode.Range(at, at) });
        });
        return { ok: false, message, offered: ['Go to Line'] };
      }
      const target = vscode.Uri.file(join(dirname(uri.fsPath), kubeFileName(uri.fsPath)));
      const existing = await lstat(target.fsPath).catch(() => undefined);
      if (existing && !existing.isFile()) return say('error', `${basename(target.fsPath)} exists and is not a regular file: nothing was written.`);
      if (existing && !options.overwrite) {
        const pick = await vscode.window.showWarningMessage(`${basename(target.fsPath)} exists. Replace it with the conversion of ${name}?`, { modal: true }, 'Replace');
        if (pick !== 'Replace') return { ok: false, message: 'Cancelled' };
      }
      await vscode.workspace.fs.writeFile(target, Buffer.from(result.text, 'utf8'));
      log.info(`${name} → ${basename(target.fsPath)} (${layout === 'pods' ? 'one pod per service' : 'one pod'})`);
      for (const c of result.changed) log.info(`  changed: ${c}`);
      for (const d of result.dropped) log.warn(`  not carried over: ${d}`);
      for (const c of result.checked) log.warn(`  ${basename(target.fsPath)}:${c}`);
      await vscode.window.showTextDocument(target);
      await vscode.commands.executeCommand(COMMANDS.openPreviewToSide);
      const message = `Wrote ${basename(target.fsPath)} from ${name}: ${result.dropped.length ? `${result.dropped.length} thing${result.dropped.length === 1 ? '' : 's'} not carried over, listed at its top` : 'everything carried over'}.`;
      void vscode.window.showInformationMessage(message, 'Show Log').then((pick) => pick && log.show());
      return { ok: true, message, offered: ['Show Log'] };
    },
  };
}

function say(level: 'warning' | 'error', message: string): Outcome {
  void (level === 'error' ? vscode.window.showErrorMessage(message) : vscode.window.showWarningMessage(message));
  return { ok: false, message };
}

async function chooseLayout(): Promise<Layout | undefined> {
  const picks: (vscode.QuickPickItem & { layout: Layout })[] = [
    { label: 'One pod per service', description: 'as compose runs them', detail: 'Each service its own pod, named like it, on one network with DNS: the services reach each other by name.', layout: 'pods' },
    { label: 'One pod', description: 'services share localhost', detail: 'Every service in one pod: they reach each other on localhost (their names are made aliases of 127.0.0.1); two may not listen on one port.', layout: 'pod' },
  ];
  return (await vscode.window.showQuickPick(picks, { title: 'Convert Compose File to Kube Manifest', placeHolder: 'How the services become pods' }))?.layout;
}

function inWorker(path: string, request: ComposeRequest): Promise<ComposeResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path, { workerData: request });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error(`no answer after ${DEADLINE_MS / 1000} s`));
    }, DEADLINE_MS);
    worker.once('message', (r: ComposeResult) => {
      clearTimeout(timer);
      resolve(r);
      void worker.terminate();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

// Convert Compose File to Kube Manifest in the real extension host: the manifest written beside
// the compose file and opened with the preview, what was not carried over at its top, no error
// from the language server on it; a compose file with a problem gets its line and no file; an
// existing manifest is never replaced unasked.
import * as assert from 'assert';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';
import type { Api } from '../../../src/extension';
import { closeAll, EXTENSION_ID, previewRecord, waitFor, workspaceFile } from './helpers';

const command = <T = Outcome>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);

describe('compose to kube in a real VS Code host', function () {
  this.timeout(120_000);
  let api: Api;
  const dir = workspaceFile('compose');
  const file = (name: string) => vscode.Uri.joinPath(dir, name);

  before(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    previewRecord(api.previews);
    mkdirSync(dir.fsPath, { recursive: true });
    writeFileSync(
      file('compose.yaml').fsPath,
      'services:\n  server:\n    image: docker.io/valkey/valkey:8\n  client:\n    image: docker.io/valkey/valkey:8\n    command: sh -c "valkey-cli -h server INCR counter"\n    depends_on: [server]\n    stop_signal: SIGINT\n',
    );
    writeFileSync(file('bad.yaml').fsPath, 'services:\n  web:\n    image: nginx\n    imagee: typo\n');
  });
  after(async () => {
    await closeAll();
    rmSync(dir.fsPath, { recursive: true, force: true });
  });

  it('a CodeLens on the compose file; the command writes kube.yaml, opens it with the preview, says what it dropped', async () => {
    await vscode.window.showTextDocument(file('compose.yaml'));
    const lenses = await waitFor('the CodeLens', async () => {
      const l = await command<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file('compose.yaml'));
      return l?.length ? l : undefined;
    });
    assert.deepStrictEqual(
      lenses.map((l) => [l.command?.title, l.command?.command]),
      [['$(arrow-swap) Convert to Kube Manifest', 'podmanKube.convertCompose']],
    );
    const outcome = await command('podmanKube.convertCompose', file('compose.yaml'), { layout: 'pods' });
    assert.ok(outcome.ok, outcome.message);
    assert.strictEqual(outcome.message, 'Wrote kube.yaml from compose.yaml: 1 thing not carried over, listed at its top.');
    const text = readFileSync(file('kube.yaml').fsPath, 'utf8');
    assert.match(text, /^# Converted from compose project compose by Podman Kube Play \(layout: one pod per service\)\.\n/);
    assert.match(text, /\n# Not carried over:\n# - service client: `stop_signal` is not carried over\n/);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), file('kube.yaml').toString());
    // The preview draws the two pods; the language server finds nothing wrong.
    const drawn = await waitFor('the preview of the manifest', () => {
      const m = previewRecord(api.previews).lastMessage(api.previews.active);
      return m?.type === 'render' && m.uri === file('kube.yaml').toString() ? m.mermaid : undefined;
    });
    assert.match(drawn, /Pod server/);
    assert.match(drawn, /Pod client/);
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepStrictEqual(
      vscode.languages.getDiagnostics(file('kube.yaml')).filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
      [],
    );
  });

  it('an existing manifest is replaced only when asked; a compose file with a problem gets its line and no file', async () => {
    writeFileSync(file('kube.yaml').fsPath, 'mine\n');
    // Asked with a modal; the test answers through the option, the refusal path by a folder in the way.
    const replaced = await command('podmanKube.convertCompose', file('compose.yaml'), { layout: 'pod', overwrite: true });
    assert.ok(replaced.ok, replaced.message);
    assert.match(readFileSync(file('kube.yaml').fsPath, 'utf8'), /layout: one pod\)/);
    mkdirSync(file('bad.kube.yaml').fsPath);
    const bad = await command('podmanKube.convertCompose', file('bad.yaml'), { layout: 'pods' });
    assert.strictEqual(bad.ok, false);
    assert.strictEqual(bad.message, 'bad.yaml was not converted: line 4: Compose: services.web: unknown key `imagee` (the compose specification has no such key here).');
    assert.deepStrictEqual(bad.offered, ['Go to Line']);
    writeFileSync(file('bad.yaml').fsPath, 'services:\n  web:\n    image: nginx\n');
    const blocked = await command('podmanKube.convertCompose', file('bad.yaml'), { layout: 'pods', overwrite: true });
    assert.deepStrictEqual([blocked.ok, blocked.message], [false, 'bad.kube.yaml exists and is not a regular file: nothing was written.']);
    assert.ok(existsSync(file('bad.kube.yaml').fsPath));
  });
});

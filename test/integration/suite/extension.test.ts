import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, openYaml, waitFor, workspaceFile } from './helpers';

const repo = path.join(__dirname, '..', '..', '..', '..');

describe('extension in a real VS Code host', () => {
  afterEach(closeAll);

  it('activates when a kube manifest is opened', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    const doc = await vscode.workspace.openTextDocument(workspaceFile('valkey0', 'play.yml'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'yaml');
    await waitFor('the extension to activate', () => ext.isActive);
  });

  it('registers every command package.json contributes', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepStrictEqual(
      pkg.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c)),
      [],
    );
  });

  it('offers the Valkey snippets in completion', async () => {
    const editor = await openYaml('podman-valkey');
    const list = await waitFor('snippet completions', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 13));
      const labels = l.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return labels.includes('podman-valkey-pod') && labels.includes('podman-valkey-pods') ? labels : undefined;
    });
    assert.ok(list.includes('podman-valkey-pod'));
  });

  it('offers the building-block snippets in completion', async () => {
    const editor = await openYaml('kube-');
    const labels = await waitFor('kube- snippets', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, new vscode.Position(0, 5));
      const found = l.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return found.includes('kube-volumemount') ? found : undefined;
    });
    for (const p of ['kube-pod', 'kube-deployment', 'kube-container', 'kube-port', 'kube-volume', 'kube-volumemount', 'kube-pvc', 'kube-configmap', 'kube-secret']) {
      assert.ok(labels.includes(p), `${p} missing from ${labels.join(', ')}`);
    }
  });

  for (const [snippet, sample] of [
    ['Podman: Valkey server and client in one pod', 'valkey0'],
    ['Podman: Valkey server and client in two pods', 'valkey1'],
  ]) {
    it(`"${snippet}" inserts the ${sample} manifest`, async () => {
      const editor = await openYaml('');
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: snippet });
      // Leave snippet mode, accepting every default.
      await vscode.commands.executeCommand('leaveSnippet');
      const text = await waitFor('the snippet text', () => editor.document.getText() || undefined);
      const expected = readFileSync(path.join(repo, 'samples', sample, 'play.yml'), 'utf8').replace(/^#.*\n/gm, '');
      assert.strictEqual(text.trimEnd(), expected.trimEnd());
    });
  }

  it('accepting the completion item inserts the snippet into the document', async () => {
    const editor = await openYaml('kube-pvc');
    editor.selection = new vscode.Selection(0, 8, 0, 8);
    await vscode.commands.executeCommand('editor.action.triggerSuggest');
    await waitFor('the suggestion to be accepted', async () => {
      await vscode.commands.executeCommand('acceptSelectedSuggestion');
      return editor.document.getText().includes('kind: PersistentVolumeClaim');
    });
    assert.match(editor.document.getText(), /^apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n {2}name: data\n/);
  });
});

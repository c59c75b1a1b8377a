import * as assert from 'assert';
import * as vscode from 'vscode';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import type { Api } from '../../../src/extension';
import { generateManifest } from '../../support/generate';
import { closeAll, EXTENSION_ID, openYaml, stallMeter, waitFor, workspaceFile } from './helpers';

async function openFile(name: string, content: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  writeFileSync(uri.fsPath, content);
  return vscode.window.showTextDocument(uri);
}

const podmanDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'podman');

describe('language server in a real VS Code host', () => {
  afterEach(closeAll);

  it('publishes what podman will do, and follows edits', async () => {
    const editor = await openYaml('apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n');
    const diags = await waitFor('diagnostics from the server', () => {
      const d = podmanDiagnostics(editor.document.uri);
      return d.length ? d : undefined;
    });
    assert.deepStrictEqual(
      diags.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]),
      [['ignored-kind', vscode.DiagnosticSeverity.Warning, 1, 6]],
    );
    assert.match(diags[0].message, /podman kube play skips Service objects/);
    // Remove the Service: the warning goes.
    await editor.edit((e) => e.delete(new vscode.Range(0, 0, 5, 0)));
    await waitFor('the warning to go', () => podmanDiagnostics(editor.document.uri).length === 0);
  });

  it('a project (samples/valkey2): each file checked with its siblings, no false word; the quick fix gives the ConfigMap file to plays of the file alone', async () => {
    const api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    const config = await vscode.window.showTextDocument(workspaceFile('valkey2', 'config.yml'));
    const app = await vscode.window.showTextDocument(workspaceFile('valkey2', 'app.yml'));
    const said = (e: vscode.TextEditor) => podmanDiagnostics(e.document.uri).map((d) => [d.code, d.severity, d.range.start.line + 1]);
    await waitFor("app.yml's diagnostics", () => said(app).length > 0);
    assert.deepStrictEqual(said(app), [['configmap-in-sibling', vscode.DiagnosticSeverity.Information, 15]]);
    await waitFor("config.yml's diagnostics", () => said(config).length > 0);
    assert.deepStrictEqual(said(config), [['configmap-file', vscode.DiagnosticSeverity.Information, 3]]);
    // valkey2.kube plays both with --configmap config.yml: nothing more to offer. A copy without the unit:
    const dir = workspaceFile('valkey2-copy');
    mkdirSync(dir.fsPath, { recursive: true });
    for (const f of ['config.yml', 'db.yml', 'app.yml']) copyFileSync(workspaceFile('valkey2', f).fsPath, vscode.Uri.joinPath(dir, f).fsPath);
    const copy = await vscode.window.showTextDocument(vscode.Uri.joinPath(dir, 'app.yml'));
    const ref = await waitFor("the copy's diagnostics", () => podmanDiagnostics(copy.document.uri)[0]);
    assert.match(ref.message, /Played alone, this file needs `--configmap config\.yml`/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', copy.document.uri, ref.range);
    const fix = actions.find((a) => a.title === 'Play with --configmap config.yml');
    assert.ok(fix?.command, actions.map((a) => a.title).join(', '));
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    try {
      assert.deepStrictEqual(api.play.forFile(copy.document.uri).configMapFiles, [vscode.Uri.joinPath(dir, 'config.yml').fsPath]);
      // Known now: the word for the file alone goes.
      await waitFor('the fix to be taken', () => !/Played alone/.test(podmanDiagnostics(copy.document.uri)[0]?.message ?? 'Played alone'));
    } finally {
      await vscode.commands.executeCommand(fix.command.command, copy.document.uri, []);
      await closeAll();
      rmSync(dir.fsPath, { recursive: true, force: true });
    }
  });

  it('a Quadlet unit naming several Yaml= makes them a project, across folders: a pod it names resolves; without the unit it is a warning', async () => {
    const dir = workspaceFile('unit-project');
    mkdirSync(vscode.Uri.joinPath(dir, 'b').fsPath, { recursive: true });
    const pod = (name: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n${extra}`;
    writeFileSync(vscode.Uri.joinPath(dir, 'a.yml').fsPath, pod('apod', '      command: ["sh", "-c", "valkey-cli -h bpod PING"]\n'));
    writeFileSync(vscode.Uri.joinPath(dir, 'b', 'b.yml').fsPath, pod('bpod'));
    const unit = vscode.Uri.joinPath(dir, 'both.kube');
    try {
      const a = await vscode.window.showTextDocument(vscode.Uri.joinPath(dir, 'a.yml'));
      const warned = await waitFor('the warning of a.yml alone', () => podmanDiagnostics(a.document.uri).find((d) => d.code === 'unresolved-host'));
      assert.match(warned.message, /"bpod" is not a pod, hostname or container in this file/);
      writeFileSync(unit.fsPath, '[Kube]\nYaml=a.yml\nYaml=b/b.yml\n');
      await waitFor("a.yml checked with b/b.yml, the unit's project", () => podmanDiagnostics(a.document.uri).length === 0);
      rmSync(unit.fsPath);
      await waitFor('the warning again without the unit', () => podmanDiagnostics(a.document.uri).some((d) => d.code === 'unresolved-host'));
    } finally {
      await closeAll();
      rmSync(dir.fsPath, { recursive: true, force: true });
    }
  });

  it('speaks only about kube manifests', async () => {
    const other = await openFile('compose.yaml', 'services:\n  web:\n\timage: nginx\n');
    // A manifest opened after it: once its diagnostics arrive, the server has seen both.
    const kube = await openFile('ingress.yaml', 'apiVersion: v1\nkind: Ingress\nmetadata:\n  name: x\n');
    await waitFor("the manifest's diagnostics", () => podmanDiagnostics(kube.document.uri).length > 0);
    assert.deepStrictEqual(podmanDiagnostics(other.document.uri), []);
  });

  it('knows the installed podman: a Job needs 5.3, podman here is 4.3.1; the setting overrides it', async () => {
    const editor = await openYaml('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: docker.io/valkey/valkey:8\n');
    const warning = await waitFor('the version warning', () => podmanDiagnostics(editor.document.uri).find((d) => d.code === 'kind-needs-newer-podman'));
    assert.match(warning.message, /Job needs podman 5\.3 or newer; podman 4\.3\.1 skips it/);
    const config = vscode.workspace.getConfiguration('podmanKube');
    await config.update('podman.version', '5.4.0', vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the warning to go under podman 5.4.0', () => podmanDiagnostics(editor.document.uri).length === 0);
    } finally {
      await config.update('podman.version', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("follows the file's network: pod names across pods warn on the plain `podman` network only", async () => {
    const api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    const uri = workspaceFile('valkey1', 'play.yml');
    // Without --net, kube play uses podman-default-kube-network, which has DNS; `podman` has none.
    await api.networks.set(uri, 'podman');
    try {
      await vscode.window.showTextDocument(uri);
      const warning = await waitFor('the DNS warning', () => podmanDiagnostics(uri).find((d) => d.code === 'impossible-connection'));
      assert.match(warning.message, /"valkey1-server" does not resolve: the chosen network has DNS off/);
      assert.strictEqual(warning.range.start.line, 28);
      await api.networks.set(uri, 'valkey1');
      await waitFor('no warning on valkey1', () => podmanDiagnostics(uri).length === 0);
    } finally {
      await api.networks.set(uri, undefined);
    }
  });

  it('completion: keys podman ignores are marked; host names where a host goes', async () => {
    const editor = await openYaml(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n      \n      args: ["-h", "a"]\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n    - name: pg\n      image: docker.io/library/postgres:16\n',
    );
    const uri = editor.document.uri;
    const keys = await waitFor('key completion', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(8, 6));
      const ours = list.items.filter((i) => typeof i.label === 'string' && (i.label === 'readinessProbe' || i.label === 'livenessProbe'));
      return ours.length === 2 ? ours : undefined;
    });
    const probe = keys.find((i) => i.label === 'readinessProbe')!;
    assert.deepStrictEqual([probe.detail, probe.tags], ['podman ignores this field', [vscode.CompletionItemTag.Deprecated]]);
    assert.strictEqual(keys.find((i) => i.label === 'livenessProbe')!.tags, undefined);
    const hosts = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, new vscode.Position(9, 21));
    const db = hosts.items.find((i) => i.label === 'db');
    assert.ok(db, hosts.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join());
    assert.match(db.detail ?? '', /from other pods on a network with DNS/);
  });

  it('hover on a pod name lists the names it is reachable by; on a key, what podman does', async () => {
    const uri = workspaceFile('valkey0', 'play.yml');
    await vscode.window.showTextDocument(uri);
    const text = async (line: number, character: number) => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, character));
      return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    };
    const pod = await waitFor('hover on valkey0', async () => (await text(5, 10)) || undefined);
    assert.match(pod, /\*\*Pod valkey0\*\*/);
    assert.match(pod, /valkey0\/client → `localhost:6379`/);
    assert.match(await text(7, 4), /\*\*containers\*\*: .*Podman supports it/s);
  });

  it('quick fix: localhost pointing at another pod becomes its name, and the warning goes', async () => {
    const sample = (await vscode.workspace.openTextDocument(workspaceFile('valkey1', 'play.yml'))).getText();
    const editor = await openYaml(sample.replace('-h valkey1-server', '-h localhost'));
    const uri = editor.document.uri;
    // Played on a network with DNS, so that the pod name is the answer. Untitled URIs are reused
    // by later tests: the choice is undone after.
    const networks = (await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate()).networks;
    await networks.set(uri, 'valkey1');
    try {
      const d = await waitFor('the impossible-connection warning', () => podmanDiagnostics(uri).find((x) => x.code === 'impossible-connection'));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Use valkey1-server instead of localhost');
      assert.ok(fix?.edit, actions.map((a) => a.title).join());
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.strictEqual(editor.document.getText(), sample);
      await waitFor('the warning to go', () => !podmanDiagnostics(uri).some((x) => x.code === 'impossible-connection'));
    } finally {
      await networks.set(uri, undefined);
    }
  });

  it("a 5 MB manifest typed into: the server's diagnostics for the final text arrive (the stalls are logged)", async function () {
    this.timeout(240_000);
    const text = generateManifest(Math.ceil((5 * 1024 * 1024) / generateManifest(1).length));
    // Baselines in the same run: the same text as plain text (VS Code alone), and as YAML that is
    // not a manifest (VS Code's YAML support plus our client syncing it; the server says nothing).
    const plain = await typeInto(workspaceFile('big.txt'), text);
    const other = await typeInto(workspaceFile('big-other.yaml'), text.replace(/^apiVersion:/gm, 'apiVersjon:'));
    const uri = workspaceFile('big.yml');
    const yaml = await typeInto(uri, text);
    // The last edit repeated a key: the server's answer for the final text says so.
    const dup = await waitFor('diagnostics for the final text', () => podmanDiagnostics(uri).find((d) => d.code === 'yaml-duplicate_key'), 120_000);
    assert.strictEqual(dup.range.start.line, 5);
    const show = (r: { edits: number[]; longest: number }) => `edits ${r.edits.map(Math.round).join(', ')} ms, longest extension-host stall ${Math.round(r.longest)} ms`;
    // Figures for the log, never a threshold: tests do not fail on timing (npm run bench compares them).
    console.log(`      5 MB as plain text: ${show(plain)}\n      5 MB as other YAML: ${show(other)}\n      5 MB as a manifest: ${show(yaml)}`);
    await closeAll();
  });
});

/** Opens `text` as `uri` and types 11 edits, timing each and the extension host's longest stall. */
async function typeInto(uri: vscode.Uri, text: string): Promise<{ edits: number[]; longest: number }> {
  writeFileSync(uri.fsPath, text);
  const meter = stallMeter();
  try {
    const editor = await vscode.window.showTextDocument(uri);
    const edits: number[] = [];
    for (let i = 0; i < 11; i++) {
      const t = performance.now();
      const edit = i < 10 ? (e: vscode.TextEditorEdit) => e.insert(new vscode.Position(6, 4), 'x') : (e: vscode.TextEditorEdit) => e.insert(new vscode.Position(4, 0), '  name: again\n');
      assert.ok(await editor.edit(edit));
      edits.push(performance.now() - t);
    }
    assert.strictEqual(editor.document.lineAt(7).text, '    xxxxxxxxxxapp: app0');
    return { edits, longest: meter.stop() };
  } finally {
    meter.stop();
  }
}

import * as assert from 'assert';
import * as vscode from 'vscode';
import { writeFileSync } from 'fs';
import { closeAll, openYaml, waitFor, workspaceFile } from './helpers';

async function openFile(name: string, content: string): Promise<vscode.TextEditor> {
  const uri = workspaceFile(name);
  writeFileSync(uri.fsPath, content);
  return vscode.window.showTextDocument(uri);
}

const podmanDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'podman');

describe('language server in a real VS Code host', () => {
  afterEach(closeAll);

  it('publishes what podman will do, and follows edits', async () => {
    const editor = await openYaml(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: c\n      image: docker.io/library/busybox:1\n',
    );
    const diags = await waitFor('diagnostics from the server', () => {
      const d = podmanDiagnostics(editor.document.uri);
      return d.length ? d : undefined;
    });
    assert.deepStrictEqual(diags.map((d) => [d.code, d.severity, d.range.start.line, d.range.start.character]), [['ignored-kind', vscode.DiagnosticSeverity.Warning, 1, 6]]);
    assert.match(diags[0].message, /podman kube play skips Service objects/);
    // Remove the Service: the warning goes.
    await editor.edit((e) => e.delete(new vscode.Range(0, 0, 5, 0)));
    await waitFor('the warning to go', () => podmanDiagnostics(editor.document.uri).length === 0);
  });

  it('speaks only about kube manifests', async () => {
    const other = await openFile('compose.yaml', 'services:\n  web:\n\timage: nginx\n');
    // A manifest opened after it: once its diagnostics arrive, the server has seen both.
    const kube = await openFile('ingress.yaml', 'apiVersion: v1\nkind: Ingress\nmetadata:\n  name: x\n');
    await waitFor('the manifest\'s diagnostics', () => podmanDiagnostics(kube.document.uri).length > 0);
    assert.deepStrictEqual(podmanDiagnostics(other.document.uri), []);
  });
});

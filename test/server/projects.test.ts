// The language server checks a file of a project with its siblings (samples/valkey2: a ConfigMap
// file, a database pod, an app reading the ConfigMap and naming the database): no false word on
// any of them, and a sibling's edit, close or change on disk checks the others again.
import * as assert from 'assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { LspClient, within, type Published } from '../support/lspClient';

const ROOT = join(__dirname, '..', '..', '..');

describe('language server: a project of files checked together', function () {
  this.timeout(60_000);
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-project-'));
  const uri = (name: string) => pathToFileURL(join(dir, name)).href;
  const text = (name: string) => readFileSync(join(dir, name), 'utf8');
  const said = (p: Published) => p.diagnostics.map((d) => `${d.code} ${d.range.start.line + 1}`);
  let server: LspClient;

  before(async () => {
    cpSync(join(ROOT, 'samples/valkey2'), dir, { recursive: true });
    server = new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio']);
    await server.initialize([pathToFileURL(dir).href]);
  });
  after(async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The diagnostics a document gets until they are `want` (an earlier check may still be answering). */
  const until2 = async (u: string, want: (d: string[]) => boolean, what: string) => {
    const deadline = Date.now() + 10_000;
    let last: string[] = [];
    while (Date.now() < deadline) {
      last = said(await within(10_000, what, server.nextDiagnostics(u)));
      if (want(last)) return last;
    }
    assert.fail(`${what}: ${last.join(', ')}`);
  };
  const until = (name: string, want: (d: string[]) => boolean, what: string) => until2(uri(name), want, what);
  const opened = async (name: string) => {
    const next = server.nextDiagnostics(uri(name));
    await server.open(uri(name), text(name));
    return within(10_000, `diagnostics of ${name}`, next);
  };

  it('each file with its siblings read from disk: infos only, at the lines of each file', async () => {
    assert.deepStrictEqual(said(await opened('app.yml')), ['configmap-in-sibling 15']);
    assert.deepStrictEqual(said(await opened('db.yml')), ['configmap-in-sibling 20']);
  });

  it('an unsaved edit of a sibling checks the others again; closing it goes back to the file on disk', async () => {
    const config = await opened('config.yml');
    assert.deepStrictEqual(said(config), ['configmap-file 3']);
    const edited = until('app.yml', (d) => d.join() === 'configmap-unknown 15', 'app.yml after the edit');
    await server.change(uri('config.yml'), 2, text('config.yml').replace('name: valkey2-config', 'name: renamed'));
    await edited;
    const closed = until('app.yml', (d) => d.join() === 'configmap-in-sibling 15', 'app.yml after the close');
    await server.close(uri('config.yml'));
    await closed;
  });

  it('a sibling that is not open changed on disk (a watched file event): the others are checked again', async () => {
    writeFileSync(join(dir, 'config.yml'), text('config.yml').replace('name: valkey2-config', 'name: renamed'));
    const changed = until('app.yml', (d) => d.join() === 'configmap-unknown 15', 'app.yml after config.yml changed');
    await server.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('config.yml'), type: 2 }] });
    await changed;
  });

  it('a project a unit defines (several Yaml=, told by the extension) comes first, even across folders', async () => {
    const other = mkdtempSync(join(tmpdir(), 'podman-kube-unit-'));
    try {
      const client = join(other, 'client.yml');
      writeFileSync(client, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: c\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n      command: ["sh", "-c", "valkey-cli -h valkey2-db PING"]\n');
      const u = pathToFileURL(client).href;
      // Outside the workspace and alone: the name it uses is unknown.
      const alone = server.nextDiagnostics(u);
      await server.open(u, readFileSync(client, 'utf8'));
      assert.deepStrictEqual(said(await within(10_000, 'client.yml alone', alone)), ['unresolved-host 9']);
      // A unit plays it with db.yml: the name resolves.
      const together = until2(u, (d) => d.length === 0, 'client.yml in the unit project');
      await server.notify('podmanKube/context', { files: {}, projects: [{ name: 'both', files: [join(dir, 'db.yml'), client] }] });
      await together;
    } finally {
      await server.notify('podmanKube/context', { files: {} });
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('a file alone in its folder is checked alone, as before', async () => {
    const lone = mkdtempSync(join(tmpdir(), 'podman-kube-lone-'));
    try {
      writeFileSync(join(lone, 'config.yml'), text('config.yml'));
      const u = pathToFileURL(join(lone, 'config.yml')).href;
      const next = server.nextDiagnostics(u);
      await server.open(u, text('config.yml'));
      assert.deepStrictEqual(said(await within(10_000, 'a lone ConfigMap file', next)), ['nothing-to-play 4']);
    } finally {
      rmSync(lone, { recursive: true, force: true });
    }
  });
});

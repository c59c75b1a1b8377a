// A workspace of YAML that is not kube (a GitHub workflow, a compose file) activates the extension
// but pays for nothing: no language server, no analyzer, no podman. The first manifest starts them.
// What ran is read where a user would see it: the process list and the Podman output channel.
import * as assert from 'assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workbench } from './workbench';

const root = join(__dirname, '..', '..', '..');

/** PIDs of our language server (dist/server.js) or of its analyzer (the same bundle, with --analyzer) from this checkout. */
function ours(role: 'server' | 'analyzer'): string[] {
  const path = join(root, 'dist', 'server.js');
  return readdirSync('/proc').filter((pid) => {
    if (!/^\d+$/.test(pid)) return false;
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv.includes(path) && argv.includes('--analyzer') === (role === 'analyzer');
    } catch {
      return false; // gone meanwhile
    }
  });
}

describe('Lean start in the workbench (code-server + chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-e2e-lean-'));
  /** Every podman command line the extension runs is logged to its output channel first. */
  const podmanRuns = () => wb.podmanLog().filter((l) => l.includes('$ podman '));

  before(async () => {
    writeFileSync(join(dir, 'workflow.yml'), 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm test\n');
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  cache:\n    image: docker.io/valkey/valkey:8\n    ports:\n      - "6379:6379"\n');
    writeFileSync(join(dir, 'svc.yml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: docker.io/valkey/valkey:8\n');
    wb = await Workbench.start({ 'workflow.yml': join(dir, 'workflow.yml'), 'compose.yaml': join(dir, 'compose.yaml'), 'svc.yml': join(dir, 'svc.yml') });
  });
  after(async () => {
    await wb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a workflow and a compose file: the extension is active, and no server, analyzer or podman runs', async () => {
    await wb.openFile('workflow.yml');
    await wb.openFile('compose.yaml');
    // onLanguage:yaml activated the extension: it says so in its output channel.
    const activated = () => wb.podmanLog().find((l) => /Activated in [\d.]+ ms/.test(l));
    for (let i = 0; i < 100 && !activated(); i++) await wb.page.waitForTimeout(200);
    assert.ok(activated(), 'the extension never logged its activation');
    assert.doesNotMatch(activated()!, /language client started/);
    // Time for anything that would start to start.
    await wb.page.waitForTimeout(3000);
    assert.deepStrictEqual([ours('server'), ours('analyzer'), podmanRuns()], [[], [], []]);
  });

  it('then a manifest: the server starts, diagnostics arrive, podman is asked its version once', async () => {
    await wb.openFile('svc.yml');
    // The Service gets a warning squiggle: podman skips it.
    await wb.page.waitForSelector('.editor-instance .squiggly-warning', { timeout: 60_000 });
    assert.strictEqual(ours('server').length, 1);
    // A small file is read in the server's own process: no analyzer for it.
    assert.deepStrictEqual(ours('analyzer'), []);
    for (let i = 0; i < 100 && !podmanRuns().some((l) => l.includes('version')); i++) await wb.page.waitForTimeout(200);
    assert.deepStrictEqual(
      podmanRuns()
        .filter((l) => l.includes('version'))
        .map((l) => l.replace(/^.*\$ /, '')),
      ['podman version --format json'],
    );
  });
});

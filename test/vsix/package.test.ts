import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { gzipSync } from 'zlib';
import { LspClient, within } from '../support/lspClient';

const root = join(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = join(root, `${pkg.name}-${pkg.version}.vsix`);
const codeServer = join(root, '.vscode-test/code-server-4.96.4/node_modules/code-server/out/node/entry.js');

describe('VSIX package', function () {
  this.timeout(300_000);
  let files: string[] = [];

  before(() => {
    rmSync(vsix, { force: true });
    execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
    files = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
    console.log(`      ${vsix.split('/').pop()}: ${(statSync(vsix).size / 1024).toFixed(1)} KiB, ${files.length} files`);
  });

  it('holds the bundle, snippets, samples, icon and docs', () => {
    for (const f of [
      'extension/package.json',
      'extension/dist/extension.js',
      'extension/dist/client.js',
      'extension/dist/modelWorker.js',
      'extension/dist/listingWorker.js',
      'extension/dist/server.js',
      'extension/dist/cli.js',
      'extension/media/dist/preview.js',
      'extension/media/preview.css',
      'extension/snippets/kube.code-snippets',
      'extension/samples/valkey0/play.yml',
      'extension/samples/valkey1/play.yml',
      'extension/media/icon.png',
      'extension/readme.md',
      'extension/changelog.md',
      'extension/LICENSE.txt',
    ]) {
      assert.ok(files.includes(f), `${f} missing from ${files.join(', ')}`);
    }
  });

  it('its README reads right on the Marketplace and Open VSX: every link and image absolute, each repository path one that exists', () => {
    const readme = execFileSync('unzip', ['-p', vsix, 'extension/readme.md'], { encoding: 'utf8' });
    const targets = [...readme.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)|<img[^>]+src="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    assert.ok(targets.length > 20, `only ${targets.length} links`);
    const relative = targets.filter((t) => !/^(https?:|#|mailto:)/.test(t));
    assert.deepStrictEqual(relative, [], 'links a page outside the repository cannot follow');
    // vsce points repository paths at the repository (blob/HEAD for links, raw/HEAD for images): each must be a file or folder of it.
    const repo = pkg.repository.url.replace(/\.git$/, '');
    const tracked = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n');
    const missing = targets
      .filter((t) => t.startsWith(repo))
      .map((t) => t.replace(/^.*?\/(blob|raw)\/HEAD\//, '').replace(/#.*$/, ''))
      .filter((p) => !tracked.some((f) => f === p || f.startsWith(`${p.replace(/\/$/, '')}/`)));
    assert.deepStrictEqual(missing, []);
    // Images are PNG (the Marketplace refuses SVG images from anywhere but trusted badge hosts).
    assert.deepStrictEqual(
      targets.filter((t) => /\.svg$/i.test(t)),
      [],
    );
  });

  it('holds Mermaid only as the webview bundle: flowcharts with their layouts, the other diagrams left out', () => {
    const chunks = files.filter((f) => f.startsWith('extension/media/dist/chunks/'));
    for (const kept of ['flowDiagram', 'dagre', 'elk'])
      assert.ok(
        chunks.some((c) => c.includes(`/${kept}-`)),
        `${kept} missing from ${chunks.join(', ')}`,
      );
    assert.deepStrictEqual(
      files.filter((f) => /mermaid/i.test(f) && !f.startsWith('extension/media/dist/')),
      [],
    );
    // A diagram type the preview never draws is a stub that says so, not Mermaid's code.
    const sizes = new Map(
      execFileSync('unzip', ['-Zl', vsix], { encoding: 'utf8' })
        .split('\n')
        .map((l) => l.trim().split(/\s+/))
        .filter((w) => w.length > 8)
        .map((w) => [w[w.length - 1], Number(w[3])]),
    );
    const sequence = chunks.find((c) => c.includes('/sequenceDiagram-'));
    assert.ok(sequence && sizes.get(sequence)! < 400, `sequenceDiagram: ${sequence} ${sequence && sizes.get(sequence)} bytes`);
  });

  it("is within Mermaid's own gzip + 300 KiB", () => {
    const mermaidGzip = gzipSync(readFileSync(join(root, 'node_modules/mermaid/dist/mermaid.min.js'))).length;
    const size = statSync(vsix).size;
    console.log(`      VSIX ${(size / 1024).toFixed(0)} KiB; Mermaid's gzip ${(mermaidGzip / 1024).toFixed(0)} KiB + 300 KiB = ${((mermaidGzip + 300 * 1024) / 1024).toFixed(0)} KiB`);
    assert.ok(size <= mermaidGzip + 300 * 1024);
  });

  it('holds no sources, tests, source maps or dependencies', () => {
    const bad = files.filter((f) => /^extension\/(src|test|out|scripts|node_modules|webview-src|docs|\.vscode|\.ci|\.vscode-test)\//.test(f) || /\.(map|ts)$/.test(f) || f.endsWith('tsconfig.json'));
    assert.deepStrictEqual(bad, []);
  });

  it('installs into VS Code (code-server --install-extension) as a user would', async () => {
    const home = mkdtempSync(join(tmpdir(), 'podman-kube-vsix-'));
    try {
      const ext = join(home, 'extensions');
      const env = { ...process.env, XDG_CONFIG_HOME: join(home, 'c'), XDG_DATA_HOME: join(home, 'd'), XDG_CACHE_HOME: join(home, 'k') };
      const args = [codeServer, '--user-data-dir', join(home, 'ud'), '--extensions-dir', ext];
      execFileSync(process.execPath, [...args, '--install-extension', vsix], { env, encoding: 'utf8' });
      const listed = execFileSync(process.execPath, [...args, '--list-extensions', '--show-versions'], { env, encoding: 'utf8' });
      assert.match(listed, new RegExp(`^${pkg.publisher}\\.${pkg.name}@${pkg.version.replace(/\./g, '\\.')}$`, 'm'));
      const dir = readdirSync(ext).find((d) => d.startsWith(`${pkg.publisher}.${pkg.name}`));
      assert.ok(dir && existsSync(join(ext, dir, 'dist', 'extension.js')), 'installed extension has no dist/extension.js');
      // The CLI ships in the package and prints the same Mermaid text the preview draws.
      const out = execFileSync(process.execPath, [join(ext, dir, 'dist', 'cli.js'), 'topology', join(ext, dir, 'samples', 'valkey1', 'play.yml'), '--net', 'valkey1'], { encoding: 'utf8' });
      assert.match(out, /^flowchart TB\n/);
      assert.ok(out.includes('pod1c0 -.->|"valkey1-server:6379"| pod0c0'), out);
      // The installed language server, with its analyzer process, answers over LSP.
      const server = new LspClient(process.execPath, [join(ext, dir, 'dist', 'server.js'), '--stdio']);
      try {
        await server.initialize();
        const published = server.nextDiagnostics('file:///svc.yml');
        await server.open('file:///svc.yml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n');
        assert.deepStrictEqual(
          (await within(30_000, 'diagnostics from the installed server', published)).diagnostics.map((d) => d.code),
          ['ignored-kind', 'nothing-to-play'],
        );
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { adversarial } from '../support/adversarial';
import { corpus } from '../support/corpus';
import { generateManifest } from '../support/generate';
import { LspClient, within, type Published } from '../support/lspClient';

const ROOT = join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const BASES = ['samples/valkey0/play.yml', 'samples/valkey1/play.yml', 'test/fixtures/connections.yml', 'test/fixtures/kinds.yml', 'test/fixtures/hostnet.yml', 'test/fixtures/podman-checks.yml', 'test/fixtures/hostile.yml'].map(read);
/** Past this, a request counts as a hang and fails the test. */
const HANG_MS = 10_000;

describe('language server process, driven over LSP stdio', function () {
  this.timeout(600_000);
  let server: LspClient;
  /** Response times of requests (completion, hover, code actions) and of diagnostics. */
  const times = { request: [] as number[], diagnostics: [] as number[] };
  const slowest: { ms: number; what: string }[] = [];

  before(async () => {
    server = new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio']);
    await server.initialize();
  });
  after(async () => {
    await server.stop();
  });

  async function timed<T>(kind: keyof typeof times, what: string, p: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const v = await within(HANG_MS, what, p());
    const ms = performance.now() - t0;
    times[kind].push(ms);
    slowest.push({ ms, what });
    slowest.sort((a, b) => b.ms - a.ms).splice(5);
    return v;
  }

  it('answers every request on 1,000 mutated manifests, and never dies', async () => {
    const cases = corpus(BASES, 1000);
    assert.strictEqual(cases.length, 1000);
    let withDiagnostics = 0;
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i];
      const uri = `file:///corpus/${i}.yml`;
      const lines = c.text.split('\n');
      const line = i % lines.length;
      const position = { line, character: i % (lines[line].length + 1) };
      const published = server.nextDiagnostics(uri);
      const d = await timed('diagnostics', `diagnostics for ${c.name}`, async () => (await server.open(uri, c.text), published));
      if (d.diagnostics.length) withDiagnostics++;
      const doc = { uri };
      await timed('request', `completion in ${c.name}`, () => server.request('textDocument/completion', { textDocument: doc, position }));
      await timed('request', `hover in ${c.name}`, () => server.request('textDocument/hover', { textDocument: doc, position }));
      const range = { start: { line: 0, character: 0 }, end: { line: Math.min(lines.length - 1, 40), character: 0 } };
      await timed('request', `code actions in ${c.name}`, () => server.request('textDocument/codeAction', { textDocument: doc, range, context: { diagnostics: d.diagnostics } }));
      await server.close(uri);
      assert.strictEqual(server.exitReason, undefined, `server died on case ${c.name}: ${server.stderr}`);
    }
    for (const [kind, list] of Object.entries(times)) {
      const sorted = [...list].sort((a, b) => a - b);
      const p99 = sorted[Math.floor(sorted.length * 0.99)];
      console.log(`      ${list.length} ${kind} answers: median ${sorted[sorted.length >> 1].toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(0)} ms, over 1 s: ${list.filter((t) => t > 1000).length}`);
    }
    console.log(`      slowest: ${slowest.map((s) => `${s.what} ${s.ms.toFixed(0)} ms`).join('; ')}`);
    // Requests are answered by the server's own process, which never parses a big file: a
    // second there would be a hang in the making.
    assert.deepStrictEqual(
      times.request.filter((t) => t > 1000),
      [],
    );
    // Most broken manifests say what is wrong; the rest are valid or not kube at all.
    assert.ok(withDiagnostics > 700, `${withDiagnostics} of 1,000 had diagnostics`);
    assert.strictEqual(server.exitReason, undefined);
  });

  it('hostile files (aliases, huge scalars and lines, 50,000 documents...) are read and answered, never a hang', async () => {
    for (const [i, f] of adversarial().entries()) {
      const uri = `file:///adversarial/${i}.yml`;
      const published = server.nextDiagnostics(uri);
      await server.open(uri, f.text);
      await within(60_000, `diagnostics for ${f.name}`, published);
      await within(HANG_MS, `hover in ${f.name}`, server.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 9 } }));
      await server.close(uri);
      assert.strictEqual(server.exitReason, undefined, `server died on ${f.name}`);
    }
  });

  it('positions outside the document are answered, and the server goes on answering', async () => {
    const uri = 'file:///positions.yml';
    const published = server.nextDiagnostics(uri);
    await server.open(uri, BASES[1]);
    await within(HANG_MS, 'diagnostics', published);
    const doc = { textDocument: { uri } };
    for (const position of [
      { line: 1e9, character: -5 },
      { line: -3, character: 1e12 },
      { line: 2.5, character: Number.NaN },
    ]) {
      await within(HANG_MS, `hover at ${JSON.stringify(position)}`, server.request('textDocument/hover', { ...doc, position }));
      await within(HANG_MS, `completion at ${JSON.stringify(position)}`, server.request('textDocument/completion', { ...doc, position }));
      await within(HANG_MS, `code actions at ${JSON.stringify(position)}`, server.request('textDocument/codeAction', { ...doc, range: { start: position, end: position }, context: { diagnostics: [] } }));
    }
    // A real hover still answers: the pod name on line 8 ("  name: valkey1-server").
    const hover = await within(HANG_MS, 'a hover after them', server.request<{ contents: { value: string } }>('textDocument/hover', { ...doc, position: { line: 7, character: 12 } }));
    assert.match(hover.contents.value, /Pod valkey1-server/);
    await server.close(uri);
  });

  it('a 5 MB manifest: diagnostics for the latest edit, stale versions dropped, requests answered', async () => {
    const text = generateManifest(Math.ceil((5 * 1024 * 1024) / generateManifest(1).length));
    const uri = 'file:///big.yml';
    let published: Promise<Published> = server.nextDiagnostics(uri);
    await server.open(uri, text);
    const opened = await within(60_000, 'diagnostics for 5 MB', published);
    assert.deepStrictEqual(opened.diagnostics, []);
    // Three quick edits: the server answers the last one, never with an older version's result.
    const broken = text.replace('name: app7\n', 'name: app7\n  name: again\n');
    published = server.nextDiagnostics(uri);
    await server.change(uri, 2, text.replace('app3', 'app3x'));
    await server.change(uri, 3, text.replace('app5', 'app5x'));
    await server.change(uri, 4, broken);
    // Reading 5 MB takes ~3 s here, and a busy machine doubles it: this waits for a hang, not a figure.
    const last = await within(60_000, 'diagnostics after 3 edits of 5 MB', published);
    assert.strictEqual(last.version, 4);
    assert.ok(
      last.diagnostics.some((x) => x.code === 'yaml-duplicate_key'),
      JSON.stringify(last.diagnostics.slice(0, 3)),
    );
    const items = await timed('request', 'completion in 5 MB', () => server.request<unknown[]>('textDocument/completion', { textDocument: { uri }, position: { line: 30_000, character: 4 } }));
    assert.ok(Array.isArray(items));
    console.log(`      5 MB (${(text.length / 1048576).toFixed(1)} MiB, ${text.split('\n').length} lines): server RSS ${server.rssMiB().toFixed(0)} MiB`);
    await server.close(uri);
  });

  it('a file that takes past the deadline is stopped and reported; the server goes on', async () => {
    const slow = new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio'], { PODMAN_KUBE_ANALYZER_DEADLINE_MS: '300' });
    try {
      await slow.initialize();
      const big = generateManifest(3000);
      let published = slow.nextDiagnostics('file:///slow.yml');
      await slow.open('file:///slow.yml', big);
      const d = await within(HANG_MS, 'the too-slow diagnostic', published);
      assert.deepStrictEqual(
        d.diagnostics.map((x) => x.code),
        ['too-slow'],
      );
      assert.match(d.diagnostics[0].message, /took over 0\.3 s to read, so it is not checked/);
      published = slow.nextDiagnostics('file:///ok.yml');
      await slow.open('file:///ok.yml', BASES[0].replace('kind: Pod', 'kind: Service'));
      assert.deepStrictEqual(
        (await within(HANG_MS, 'diagnostics after a restart', published)).diagnostics.map((x) => x.code),
        ['ignored-kind', 'nothing-to-play'],
      );
      assert.strictEqual(slow.exitReason, undefined);
    } finally {
      await slow.stop();
    }
  });
});

// Our language server vs yaml-language-server 1.25 (no schema), both spoken to over LSP stdio in
// the same run: first diagnostics after opening a small and a 5,000-line manifest (each a fresh
// server process, as when a user opens a file), memory after opening (with child processes), and
// diagnostics after an edit of the big file (edits alternating between the servers).
import { readFileSync } from 'fs';
import { join } from 'path';
import { generateManifest } from '../support/generate';
import { LspClient } from '../support/lspClient';

const ROOT = join(__dirname, '..', '..', '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const URI = 'file:///bench/play.yml';

const SERVERS = [
  { name: 'podman-kube (ours)', args: [join(ROOT, 'dist/server.js'), '--stdio'] },
  { name: 'yaml-language-server 1.25.0', args: [join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'] },
];

async function started(args: string[]): Promise<LspClient> {
  const client = new LspClient(process.execPath, args);
  await client.initialize();
  await client.notify('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, schemas: {}, schemaStore: { enable: false } } } });
  return client;
}

/** A fresh server opens `text`: ms until its first diagnostics, and its memory then. */
async function firstOpen(args: string[], text: string): Promise<{ ms: number; rss: number }> {
  const client = await started(args);
  try {
    const published = client.nextDiagnostics(URI);
    const t = performance.now();
    await client.open(URI, text);
    await published;
    return { ms: performance.now() - t, rss: client.rssMiB() };
  } finally {
    await client.stop();
  }
}

export async function benchServer(edits = 21, starts = 9): Promise<{ open: Record<string, string | number>[]; edit: Record<string, string | number>[] }> {
  const linesPerPod = generateManifest(2).split('\n').length - generateManifest(1).split('\n').length;
  const pods = Math.ceil(5000 / linesPerPod);
  const big = generateManifest(pods);
  const files = [
    { label: `samples/valkey1/play.yml (${readFileSync(join(ROOT, 'samples/valkey1/play.yml'), 'utf8').split('\n').length} lines)`, text: readFileSync(join(ROOT, 'samples/valkey1/play.yml'), 'utf8') },
    { label: `generated, ${big.split('\n').length} lines, ${(big.length / 1024).toFixed(0)} kB`, text: big },
  ];
  const open: Record<string, string | number>[] = [];
  for (const f of files) {
    const results = SERVERS.map(() => ({ ms: [] as number[], rss: [] as number[] }));
    // Fresh processes, the servers taking turns, so neither always starts on a quieter machine.
    for (let i = 0; i < starts; i++) {
      for (const [j, s] of SERVERS.entries()) {
        const r = await firstOpen(s.args, f.text);
        results[j].ms.push(r.ms);
        results[j].rss.push(r.rss);
      }
    }
    const base = median(results[1].ms);
    const baseRss = median(results[1].rss);
    SERVERS.forEach((s, j) =>
      open.push({
        server: s.name,
        file: f.label,
        [`first diagnostics, median of ${starts} ms`]: Math.round(median(results[j].ms)),
        'min-max ms': `${Math.round(Math.min(...results[j].ms))}-${Math.round(Math.max(...results[j].ms))}`,
        'vs yaml-language-server': `${(median(results[j].ms) / base).toFixed(2)}x${j === 0 ? ' (target ≤ 0.5x)' : ''}`,
        'memory after open MiB': Math.round(median(results[j].rss)),
        'memory vs yaml-language-server': `${(median(results[j].rss) / baseRss).toFixed(2)}x${j === 0 ? ' (target < 1x)' : ''}`,
      }),
    );
  }

  const clients = await Promise.all(SERVERS.map((s) => started(s.args)));
  const times = SERVERS.map(() => [] as number[]);
  try {
    for (const c of clients) {
      const published = c.nextDiagnostics(URI);
      await c.open(URI, big);
      await published;
    }
    for (let i = 1; i <= edits; i++) {
      // A realistic edit in the middle of the file: a label value changes; the file stays valid.
      const edited = big.replace(`app: app${pods >> 1}\n`, `app: app${pods >> 1}-v${i}\n`);
      for (const j of i % 2 ? [0, 1] : [1, 0]) {
        const published = clients[j].nextDiagnostics(URI);
        const t = performance.now();
        await clients[j].change(URI, i + 1, edited);
        await published;
        times[j].push(performance.now() - t);
      }
    }
  } finally {
    for (const c of clients) await c.stop();
  }
  const base = median(times[1]);
  const edit = SERVERS.map((s, j) => ({
    server: s.name,
    file: files[1].label,
    'after an edit, median ms': Math.round(median(times[j])),
    'min-max ms': `${Math.round(Math.min(...times[j]))}-${Math.round(Math.max(...times[j]))}`,
    'vs yaml-language-server': `${(median(times[j]) / base).toFixed(2)}x${j === 0 ? ' (target ≤ 0.5x)' : ''}`,
  }));
  return { open, edit };
}

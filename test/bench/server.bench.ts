// Diagnostics latency after an edit on a 5,000-line manifest: our language server vs
// yaml-language-server 1.25 (no schema), both spoken to over LSP stdio in the same run, edits
// alternating between them. Also each server's memory (with its child processes) after opening.
import { join } from 'path';
import { generateManifest } from '../support/generate';
import { LspClient } from '../support/lspClient';

const ROOT = join(__dirname, '..', '..', '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Server {
  name: string;
  client: LspClient;
  edits: number[];
  openMs: number;
  rss: number;
}

export async function benchServer(edits = 21): Promise<Record<string, string | number>[]> {
  const pods = Math.ceil(5000 / (generateManifest(1).split('\n').length - 1));
  const text = generateManifest(pods);
  const lines = text.split('\n').length;
  const uri = 'file:///bench/play.yml';
  const servers: Server[] = [
    { name: 'podman-kube (ours)', client: new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio']), edits: [], openMs: 0, rss: 0 },
    { name: 'yaml-language-server 1.25.0', client: new LspClient(process.execPath, [join(ROOT, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio']), edits: [], openMs: 0, rss: 0 },
  ];
  try {
    for (const s of servers) {
      await s.client.initialize();
      await s.client.notify('workspace/didChangeConfiguration', { settings: { yaml: { validate: true, schemas: {}, schemaStore: { enable: false } } } });
      const t = performance.now();
      const published = s.client.nextDiagnostics(uri);
      await s.client.open(uri, text);
      await published;
      s.openMs = performance.now() - t;
      s.rss = s.client.rssMiB();
    }
    for (let i = 1; i <= edits; i++) {
      // A realistic edit in the middle of the file: a label value changes; the file stays valid.
      const edited = text.replace(`app: app${pods >> 1}\n`, `app: app${pods >> 1}-v${i}\n`);
      for (const s of i % 2 ? servers : [...servers].reverse()) {
        const published = s.client.nextDiagnostics(uri);
        const t = performance.now();
        await s.client.change(uri, i + 1, edited);
        await published;
        s.edits.push(performance.now() - t);
      }
    }
  } finally {
    for (const s of servers) await s.client.stop();
  }
  const base = median(servers[1].edits);
  return servers.map((s) => ({
    server: s.name,
    file: `${lines} lines, ${(text.length / 1024).toFixed(0)} kB`,
    'first diagnostics ms': Math.round(s.openMs),
    'after an edit, median ms': Math.round(median(s.edits)),
    'min-max ms': `${Math.round(Math.min(...s.edits))}-${Math.round(Math.max(...s.edits))}`,
    'vs yaml-language-server': `${(median(s.edits) / base).toFixed(2)}x${s === servers[0] ? ' (target ≤ 0.5x)' : ''}`,
    'memory after open MiB': Math.round(s.rss),
  }));
}

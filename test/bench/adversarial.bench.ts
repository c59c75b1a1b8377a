// Hostile files (test/support/adversarial.ts) through the model, each in a fresh process (time and
// peak memory), and through the language server while a hover on another document is asked
// every 50 ms (the longest answer is how long the server could not answer).
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { adversarial } from '../support/adversarial';
import { generateManifest } from '../support/generate';
import { LspClient, within } from '../support/lspClient';

const ROOT = join(__dirname, '..', '..', '..');

/** `modelScript`: a bundle that reads the file named in argv[2] and prints {ms, rssMiB}. */
export async function benchAdversarial(modelScript: string): Promise<Record<string, string | number>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-adversarial-'));
  const rows: Record<string, string | number>[] = [];
  const server = new LspClient(process.execPath, [join(ROOT, 'dist/server.js'), '--stdio']);
  try {
    await server.initialize();
    const other = 'file:///other.yml';
    const otherText = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: other\nspec:\n  containers:\n    - name: c\n      image: i\n';
    const first = server.nextDiagnostics(other);
    await server.open(other, otherText);
    await first;
    // Beside the hostile files, a plain manifest of 5 MB: the size the server's memory target is for.
    const big = { name: 'a plain 5 MB manifest (valkey pods)', text: generateManifest(Math.ceil((5 * 1024 * 1024) / generateManifest(1).length)) };
    for (const [i, f] of [...adversarial(), big].entries()) {
      const file = join(dir, `${i}.yml`);
      writeFileSync(file, f.text);
      const kb = f.text.length / 1024;
      const model = JSON.parse(execFileSync(process.execPath, [modelScript, file], { encoding: 'utf8', timeout: 120_000 })) as { ms: number; rssMiB: number };
      // The server: diagnostics for the file, while another document's hover keeps being asked.
      const uri = `file:///adversarial/${i}.yml`;
      let longestHover = 0;
      let reading = true;
      const hovers = (async () => {
        while (reading) {
          const t = performance.now();
          await within(60_000, 'a hover on another document', server.request('textDocument/hover', { textDocument: { uri: other }, position: { line: 3, character: 9 } }));
          longestHover = Math.max(longestHover, performance.now() - t);
          await new Promise((r) => setTimeout(r, 50));
        }
      })();
      // The server's memory with its analyzer process, sampled while it reads.
      let serverMiB = 0;
      const sample = () => {
        try {
          serverMiB = Math.max(serverMiB, server.rssMiB());
        } catch {
          // The analyzer exited between reading its pid and its status: the next sample counts.
        }
      };
      const sampler = setInterval(sample, 20);
      const published = server.nextDiagnostics(uri);
      const t = performance.now();
      await server.open(uri, f.text);
      await within(120_000, `diagnostics for ${f.name}`, published);
      const diagnosticsMs = performance.now() - t;
      clearInterval(sampler);
      sample(); // a small file is read before the first sample
      reading = false;
      await hovers;
      await server.close(uri);
      const small = kb <= 300;
      rows.push({
        file: f.name,
        kB: Math.round(kb),
        'model ms': Math.round(model.ms),
        'model peak MiB': Math.round(model.rssMiB),
        'model target': small ? `≤ 1,000 ms, ≤ 300 MiB: ${model.ms <= 1000 && model.rssMiB <= 300 ? 'met' : 'NOT met'}` : `≤ 30 s, ≤ 500 MiB: ${model.ms <= 30_000 && model.rssMiB <= 500 ? 'met' : 'NOT met'}`,
        'server diagnostics ms': Math.round(diagnosticsMs),
        'server + analyzer peak MiB': Math.round(serverMiB),
        'server target': small ? '' : `≤ 500 MiB: ${serverMiB <= 500 ? 'met' : 'NOT met'}`,
        'longest hover on another document ms': Math.round(longestHover),
      });
    }
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

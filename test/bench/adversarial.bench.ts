// Hostile files (test/support/adversarial.ts) through the model, each in a fresh process (time and
// peak memory), and through the language server while a hover on another document is asked
// every 50 ms (the longest answer is how long the server could not answer).
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { adversarial } from '../support/adversarial';
import { GENERATORS, knobFor } from '../support/growth';
import { stallMeter } from '../support/stallMeter';
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

/**
 * Each generator at four sizes up to 300 kB, each read in a fresh process: time, peak memory,
 * and the growth from the smallest to the largest over the growth of the input (1.0 is linear).
 * Memory counts over a process that read an empty input.
 */
export function benchGrowth(modelScript: string): Record<string, string | number>[] {
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-growth-'));
  const rows: Record<string, string | number>[] = [];
  const read = (file: string, reader: string) => JSON.parse(execFileSync(process.execPath, [modelScript, file, reader], { encoding: 'utf8', timeout: 120_000 })) as { ms: number; rssMiB: number };
  try {
    writeFileSync(join(dir, 'empty'), '');
    const base = Math.min(...[0, 1, 2].map(() => read(join(dir, 'empty'), 'model').rssMiB));
    for (const g of GENERATORS) {
      const sizes = [37_500, 75_000, 150_000, 300_000].map((b) => {
        const text = g.make(knobFor(g, b));
        const file = join(dir, 'g.txt');
        writeFileSync(file, text);
        // Median of 3 for time: one process each.
        const runs = [0, 1, 2].map(() => read(file, g.reader)).sort((a, b) => a.ms - b.ms);
        return { kB: text.length / 1024, ms: runs[1].ms, mib: Math.max(...runs.map((r) => r.rssMiB)) - base };
      });
      const first = sizes[0];
      const last = sizes[sizes.length - 1];
      const input = last.kB / first.kB;
      rows.push({
        generator: g.name,
        knob: g.knob,
        kB: sizes.map((s) => Math.round(s.kB)).join(' / '),
        ms: sizes.map((s) => Math.round(s.ms)).join(' / '),
        'MiB over base': sizes.map((s) => Math.round(s.mib)).join(' / '),
        'time growth / input growth': (last.ms / Math.max(first.ms, 1) / input).toFixed(2),
        'memory growth / input growth': (Math.max(last.mib, 1) / Math.max(first.mib, 1) / input).toFixed(2),
        'largest within 1 s and 300 MiB': last.ms <= 1000 && last.mib + base <= 300 ? 'met' : 'NOT met',
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * The extension host's longest stall (gap of a 1 ms timer) while a listing of N pods, 3
 * containers each (with 1 kB of labels, as podman prints them) is joined in place, and through
 * the worker the extension uses.
 */
export async function benchListingStall(workerScript: string): Promise<Record<string, string | number>[]> {
  const { ListingParser, parseInPlace } = await import('../../src/live/listingParser');
  const rows: Record<string, string | number>[] = [];
  // The worker is unref'd (it never holds the extension host open): this keeps the bench's process alive.
  const keep = setInterval(() => undefined, 1000);
  for (const n of [1000, 5000]) {
    const pods = JSON.stringify(Array.from({ length: n }, (_, i) => ({ Id: `p${i}`, Name: `pod${i}`, Status: 'Running', Networks: ['n'] })));
    const containers = JSON.stringify(Array.from({ length: 3 * n }, (_, i) => ({ Id: `c${i}`, Names: [`pod${i % n}-c${i}`], Pod: `p${i % n}`, State: 'running', IsInfra: i < n, Labels: { note: 'x'.repeat(1000) } })));
    const stall = async (parse: (p: string, c: string[]) => Promise<unknown>) => {
      const meter = stallMeter(1);
      const t = performance.now();
      await parse(pods, [containers]);
      const ms = performance.now() - t;
      return { ms, longest: meter.stop() };
    };
    const parser = new ListingParser(workerScript);
    try {
      await parser.parse(pods, [containers]); // the worker's start, once
      const inPlace = await stall(parseInPlace);
      const worker = await stall(parser.parse);
      rows.push({
        listing: `${n} pods, ${3 * n} containers`,
        MB: Math.round(((pods.length + containers.length) / 1024 / 1024) * 10) / 10,
        'in place: ms / longest stall ms': `${Math.round(inPlace.ms)} / ${Math.round(inPlace.longest)}`,
        'worker: ms / longest stall ms': `${Math.round(worker.ms)} / ${Math.round(worker.longest)}`,
      });
    } finally {
      parser.dispose();
    }
  }
  clearInterval(keep);
  return rows;
}

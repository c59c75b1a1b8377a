// `npm run bench`: prints each benchmark as a table, with ratios against a baseline measured in
// the same run. Benchmarks report; they never fail on timing.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/code-server.mjs';

const dir = mkdtempSync(join(tmpdir(), 'podman-kube-bench-'));
try {
  const outfile = join(dir, 'model.bench.cjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'test/bench/model.bench.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
  const { benchModel } = await import(outfile);
  console.log('\nManifest model (text -> topology) vs yaml parseAllDocuments alone, median of 11 runs:');
  console.table(benchModel());
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// `npm run bench`: prints each benchmark as a table, with ratios against a baseline measured in
// the same run. Benchmarks report; they never fail on timing.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { ROOT } from './lib/code-server.mjs';

execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
execFileSync('npm', ['run', '--silent', 'compile-tests'], { cwd: ROOT, stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'podman-kube-bench-'));
try {
  const outfile = join(dir, 'model.bench.cjs');
  await esbuild.build({ entryPoints: [join(ROOT, 'test/bench/model.bench.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile, logLevel: 'warning' });
  const { benchModel } = await import(outfile);
  console.log('\nManifest model (text -> topology) vs yaml parseAllDocuments alone, median of 11 runs:');
  console.table(benchModel());

  const { benchPreview } = await import('../test/bench/preview.bench.mjs');
  const t = await benchPreview();
  console.log('\nTopology text generation vs Mermaid rendering the same text (chromium):');
  console.table(t.generation);
  console.log('\nA 500-pod manifest: Mermaid default full diagram vs what the preview draws (chromium):');
  console.table(t.large);
  console.log('\nOpening the preview until the SVG is visible vs a bare page with the same Mermaid bundle:');
  console.table(t.open);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

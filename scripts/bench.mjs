// `npm run bench [-- model|preview|server|play]`: prints each benchmark as a table, with ratios against
// a baseline measured in the same run. Benchmarks report; they never fail on timing.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/code-server.mjs';
import { runHostTests } from './lib/host-tests.mjs';
import { prepareHost, runScript } from './lib/host.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Each benchmark, and what it needs from the host (keys of NEEDS in scripts/lib/host.mjs). */
const NEEDS = { model: [], preview: ['browser'], server: [], adversarial: ['codeServer', 'browser'], activate: ['codeServer', 'browser'], play: ['codeServer', 'browser', 'podman'], live: ['codeServer', 'browser', 'podman'] };
let podmanEnv;

const SECTIONS = {
  async model() {
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
  },

  async preview() {
    const { benchPreview } = await import('../test/bench/preview.bench.mjs');
    const t = await benchPreview();
    console.log('\nTopology text generation vs Mermaid rendering the same text (chromium):');
    console.table(t.generation);
    console.log('\nA 500-pod manifest: Mermaid default full diagram vs what the preview draws (chromium):');
    console.table(t.large);
    console.log('\nOpening the preview until the SVG is visible vs a bare page with the same Mermaid bundle:');
    console.table(t.open);
  },

  async server() {
    const { benchServer } = await import('../out/test/bench/server.bench.js');
    const { open, edit } = await benchServer();
    console.log('\nLanguage servers over LSP stdio: first diagnostics after opening (each a fresh server) and memory then:');
    console.table(open);
    console.log('\nDiagnostics after an edit of the 5,000-line manifest (median of 21 alternating edits):');
    console.table(edit);
  },

  /** Hostile files through the model (fresh process each) and the server (hovers elsewhere meanwhile). */
  async adversarial() {
    const dir = mkdtempSync(join(tmpdir(), 'podman-kube-bench-'));
    try {
      const modelScript = join(dir, 'adversarialModel.cjs');
      await esbuild.build({ entryPoints: [join(ROOT, 'test/bench/adversarialModel.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: modelScript, logLevel: 'warning' });
      const { benchAdversarial, benchGrowth, benchListingStall } = await import('../out/test/bench/adversarial.bench.js');
      console.log('\nPodman listings joined in place and in the worker the extension uses: the longest stall of the thread (1 ms timer):');
      console.table(await benchListingStall(join(ROOT, 'out/src/live/listingWorker.js')));
      console.log('\nEach hostile generator at four sizes, each read in a fresh process (median of 3): growth over input growth, 1.0 is linear:');
      console.table(benchGrowth(modelScript));
      console.log('\nHostile files: the model in a fresh process each, and the language server while a hover on another document is asked every 50 ms:');
      console.table(await benchAdversarial(modelScript));
      const stalls = await runHostTests({ env: podmanEnv, testsPath: join(ROOT, 'out/test/bench/host/stallBench.js') });
      console.log('\nThe extension host while each is opened (longest gap of a 10 ms timer over 3 s), as a manifest with the preview following vs as plain text (target: ours ≤ 100 ms):');
      console.table(stalls);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  /** Time in activate over fresh hosts, with other YAML only and with a manifest. */
  async activate() {
    mkdirSync(join(ROOT, '.test-results'), { recursive: true });
    const { benchActivate } = await import('../out/test/bench/activate.bench.js');
    console.log("\nTime in activate (the extension's own log), fresh code-server hosts:");
    console.table(await benchActivate());
  },

  /** Play Kube through the extension vs podman directly, inside a real extension host. */
  async play() {
    const play = await runHostTests({ env: podmanEnv, testsPath: join(ROOT, 'out/test/bench/host/playBench.js') });
    const manifests = { valkey0: 'samples/valkey0/play.yml (1 pod, 2 containers)', sixPods: 'six one-container pods' };
    for (const [key, label] of Object.entries(manifests)) {
      const t = play[key];
      const d = median(t.direct);
      const row = (what, times, target = '') => ({
        what,
        'median ms': Math.round(median(times)),
        overhead: times === t.direct ? '' : `${(((median(times) - d) / d) * 100).toFixed(1)}%${target}`,
        runs: times.map(Math.round).join(' '),
      });
      console.log(`\nPlay Kube on ${label}: the extension vs podman kube play spawned directly (same host, alternating, ${t.direct.length} runs each):`);
      console.table([row('podman kube play (direct)', t.direct), row('Podman: Play Kube (extension)', t.extension, ' (target ≤ 5%)'), row('podman kube play (direct) in a notification shown at once', t.progress)]);
    }
  },

  /** The Podman view: a stop seen, podman processes when idle, 200 pods listed; beside podman itself. */
  async live() {
    const r = await runHostTests({ env: podmanEnv, testsPath: join(ROOT, 'out/test/bench/host/liveBench.js') });
    const ms = (x) => Math.round(x);
    const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
    console.log('\nThe Podman view (real extension host, real podman):');
    console.table([
      {
        what: 'podman stop -t 0 of a container, until the view shows it exited (median of 10)',
        'ours ms': ms(r.stop.median[0]),
        'podman stop -t 0 then podman ps, directly, ms': ms(r.stop.median[1]),
        ratio: ratio(r.stop.median[0], r.stop.median[1]),
        target: `≤ 500 ms: ${r.stop.median[0] <= 500 ? 'met' : 'NOT met'}`,
      },
      {
        what: 'podman processes the extension started in 60 s with nothing happening',
        'ours ms': '',
        'podman stop -t 0 then podman ps, directly, ms': '',
        ratio: '',
        target: `0 besides the events stream: ${r.idle.others === 0 ? 'met' : 'NOT met'} (${r.idle.streams} stream, ${r.idle.others} others)`,
      },
      {
        what: `200 pods: listing and drawing the view (${r.list.nodes} nodes), median of 5`,
        'ours ms': ms(r.list.median[0]),
        'podman stop -t 0 then podman ps, directly, ms': `podman pod ps + ps: ${ms(r.list.median[1])}`,
        ratio: ratio(r.list.median[0], r.list.median[1]),
        target: `≤ 1,000 ms: ${r.list.median[0] <= 1000 ? 'met' : 'NOT met'}`,
      },
    ]);
    if (r.idle.others) console.log('Started while idle:', r.idle.started);
  },
};

const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
for (const n of chosen)
  if (!SECTIONS[n]) {
    console.error(`unknown benchmark ${n}; known: ${Object.keys(SECTIONS).join(', ')}`);
    process.exit(2);
  }
const names = chosen.length ? chosen : Object.keys(SECTIONS);
await runScript(async () => (podmanEnv = await prepareHost([...new Set(names.flatMap((n) => NEEDS[n]))])));
execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
execFileSync('npm', ['run', '--silent', 'compile-tests'], { cwd: ROOT, stdio: 'inherit' });
for (const n of names) await SECTIONS[n]();

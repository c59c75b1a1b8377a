// `npm test`: builds, type-checks, then runs every suite and prints one closing line
// "N passed, N failed, N skipped". Fails when a suite fails, is skipped or runs no test.
// `npm test -- unit` (or integration, vsix) runs one suite.
import { execFileSync } from 'node:child_process';
import Mocha from 'mocha';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, ROOT } from './lib/code-server.mjs';
import { runHostTests } from './lib/host-tests.mjs';
import { setUpPodman } from './lib/podman-env.mjs';

const npm = (...args) => execFileSync('npm', ['run', '--silent', ...args], { cwd: ROOT, stdio: 'inherit' });

async function mochaSuite(dir) {
  const mocha = new Mocha({ ui: 'bdd', color: !process.env.CI, timeout: 120_000, reporter: 'spec' });
  const abs = join(ROOT, 'out/test', dir);
  for (const f of readdirSync(abs).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(join(abs, f));
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
}

/** Isolated podman settings and the local test image (scripts/setup-podman.sh). */
let podmanEnv;
function podman() {
  if (!podmanEnv) {
    podmanEnv = setUpPodman();
    Object.assign(process.env, podmanEnv);
  }
  return podmanEnv;
}

const SUITES = {
  unit: () => mochaSuite('unit'),
  server: () => mochaSuite('server'),
  podman: () => (podman(), mochaSuite('podman')),
  integration: () => runHostTests({ env: podman() }),
  e2e: () => (podman(), mochaSuite('e2e')),
  vsix: () => mochaSuite('vsix'),
};

const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = chosen.length ? chosen : Object.keys(SUITES);
for (const n of names) if (!SUITES[n]) { console.error(`unknown suite ${n}; known: ${Object.keys(SUITES).join(', ')}`); process.exit(2); }

npm('build');
npm('typecheck');
npm('compile-tests');
// The extension-host, browser and VSIX suites run VS Code as code-server: install it once.
if (names.some((n) => !['unit', 'server', 'podman'].includes(n)) && !existsSync(CODE_SERVER)) {
  execFileSync('bash', [join(ROOT, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
}

const totals = { passes: 0, failures: 0, pending: 0 };
const bad = [];
for (const name of names) {
  console.log(`\n=== ${name} tests ===`);
  let s;
  try {
    s = await SUITES[name]();
  } catch (e) {
    console.error(`${name}: ${e instanceof Error ? e.message : e}`);
    s = { passes: 0, failures: 1, pending: 0 };
  }
  totals.passes += s.passes; totals.failures += s.failures; totals.pending += s.pending;
  console.log(`${name}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
  if (s.failures > 0) bad.push(`${name} had ${s.failures} failure(s)`);
  if (s.pending > 0) bad.push(`${name} skipped ${s.pending} test(s)`);
  if (s.passes === 0) bad.push(`${name} ran no test`);
}
console.log('');
for (const b of bad) console.error(`FAIL: ${b}`);
console.log(`${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(bad.length ? 1 : 0);

// `npm test`: builds, type-checks, then runs every suite and prints one closing line
// "N passed, N failed, N skipped". Fails when a suite fails, is skipped or runs no test.
// `npm test -- unit` (or integration, vsix...) runs one suite. First the host setup installs the
// Debian packages and code-server the chosen suites need, and a preflight checks they work.
import { execFileSync } from 'node:child_process';
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/code-server.mjs';
import { prepareHost, runScript } from './lib/host.mjs';
import { runHostTests } from './lib/host-tests.mjs';

const npm = (...args) => execFileSync('npm', ['run', '--silent', ...args], { cwd: ROOT, stdio: 'inherit' });

async function mochaSuite(dir) {
  const mocha = new Mocha({ ui: 'bdd', color: !process.env.CI, timeout: 120_000, reporter: 'spec' });
  const abs = join(ROOT, 'out/test', dir);
  for (const f of readdirSync(abs)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(join(abs, f));
  await mocha.loadFilesAsync();
  return new Promise((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats));
  });
}

/** Each suite, and what it needs from the host (keys of NEEDS in scripts/lib/host.mjs). */
const SUITES = {
  unit: { needs: [], run: () => mochaSuite('unit') },
  server: { needs: [], run: () => mochaSuite('server') },
  setup: { needs: ['codeServer'], run: () => mochaSuite('setup') },
  podman: { needs: ['podman'], run: () => mochaSuite('podman') },
  truth: { needs: ['podman', 'chroots', 'rootless', 'compose'], run: () => mochaSuite('truth') },
  quadlet: { needs: ['chroots'], run: () => mochaSuite('quadlet') },
  integration: { needs: ['codeServer', 'browser', 'podman', 'chroots', 'rootless'], run: () => runHostTests({ env: podmanEnv }) },
  e2e: { needs: ['codeServer', 'browser', 'podman'], run: () => mochaSuite('e2e') },
  vsix: { needs: ['codeServer', 'vsix'], run: () => mochaSuite('vsix') },
};

const chosen = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = chosen.length ? chosen : Object.keys(SUITES);
for (const n of names)
  if (!SUITES[n]) {
    console.error(`unknown suite ${n}; known: ${Object.keys(SUITES).join(', ')}`);
    process.exit(2);
  }

const needs = [...new Set(names.flatMap((n) => SUITES[n].needs))];
let podmanEnv;
await runScript(async () => (podmanEnv = await prepareHost(needs)));
// Isolated podman storage and the local test image, for the suites and the processes they start.
Object.assign(process.env, podmanEnv);

npm('build');
npm('typecheck');
// The whole run (CI's) lints too: typescript-eslint's type-checked rules, no warning allowed,
// and the Prettier check of the formatting.
if (!chosen.length) {
  npm('lint');
  npm('format:check');
}
npm('compile-tests');

const totals = { passes: 0, failures: 0, pending: 0 };
const bad = [];
for (const name of names) {
  console.log(`\n=== ${name} tests ===`);
  let s;
  try {
    s = await SUITES[name].run();
  } catch (e) {
    console.error(`${name}: ${e instanceof Error ? e.message : e}`);
    s = { passes: 0, failures: 1, pending: 0 };
  }
  totals.passes += s.passes;
  totals.failures += s.failures;
  totals.pending += s.pending;
  console.log(`${name}: ${s.passes} passed, ${s.failures} failed, ${s.pending} skipped`);
  if (s.failures > 0) bad.push(`${name} had ${s.failures} failure(s)`);
  if (s.pending > 0) bad.push(`${name} skipped ${s.pending} test(s)`);
  if (s.passes === 0) bad.push(`${name} ran no test`);
}
console.log('');
for (const b of bad) console.error(`FAIL: ${b}`);
console.log(`${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(bad.length ? 1 : 0);

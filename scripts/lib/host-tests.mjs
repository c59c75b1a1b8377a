// Runs the integration suites inside a real VS Code extension host: code-server in a headless
// Debian chromium (driven by playwright-core), or desktop VS Code via @vscode/test-electron
// where it can be downloaded (PODMAN_KUBE_TEST_HOST=electron).
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, startCodeServer } from './code-server.mjs';

const TESTS = join(ROOT, 'out/test/integration/index.js');
// What the workbench logs on a machine without internet (gallery, telemetry, vsda): not ours.
const OFFLINE_NOISE = /ENOTFOUND|Failed to fetch|vsda|\[Service Worker\]|Creating a socket|^\s+at .*workbench\.js/;

/**
 * A copy of samples/ as the workspace, so tests never change the repo's files. The suites choose
 * valkey1's network in the editor, which its committed unit would overrule: the unit waits aside
 * until committed.test.ts puts it back and tests it.
 */
function makeWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-ws-'));
  cpSync(join(ROOT, 'samples'), dir, { recursive: true });
  renameSync(join(dir, 'valkey1', 'valkey1.kube'), join(dir, 'valkey1', 'valkey1.kube.aside'));
  return dir;
}

/**
 * Runs `testsPath` (a module exporting run()) in the extension host; returns the JSON it wrote
 * to PODMAN_KUBE_TEST_RESULTS: the test counts, or a benchmark's figures.
 */
export async function runHostTests({ env = {}, timeoutMs = 30 * 60_000, testsPath = TESTS } = {}) {
  const workspace = makeWorkspace();
  const resultsFile = join(workspace, '..', `${workspace.split('/').pop()}-results.json`);
  try {
    if (process.env.PODMAN_KUBE_TEST_HOST === 'electron') return await runElectron(workspace, resultsFile, env, testsPath);
    return await runCodeServer(workspace, resultsFile, env, timeoutMs, testsPath);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(resultsFile, { force: true });
  }
}

async function runElectron(workspace, resultsFile, env, testsPath) {
  const { runTests } = await import('@vscode/test-electron');
  Object.assign(process.env, env, { PODMAN_KUBE_TEST_RESULTS: resultsFile });
  await runTests({ extensionDevelopmentPath: ROOT, extensionTestsPath: testsPath, launchArgs: [workspace, '--disable-extensions'] }).catch(() => {});
  return readResults(resultsFile);
}

async function runCodeServer(workspace, resultsFile, env, timeoutMs, testsPath) {
  const host = await startCodeServer({
    workspace,
    env: { ...env, PODMAN_KUBE_TEST_RESULTS: resultsFile },
    log: (s) => process.env.PODMAN_KUBE_TEST_VERBOSE && process.stderr.write(s),
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    let finish;
    const exited = new Promise((resolve) => (finish = resolve));
    // The workbench reports extension-test output and the exit code through these hooks.
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const line = format(...(Array.isArray(args) ? args : [args]));
      if (!process.env.PODMAN_KUBE_TEST_VERBOSE && OFFLINE_NOISE.test(line)) return;
      (level === 'error' ? process.stderr : process.stdout).write(line.replace(/\n?$/, '\n'));
    });
    await page.exposeFunction('codeAutomationExit', (code) => finish(code));
    await page.goto(host.url({ extensionDevelopmentPath: ROOT, extensionTestsPath: testsPath }));
    const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs).unref());
    const code = await Promise.race([exited, timer]);
    if (code === 'timeout') throw new Error(`the extension tests did not finish within ${timeoutMs / 1000} s`);
    return readResults(resultsFile);
  } finally {
    await browser.close();
    await host.stop();
  }
}

function readResults(file) {
  if (!existsSync(file)) throw new Error('the extension host wrote no test results: the runner did not load (see the log above)');
  return JSON.parse(readFileSync(file, 'utf8'));
}

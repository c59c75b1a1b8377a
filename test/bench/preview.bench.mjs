// Preview benchmarks, in Debian's chromium. Baselines run in the same process and run:
// a bare page with the same Mermaid bundle, and Mermaid's default full diagram.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, ROOT } from '../../scripts/lib/code-server.mjs';
import { serveDirectory } from '../../scripts/lib/static-server.mjs';
import { flowchartsOnly } from '../../scripts/lib/mermaid-flowcharts.mjs';

const require = createRequire(import.meta.url);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => Math.round(x);

async function barePage(dir) {
  await esbuild.build({ entryPoints: [join(ROOT, 'test/bench/bare-page.ts')], outdir: dir, bundle: true, format: 'esm', splitting: true, minify: true, target: 'chrome120', platform: 'browser', logLevel: 'warning', plugins: [flowchartsOnly] });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body><div id="out"></div><script type="module" src="bare-page.js"></script></body></html>');
  return serveDirectory(dir);
}

/** Polls all frames until one holds `selector`; returns the elapsed ms. */
async function until(page, selector, started, timeoutMs = 120_000) {
  for (;;) {
    for (const f of page.frames()) if (await f.$(selector).catch(() => null)) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`${selector} did not appear`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function benchPreview({ runs = 5 } = {}) {
  const { parseManifest } = require(join(ROOT, 'out/src/model/index.js'));
  const { toMermaid } = require(join(ROOT, 'out/src/model/mermaid.js'));
  const { generateManifest } = require(join(ROOT, 'out/test/support/generate.js'));
  const { Workbench } = require(join(ROOT, 'out/test/e2e/workbench.js'));
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-bare-'));
  const server = await barePage(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const tables = {};
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.url);
    await page.waitForFunction(() => 'draw' in window);
    const draw = (text) => page.evaluate((t) => window.draw(t), text);

    // 1. Text -> Mermaid text vs Mermaid's render of that text.
    tables.generation = [];
    const big = {};
    for (const pods of [10, 100, 500]) {
      const manifest = parseManifest(generateManifest(pods));
      big[pods] = manifest;
      const gen = [];
      let text = '';
      for (let i = 0; i < 21; i++) {
        const t = performance.now();
        text = toMermaid(manifest, { detail: 'full' }).text;
        gen.push(performance.now() - t);
      }
      const renders = [];
      for (let i = 0; i < (pods >= 500 ? 1 : 3); i++) renders.push(await draw(text));
      const g = median(gen),
        r = median(renders);
      tables.generation.push({ pods, 'to Mermaid text ms': g.toFixed(2), 'Mermaid render ms': ms(r), share: `${((g / r) * 100).toFixed(2)}%`, target: '< 10%', met: g / r < 0.1 ? 'yes' : 'NO' });
      if (pods === 500) tables.fullRender500 = r;
    }

    // 2. A 500-pod file: Mermaid's default full diagram vs what the preview shows.
    const focused = toMermaid(big[500]);
    const focusRenders = [];
    for (let i = 0; i < 3; i++) focusRenders.push(await draw(focused.text));
    const f = median(focusRenders);
    tables.large = [
      { diagram: 'full: every pod and container (Mermaid default layout)', pods: 500, 'render ms': ms(tables.fullRender500), speedup: '1.0x' },
      { diagram: `preview's auto level: pod ${focused.focus} and neighbours`, pods: focused.drawn, 'render ms': ms(f), speedup: `${(tables.fullRender500 / f).toFixed(1)}x (target ≥ 5x)` },
    ];

    // 3. Opening the preview on samples/valkey1/play.yml vs a bare page with the same bundle.
    const valkey1 = toMermaid(parseManifest(require('node:fs').readFileSync(join(ROOT, 'samples/valkey1/play.yml'), 'utf8'))).text;
    const bare = [];
    for (let i = 0; i < runs; i++) {
      const p = await browser.newPage();
      const t = performance.now();
      await p.goto(`${server.url}#${encodeURIComponent(valkey1)}`);
      bare.push(await until(p, '#out svg', t));
      await p.close();
    }
    const large = join(dir, 'large.yml');
    writeFileSync(large, generateManifest(500));
    const wb = await Workbench.start({ 'large.yml': large });
    const open = [];
    const openLarge = [];
    try {
      for (const [file, into] of [
        ['valkey1/play.yml', open],
        ['large.yml', openLarge],
      ]) {
        await wb.openFile(file);
        for (let i = 0; i < (into === open ? runs : 3); i++) {
          const t = await wb.runCommand('Podman: Open Topology Preview');
          into.push(await until(wb.page, '#diagram svg', t));
          await wb.page.keyboard.press('Control+W'); // closes the preview, the active editor
          await wb.page.waitForTimeout(300);
        }
      }
    } finally {
      await wb.stop();
    }
    const b = median(bare),
      o = median(open);
    tables.open = [
      { what: 'bare page: load the Mermaid bundle, render valkey1 (baseline)', 'median ms': ms(b), runs: bare.map(ms).join(' '), ratio: '1.00' },
      { what: 'Podman: Open Topology Preview on valkey1/play.yml until the SVG shows', 'median ms': ms(o), runs: open.map(ms).join(' '), ratio: `${(o / b).toFixed(2)} (target ≤ 1.2)` },
      { what: 'the same on a 500-pod file (auto level)', 'median ms': ms(median(openLarge)), runs: openLarge.map(ms).join(' '), ratio: `${(tables.fullRender500 / median(openLarge)).toFixed(1)}x faster than the full render` },
    ];
  } finally {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return tables;
}

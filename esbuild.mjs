// Bundles: the extension (node, cjs, `vscode` external), the language server (its own process, and its analyzer),
// the CLI and the preview webview. --production minifies and drops source maps.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { flowchartsOnly } from './scripts/lib/mermaid-flowcharts.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions[]} */
const targets = [
  // The language client (two thirds of the extension's code) is a bundle of its own, loaded when
  // the first kube manifest opens: a session of other YAML never loads it.
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', external: ['vscode', './client.js'], target: 'node20' },
  { entryPoints: ['src/client/client.ts'], outfile: 'dist/client.js', platform: 'node', format: 'cjs', external: ['vscode'], target: 'node20' },
  // The extension host's manifest reader, a worker thread: the editor never waits on a big file.
  { entryPoints: ['src/reader/modelWorker.ts'], outfile: 'dist/modelWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // A compose file's conversion, a worker thread started per conversion.
  { entryPoints: ['src/compose/composeWorker.ts'], outfile: 'dist/composeWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The Podman view's listing parser, a worker thread for listings of thousands of containers.
  { entryPoints: ['src/live/listingWorker.ts'], outfile: 'dist/listingWorker.js', platform: 'node', format: 'cjs', target: 'node20' },
  // The language server and its analyzer process (dist/server.js forks itself with --analyzer):
  // one bundle, since both hold the model.
  { entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', platform: 'node', format: 'cjs', target: 'node20' },
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  // The webview: ES modules split into chunks, so Mermaid loads only the diagram code a
  // flowchart needs. Always minified: it is 5 MB of Mermaid otherwise.
  { entryPoints: ['webview-src/preview.ts'], outdir: 'media/dist', platform: 'browser', format: 'esm', splitting: true, minify: true, sourcemap: false, target: 'chrome120', chunkNames: 'chunks/[name]-[hash]', plugins: [flowchartsOnly] },
];

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning' };

// Stale bundles (one renamed or merged away) must not ship: both output folders start empty.
rmSync('dist', { recursive: true, force: true });
rmSync('media/dist', { recursive: true, force: true });
// The compose specification's schema, read by src/compose/schema.ts beside the bundles: dclint
// keeps it current, and its package exports no path to it.
mkdirSync('dist', { recursive: true });
copyFileSync(join(dirname(createRequire(import.meta.url).resolve('dclint/package.json')), 'schemas', 'compose.schema.json'), 'dist/compose.schema.json');
if (watch) {
  for (const t of targets) await (await esbuild.context({ ...common, ...t })).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(targets.map((t) => esbuild.build({ ...common, ...t })));
}

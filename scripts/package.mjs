// `npm run package`: a production build packed into podman-kube-<version>.vsix by @vscode/vsce.
// Everything is bundled by esbuild, so no node_modules go into the VSIX (--no-dependencies).
import { execFileSync } from 'node:child_process';
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/code-server.mjs';

const { version, name } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const out = join(ROOT, `${name}-${version}.vsix`);
execFileSync(join(ROOT, 'node_modules/.bin/vsce'), ['package', '--no-dependencies', '--out', out], { cwd: ROOT, stdio: 'inherit' });
console.log(`${out}: ${(statSync(out).size / 1024).toFixed(1)} KiB`);

// The one setup step for the host, shared by `npm start`, `npm test` and `.ci/run`: which Debian
// packages each part of the project needs, and installing the missing ones (apt as root; a
// non-root user gets one message with the exact sudo line). Then code-server into .vscode-test/.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CODE_SERVER, ROOT } from './code-server.mjs';
import { preflight } from './preflight.mjs';
import { SetupError } from './setup-error.mjs';

export { SetupError };

// Real podman 4.3.1, rootful, with every helper it runs. catatonit (the pause image) and
// slirp4netns / fuse-overlayfs are only Recommends of podman: --no-install-recommends drops
// them. busybox-static and redis make the local Valkey-compatible test image; procps: pgrep.
const PODMAN = ['podman', 'catatonit', 'conmon', 'runc', 'netavark', 'aardvark-dns', 'iptables', 'slirp4netns', 'fuse-overlayfs', 'busybox-static', 'redis-server', 'redis-tools', 'procps'];

/** Debian packages by what needs them. */
export const NEEDS = {
  // code-server 4.96.4 built from the npm registry: rg for search, native modules built by node-gyp.
  codeServer: ['ripgrep', 'libkrb5-dev', 'python3', 'make', 'g++'],
  // playwright-core drives Debian's chromium (the workbench, the preview).
  browser: ['chromium'],
  podman: PODMAN,
  // Podman 5.4.2 (Debian 13) and 5.8.x (Debian sid) in chroots (scripts/setup-podman-chroots.sh),
  // beside the host's 4.3.1, whose test image they copy: the host's podman packages too.
  chroots: ['debootstrap', ...PODMAN],
  // Rootless podman as a test user (scripts/setup-rootless.sh): newuidmap and newgidmap.
  rootless: ['uidmap', ...PODMAN],
  // podman-compose 1.0.3, driving the host's podman: what a compose file does under podman.
  compose: ['podman-compose'],
  // The VSIX suite lists the package's files.
  vsix: ['unzip'],
};

/** Installed state of each package, from dpkg. */
function missingPackages(packages) {
  const r = spawnSync('dpkg-query', ['-W', '-f', '${Package} ${db:Status-Abbrev}\n', ...packages], { encoding: 'utf8' });
  if (r.error) throw new SetupError(`dpkg-query could not run (${r.error.code}): this setup knows Debian's packages. Install the equivalents of: ${packages.join(' ')}`);
  const installed = new Set(
    r.stdout
      .split('\n')
      .filter((l) => / ii/.test(l))
      .map((l) => l.split(' ')[0]),
  );
  return packages.filter((p) => !installed.has(p));
}

/** Installs what `needs` (keys of NEEDS) lack; as a non-root user, stops with the sudo line. */
export function ensurePackages(needs) {
  const packages = [...new Set(needs.flatMap((n) => NEEDS[n]))];
  const missing = missingPackages(packages);
  if (!missing.length) return;
  const line = `apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`Missing Debian packages: ${missing.join(' ')}\nInstall them (needs root), then run this again:\n  sudo apt-get update && sudo ${line}`);
  }
  console.log(`Installing from apt: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-q'],
    ['install', '-y', '-q', '--no-install-recommends', ...missing],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new SetupError(`apt-get ${args[0]} failed (${r.error?.code ?? `exit ${r.status}`}); its output is above. The command was:\n  ${line}`);
  }
  const still = missingPackages(missing);
  if (still.length) throw new SetupError(`apt-get did not install: ${still.join(' ')}`);
}

/** code-server 4.96.4 in .vscode-test/ (scripts/install-code-server.sh), once. */
export function ensureCodeServer() {
  if (existsSync(CODE_SERVER)) return;
  try {
    execFileSync('bash', [join(ROOT, 'scripts/install-code-server.sh')], { stdio: 'inherit' });
  } catch {
    throw new SetupError('Installing code-server 4.96.4 failed; its output is above.');
  }
}

/**
 * The whole setup for `needs` (keys of NEEDS): packages, code-server when needed, then the
 * preflight that proves each works. Returns the podman test environment when podman is needed.
 */
export function prepareHost(needs) {
  ensurePackages(needs);
  if (needs.includes('codeServer')) ensureCodeServer();
  return preflight(needs);
}

/** Runs main; a SetupError (or a failed step) ends the process with its message, never a stack trace. */
export async function runScript(main) {
  try {
    await main();
  } catch (e) {
    if (!(e instanceof SetupError)) throw e;
    console.error(`\n${e.message}`);
    process.exit(1);
  }
}

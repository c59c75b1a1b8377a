// Before any suite runs: every program the chosen suites call is there and works, or the run
// stops at once with the list of what is wrong and how to fix it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, CODE_SERVER, ROOT } from './code-server.mjs';
import { SetupError } from './setup-error.mjs';
import { setUpPodman } from './podman-env.mjs';

/** Runs a program; returns null when it succeeded, else what went wrong in a line or three. */
function failure(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000, ...options });
  if (r.error) return r.error.code === 'ENOENT' ? `\`${cmd}\` is not on the PATH` : `\`${cmd}\`: ${r.error.message}`;
  if (r.status === 0) return null;
  const said = `${r.stderr}\n${r.stdout}`.trim().split('\n').filter(Boolean).slice(-3).join('\n    ');
  return `\`${[cmd, ...args].join(' ')}\` exited ${r.status ?? r.signal}${said ? `:\n    ${said}` : ''}`;
}

/** One check for each need of scripts/lib/host.mjs; each returns null, or what is wrong and the fix. */
const CHECKS = {
  codeServer: () => problem(failure('rg', ['--version']), 'apt-get install ripgrep (code-server searches with it)') ?? problem(!existsSync(CODE_SERVER) && `code-server is not installed (${CODE_SERVER})`, 'bash scripts/install-code-server.sh'),
  vsix: () => problem(failure('unzip', ['-v']), 'apt-get install unzip'),
  browser() {
    const profile = mkdtempSync(join(tmpdir(), 'podman-kube-preflight-'));
    try {
      return problem(failure(CHROMIUM, [...CHROMIUM_ARGS, `--user-data-dir=${profile}`, '--dump-dom', 'about:blank']), 'apt-get install chromium');
    } finally {
      rmSync(profile, { recursive: true, force: true });
    }
  },
  podman() {
    const fix = 'apt-get install podman catatonit runc netavark aardvark-dns (the list: scripts/lib/host.mjs)';
    const missing = failure('podman', ['--version']);
    if (missing) return { problem: missing, fix };
    let env;
    try {
      env = setUpPodman();
    } catch {
      return { problem: 'scripts/setup-podman.sh (isolated storage, local test image) failed; its output is above', fix };
    }
    const run = (...args) => failure('podman', args, { env: { ...process.env, ...env } });
    // A pod needs its pause image, which podman 4.x builds from catatonit on first use.
    const wrong = run('info', '--format', '{{.Host.OCIRuntime.Name}}') ?? run('pod', 'create', '--name', 'podman-kube-preflight') ?? run('pod', 'rm', '-f', 'podman-kube-preflight');
    return wrong ? { problem: wrong, fix: /catatonit/.test(wrong) ? 'apt-get install catatonit' : fix } : { env };
  },
  chroots() {
    const fix = 'bash scripts/setup-podman-chroots.sh (needs debootstrap and root; see its output)';
    const setup = failure('bash', [join(ROOT, 'scripts/setup-podman-chroots.sh')], { timeout: 900_000, stdio: ['ignore', 'pipe', 'inherit'] });
    if (setup) return { problem: setup, fix };
    // Each wrapper and the podman it must run: 5.4 (trixie is released), 5.8 or newer (sid moves).
    for (const [wrapper, wanted] of [
      ['podman5', (v) => v.startsWith('5.4.')],
      ['podman58', (v) => /^(5\.(8|9|\d\d)|[6-9])\./.test(v)],
    ]) {
      const run = (...args) => failure(join(ROOT, 'scripts', wrapper), args);
      const version = spawnSync(join(ROOT, 'scripts', wrapper), ['version', '--format', '{{.Client.Version}}'], { encoding: 'utf8' }).stdout?.trim();
      if (!version || !wanted(version)) return { problem: `scripts/${wrapper} runs podman ${version || '(nothing)'}`, fix };
      const wrong = run('pod', 'create', '--name', 'podman-kube-preflight') ?? run('pod', 'rm', '-f', 'podman-kube-preflight');
      if (wrong) return { problem: `scripts/${wrapper}: ${wrong}`, fix };
    }
    return null;
  },
  compose() {
    // The host's podman-compose, and sid's (scripts/setup-podman-chroots.sh, after the chroots' check).
    const sid = join(process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube', 'sid', 'usr', 'bin', 'podman-compose');
    return problem(failure('podman-compose', ['version']), 'apt-get install podman-compose') ?? problem(!existsSync(sid) && `podman-compose is not in the sid chroot (${sid})`, 'bash scripts/setup-podman-chroots.sh sid');
  },
  rootless() {
    // After podman's check: the user's image is copied from the root test storage it prepared.
    const fix = 'sudo bash scripts/setup-rootless.sh (a user pkrootless with subordinate ids; see its output)';
    const setup = failure('bash', [join(ROOT, 'scripts/setup-rootless.sh')], { timeout: 300_000 });
    if (setup) return { problem: setup, fix };
    const run = (...args) => failure(join(ROOT, 'scripts/podman-rootless'), args);
    const wrong = run('pod', 'create', '--name', 'podman-kube-preflight') ?? run('pod', 'rm', '-f', 'podman-kube-preflight');
    return problem(wrong && `scripts/podman-rootless: ${wrong}`, fix);
  },
};

const problem = (wrong, fix) => (wrong ? { problem: wrong, fix } : null);

/**
 * Checks each of `needs` (keys of NEEDS in host.mjs). Returns the podman test environment
 * (CONTAINERS_*) when podman is among them; throws a SetupError listing every check that failed.
 */
export function preflight(needs) {
  const wrong = [];
  let podmanEnv;
  for (const name of needs) {
    const r = CHECKS[name]();
    if (r?.problem) wrong.push(`${name}: ${r.problem}\n    fix: ${r.fix}`);
    else if (r?.env) podmanEnv = r.env;
  }
  if (wrong.length) throw new SetupError(`Preflight found ${wrong.length} problem(s); no suite was run:\n- ${wrong.join('\n- ')}`);
  return podmanEnv;
}

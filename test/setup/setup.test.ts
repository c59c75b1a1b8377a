// The README's two commands on a machine that lacks something: the host setup and the preflight
// answer with one message and the fix, never a stack trace, before any suite runs.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const root = join(__dirname, '..', '..', '..');
const STACK_LINE = /^\s+at .+[(:]\d+/m;

/** A folder of executable scripts, readable by every user, to put first on a PATH. */
function shims(scripts: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-shims-'));
  chmodSync(dir, 0o755);
  for (const [name, body] of Object.entries(scripts)) writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return dir;
}

/** Runs `node scripts/test.mjs ...args` with `PATH=dir:$PATH`, optionally as the user nobody. */
function npmTest(dir: string, args: string[], asNobody = false) {
  const node = [process.execPath, join(root, 'scripts/test.mjs'), ...args];
  const cmd = asNobody && process.getuid?.() === 0 ? ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...node] : node;
  const started = Date.now();
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, HOME: tmpdir() }, timeout: 120_000 });
  return { ...r, out: `${r.stdout}${r.stderr}`, ms: Date.now() - started };
}

describe('Host setup and preflight', function () {
  this.timeout(300_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a non-root user without the packages gets the exact sudo line and no stack trace', () => {
    // dpkg-query answers as on a machine where nothing is installed.
    const dir = shims({ 'dpkg-query': 'echo "dpkg-query: no packages found matching $4" >&2; exit 1' });
    dirs.push(dir);
    const r = npmTest(dir, ['podman'], true);
    assert.strictEqual(r.status, 1, r.out);
    assert.match(r.stderr, /^Missing Debian packages: podman catatonit conmon runc netavark aardvark-dns iptables slirp4netns fuse-overlayfs busybox-static redis-server redis-tools procps$/m);
    assert.match(r.stderr, /^ {2}sudo apt-get update && sudo apt-get install -y --no-install-recommends podman catatonit .* procps$/m);
    assert.doesNotMatch(r.out, STACK_LINE);
    assert.doesNotMatch(r.out, /=== podman tests ===/);
  });

  it('a podman that does not work stops npm test before any suite, with the fix', () => {
    const dir = shims({ podman: 'echo "Error: this podman is broken" >&2; exit 125' });
    dirs.push(dir);
    const r = npmTest(dir, ['unit', 'podman']);
    console.log(`      stopped after ${r.ms} ms:\n${r.stderr.replace(/^/gm, '        ')}`);
    assert.strictEqual(r.status, 1, r.out);
    assert.match(r.stderr, /Preflight found 1 problem\(s\); no suite was run:\n- podman: `podman --version` exited 125:\n {4}Error: this podman is broken\n {4}fix: apt-get install podman catatonit/);
    assert.doesNotMatch(r.out, /=== (unit|podman) tests ===/);
    assert.doesNotMatch(r.out, STACK_LINE);
  });

  it('npm start -- --check builds, starts code-server with samples/ and the workbench answers', () => {
    const r = spawnSync('npm', ['start', '--', '--check'], { cwd: root, encoding: 'utf8', timeout: 240_000 });
    assert.strictEqual(r.status, 0, `${r.stdout}${r.stderr}`);
    const url = r.stdout.match(/^ {2}(http:\/\/127\.0\.0\.1:\d+\/\?\S+)$/m)?.[1];
    assert.ok(url, r.stdout);
    assert.strictEqual(new URL(url).searchParams.get('folder'), join(root, 'samples'));
    assert.match(r.stdout, /^workbench answered HTTP 200$/m);
  });
});

// The process runner against real podman (no fake): arguments, stdin, errors, cancellation.
import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { kubeDownArgs, kubePlayArgs, networkListArgs, versionArgs } from '../../src/podman/args';
import { parseNetworks, parseVersion } from '../../src/podman/parse';
import { PodmanClient } from '../../src/podman/client';
import { HangingRegistry, kubePlayProcesses, podManifest } from '../support/podman';
import { CancelledError, PodmanFailedError, PodmanNotFoundError, runPodman, type Cancellation } from '../../src/podman/runner';

const logged: string[] = [];
const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
const podman = { executable: 'podman', env: {} };
const pods = () => execFileSync('podman', ['pod', 'ps', '--format', '{{.Name}}'], { encoding: 'utf8' }).split('\n').filter(Boolean);

describe('runner against real podman', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-runner-'));
  const cleanUp = () => {
    for (const p of ['runner-stdin', 'runner-odd', 'runner-hang']) execFileSync('podman', ['pod', 'rm', '-f', '--ignore', p]);
  };
  before(cleanUp);
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    cleanUp();
  });

  it("the client's look-ups, parsed: version, networks, a network's existence, pods, volumes, secrets", async () => {
    const client = new PodmanClient(() => podman, log);
    assert.match((await client.version()).client, /^\d+\.\d+\.\d+/);
    assert.ok((await client.networks()).some((n) => n.name === 'podman' && !n.dns));
    assert.deepStrictEqual([await client.networkExists('podman'), await client.networkExists('no-such-network')], [true, false]);
    assert.deepStrictEqual((await client.pods()).map((p) => p.name).sort(), pods().sort());
    assert.ok(Array.isArray(await client.volumeNames()) && Array.isArray(await client.secretNames()));
    // On a connection that does not exist, every command line says so first, and podman refuses it.
    const remote = new PodmanClient(() => ({ ...podman, connection: 'no-such-box' }), log);
    assert.deepStrictEqual(remote.argv(['pod', 'ps']), ['--connection', 'no-such-box', 'pod', 'ps']);
    await assert.rejects(remote.networkExists('podman'), (e: unknown) => e instanceof PodmanFailedError && /no-such-box/.test(e.message));
  });

  it('reads podman version and networks as JSON', async () => {
    const v = parseVersion((await runPodman(podman, versionArgs(), { log })).stdout);
    assert.match(v.client, /^\d+\.\d+\.\d+/);
    const nets = parseNetworks((await runPodman(podman, networkListArgs(), { log })).stdout);
    assert.deepStrictEqual(
      nets.find((n) => n.name === 'podman'),
      { name: 'podman', driver: 'bridge', dns: false },
    );
  });

  it('plays a manifest from stdin, and downs it', async () => {
    await runPodman(podman, kubePlayArgs({ file: '-' }), { log, stdin: podManifest('runner-stdin') });
    assert.ok(pods().includes('runner-stdin'));
    await runPodman(podman, kubeDownArgs({ file: '-' }), { log, stdin: podManifest('runner-stdin') });
    assert.ok(!pods().includes('runner-stdin'));
  });

  it('plays a file whose name holds spaces and shell metacharacters; no shell runs', async () => {
    const file = join(dir, 'odd name; touch PWNED $(touch PWNED2) & `id`.yml');
    writeFileSync(file, podManifest('runner-odd'));
    await runPodman(podman, kubePlayArgs({ file }), { log });
    assert.ok(pods().includes('runner-odd'));
    assert.deepStrictEqual(
      execFileSync('ls', [dir], { encoding: 'utf8' })
        .split('\n')
        .filter((f) => f.startsWith('PWNED')),
      [],
    );
    assert.ok(
      logged.some((l) => l.includes("'" + file + "'")),
      'the log shows the command line, quoted',
    );
    await runPodman(podman, kubeDownArgs({ file }), { log });
  });

  it("a failure carries podman's own error text, not an exit code", async () => {
    const err = await runPodman(podman, kubePlayArgs({ file: join(dir, 'missing.yml') }), { log }).then(
      () => undefined,
      (e) => e,
    );
    assert.ok(err instanceof PodmanFailedError);
    assert.match(err.message, /missing\.yml.*no such file or directory/i);
    assert.doesNotMatch(err.message, /exit(ed)? (with )?code/);
  });

  it('a wrong executable is reported as podman not found', async () => {
    const err = await runPodman({ executable: '/nonexistent/podman', env: {} }, versionArgs(), { log }).then(
      () => undefined,
      (e) => e,
    );
    assert.ok(err instanceof PodmanNotFoundError);
    assert.match(err.message, /podman was not found at "\/nonexistent\/podman" \(ENOENT\)/);
  });

  describe('cancelling a play that hangs', () => {
    let registry: HangingRegistry;
    before(async () => (registry = await HangingRegistry.start()));
    after(() => registry.close());

    it('kills podman and leaves no process behind', async () => {
      let cancel: () => void = () => undefined;
      const token: Cancellation = {
        isCancellationRequested: false,
        onCancellationRequested: (l) => {
          cancel = () => l();
          return { dispose: () => undefined };
        },
      };
      const running = runPodman(podman, kubePlayArgs({ file: '-' }), { log, token, stdin: podManifest('runner-hang', registry.image) });
      assert.ok(await registry.reached(20_000), `podman never reached the registry: ${logged.slice(-5).join(' | ')}`);
      assert.ok(kubePlayProcesses().length > 0, 'podman is not running');
      const started = Date.now();
      cancel();
      await assert.rejects(running, CancelledError);
      assert.ok(Date.now() - started < 5000, 'cancel took too long');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepStrictEqual(kubePlayProcesses(), []);
    });
  });
});

describe('no podman of ours outlives the process that started it', function () {
  this.timeout(60_000);
  const runner = join(__dirname, '..', '..', 'src', 'podman', 'runner.js');
  /** A node process that streams `podman events` through the runner, then ends as `how` says. */
  const parent = (how: string) => `
    const { streamPodman } = require(${JSON.stringify(runner)});
    streamPodman({ executable: 'podman', env: {} }, ['events', '--format', 'json'], { onLine() {}, log: { info() {}, warn() {}, error() {} } });
    setTimeout(() => { ${how} }, 1500);
    setInterval(() => {}, 1000);`;
  /** Live (not zombie) processes whose command line starts with `podman events` and that `pid` started. */
  const eventsOf = (pid: number) =>
    execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter(([, ppid, stat, cmd, sub]) => Number(ppid) === pid && !stat?.startsWith('Z') && /podman$/.test(cmd ?? '') && sub === 'events')
      .map(([p]) => Number(p));
  const alive = (pid: number) => {
    try {
      return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z');
    } catch {
      return false;
    }
  };

  for (const [name, how] of [
    ['exits', 'process.exit(0)'],
    ['gets SIGTERM', "process.kill(process.pid, 'SIGTERM')"],
    ['gets SIGKILL', "process.kill(process.pid, 'SIGKILL')"],
  ]) {
    it(`the parent ${name}: its podman events is gone 2 s later`, async () => {
      const child = spawn(process.execPath, ['-e', parent(how)], { stdio: 'ignore' });
      let events: number[] = [];
      for (let i = 0; i < 40 && !events.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        events = eventsOf(child.pid!);
      }
      assert.strictEqual(events.length, 1, 'podman events runs under the parent');
      await new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, 2000));
      assert.deepStrictEqual(events.filter(alive), [], 'podman events still running');
    });
  }
});

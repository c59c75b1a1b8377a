// The process runner against real podman (no fake): arguments, stdin, errors, cancellation.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { createServer, type Server, type Socket } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { kubeDownArgs, kubePlayArgs, networkListArgs, versionArgs } from '../../src/podman/args';
import { parseNetworks, parseVersion } from '../../src/podman/parse';
import { CancelledError, PodmanFailedError, PodmanNotFoundError, runPodman, type Cancellation } from '../../src/podman/runner';

const logged: string[] = [];
const log = { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m) };
const podman = { executable: 'podman', env: {} };
const pods = () => execFileSync('podman', ['pod', 'ps', '--format', '{{.Name}}'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const podmanProcesses = () => {
  try {
    return execFileSync('pgrep', ['-f', '^podman kube play'], { encoding: 'utf8' }).split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

function manifest(pod: string, image = 'docker.io/valkey/valkey:8'): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: server\n      image: ${image}\n`;
}

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

  it('reads podman version and networks as JSON', async () => {
    const v = parseVersion((await runPodman(podman, versionArgs(), { log })).stdout);
    assert.match(v.client, /^\d+\.\d+\.\d+/);
    const nets = parseNetworks((await runPodman(podman, networkListArgs(), { log })).stdout);
    assert.deepStrictEqual(nets.find((n) => n.name === 'podman'), { name: 'podman', driver: 'bridge', dns: false });
  });

  it('plays a manifest from stdin, and downs it', async () => {
    await runPodman(podman, kubePlayArgs({ file: '-' }), { log, stdin: manifest('runner-stdin') });
    assert.ok(pods().includes('runner-stdin'));
    await runPodman(podman, kubeDownArgs({ file: '-' }), { log, stdin: manifest('runner-stdin') });
    assert.ok(!pods().includes('runner-stdin'));
  });

  it('plays a file whose name holds spaces and shell metacharacters; no shell runs', async () => {
    const file = join(dir, 'odd name; touch PWNED $(touch PWNED2) & `id`.yml');
    writeFileSync(file, manifest('runner-odd'));
    await runPodman(podman, kubePlayArgs({ file }), { log });
    assert.ok(pods().includes('runner-odd'));
    assert.deepStrictEqual(execFileSync('ls', [dir], { encoding: 'utf8' }).split('\n').filter((f) => f.startsWith('PWNED')), []);
    assert.ok(logged.some((l) => l.includes("'" + file + "'")), 'the log shows the command line, quoted');
    await runPodman(podman, kubeDownArgs({ file }), { log });
  });

  it('a failure carries podman\'s own error text, not an exit code', async () => {
    const err = await runPodman(podman, kubePlayArgs({ file: join(dir, 'missing.yml') }), { log }).then(() => undefined, (e) => e);
    assert.ok(err instanceof PodmanFailedError);
    assert.match(err.message, /missing\.yml.*no such file or directory/i);
    assert.doesNotMatch(err.message, /exit(ed)? (with )?code/);
  });

  it('a wrong executable is reported as podman not found', async () => {
    const err = await runPodman({ executable: '/nonexistent/podman', env: {} }, versionArgs(), { log }).then(() => undefined, (e) => e);
    assert.ok(err instanceof PodmanNotFoundError);
    assert.match(err.message, /podman was not found at "\/nonexistent\/podman" \(ENOENT\)/);
  });

  describe('cancelling a play that hangs', () => {
    // A "registry" on loopback that accepts connections and never answers: the pull hangs.
    let server: Server;
    const sockets: Socket[] = [];
    before((done) => {
      server = createServer((s) => sockets.push(s)).listen(0, '127.0.0.1', done);
    });
    after(() => {
      for (const s of sockets) s.destroy();
      server.close();
    });

    it('kills podman and leaves no process behind', async () => {
      const port = (server.address() as { port: number }).port;
      let cancel: () => void = () => undefined;
      const token: Cancellation = {
        isCancellationRequested: false,
        onCancellationRequested: (l) => {
          cancel = () => l();
          return { dispose: () => undefined };
        },
      };
      const running = runPodman(podman, kubePlayArgs({ file: '-' }), { log, token, stdin: manifest('runner-hang', `127.0.0.1:${port}/hang/image:1`) });
      const deadline = Date.now() + 20_000;
      while (sockets.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.ok(sockets.length > 0, `podman never reached the registry: ${logged.slice(-5).join(' | ')}`);
      assert.ok(podmanProcesses().length > 0, 'podman is not running');
      const started = Date.now();
      cancel();
      await assert.rejects(running, CancelledError);
      assert.ok(Date.now() - started < 5000, 'cancel took too long');
      await new Promise((r) => setTimeout(r, 500));
      assert.deepStrictEqual(podmanProcesses(), []);
    });
  });
});

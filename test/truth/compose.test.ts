// Compose to kube against the reference, on real podman: samples/valkey4's compose.yaml run by
// podman-compose (1.0.3 on the host's podman 4.3.1, 1.6.0 on sid's 5.8.x), then its conversion
// played by `podman kube play` on a network with DNS. Both must run the same services, publish
// the same host ports, and the client must reach the server by its service name (its log counts).
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { composeToKube } from '../../src/compose/compose';

const root = join(__dirname, '..', '..', '..');
const CHROOTS = process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube';
const SAMPLE = join(root, 'samples/valkey4');
const PATH = '/usr/sbin:/usr/bin:/sbin:/bin';

interface Target {
  label: string;
  /** Runs a program (podman, podman-compose) in `seen`, as that podman's machine sees the folder. */
  run(program: string, args: string[]): { status: number | null; stdout: string; stderr: string };
  dir: string;
  seen: string;
  network: string[];
}

const result = (r: ReturnType<typeof spawnSync>) => ({ status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) });
const TARGETS: Target[] = [
  {
    label: 'host: podman 4.3.1, podman-compose 1.0.3',
    dir: '/tmp/pk-compose',
    seen: '/tmp/pk-compose',
    run: (program, args) => result(spawnSync(program, args, { cwd: '/tmp/pk-compose', encoding: 'utf8', timeout: 180_000 })),
    network: ['--subnet', '10.238.0.0/24'],
  },
  {
    label: 'sid chroot: podman 5.8, podman-compose 1.6.0',
    dir: join(CHROOTS, 'sid/tmp/pk-compose'),
    seen: '/tmp/pk-compose',
    run: (program, args) =>
      result(
        spawnSync('chroot', [join(CHROOTS, 'sid'), '/bin/sh', '-c', 'cd /tmp/pk-compose && exec "$0" "$@"', program, ...args], {
          env: { PATH, PODMAN_IGNORE_CGROUPSV1_WARNING: '1' },
          encoding: 'utf8',
          timeout: 180_000,
        }),
      ),
    network: ['--subnet', '10.239.0.0/24', '--interface-name', 'pkcompose58'],
  },
];

for (const t of TARGETS) {
  describe(`Compose to kube beside podman-compose (${t.label})`, function () {
    this.timeout(10 * 60_000);
    const ok = (program: string, args: string[]) => {
      const r = t.run(program, args);
      assert.strictEqual(r.status, 0, `${program} ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    /** What runs: each service (a compose label, or a pod's name) with its published host ports. */
    const running = (by: 'compose' | 'pod') => {
      const all = JSON.parse(ok('podman', ['ps', '--pod', '--format', 'json'])) as { Labels?: Record<string, string>; PodName?: string; Ports?: { host_port: number }[] | null; IsInfra?: boolean }[];
      const out: Record<string, number[]> = {};
      for (const c of all) {
        const name = by === 'compose' ? c.Labels?.['com.docker.compose.service'] : c.PodName;
        if (!name || c.IsInfra) continue;
        out[name] = [...(out[name] ?? []), ...(c.Ports ?? []).map((p) => p.host_port)].sort();
      }
      return out;
    };
    const counts = async (container: string) => {
      let log = '';
      for (let i = 0; i < 60 && !/^2$/m.test(log); i++) {
        await new Promise((r) => setTimeout(r, 500));
        log = t.run('podman', ['logs', container]).stdout;
      }
      return log;
    };
    const clean = () => {
      t.run('podman', ['pod', 'rm', '-a', '-f', '-t', '0']);
      t.run('podman', ['rm', '-a', '-f', '-t', '0']);
      t.run('podman', ['network', 'rm', '-f', 'pk-compose_default', 'pkcompose_default', 'pkcompose']);
    };
    before(() => {
      rmSync(t.dir, { recursive: true, force: true });
      mkdirSync(t.dir, { recursive: true });
      cpSync(SAMPLE, t.dir, { recursive: true });
      clean();
    });
    after(() => {
      clean();
      rmSync(t.dir, { recursive: true, force: true });
    });

    it('samples/valkey4: the same services and host ports as podman-compose, the client reaching the server by its service name', async () => {
      ok('podman-compose', ['up', '-d']);
      const reference = running('compose');
      const client = (JSON.parse(ok('podman', ['ps', '--format', 'json'])) as { Names: string[]; Labels?: Record<string, string> }[]).find((c) => c.Labels?.['com.docker.compose.service'] === 'client')!.Names[0];
      assert.match(await counts(client), /^1\n2$/m, 'under podman-compose');
      ok('podman-compose', ['down']);
      clean();

      const version = (JSON.parse(ok('podman', ['version', '--format', 'json'])) as { Client: { Version: string } }).Client.Version;
      const converted = composeToKube({ file: join(t.dir, 'compose.yaml'), text: readFileSync(join(t.dir, 'compose.yaml'), 'utf8'), layout: 'pods', env: {}, podmanVersion: version });
      assert.deepStrictEqual([converted.problems, converted.dropped, converted.checked], [[], [], []]);
      writeFileSync(join(t.dir, 'kube.yaml'), converted.text!);
      ok('podman', ['network', 'create', ...t.network, 'pkcompose']);
      ok('podman', ['kube', 'play', '--network', 'pkcompose', `${t.seen}/kube.yaml`]);
      assert.deepStrictEqual(running('pod'), reference);
      assert.deepStrictEqual(reference, { client: [], server: [6380] });
      assert.match(await counts('client-client'), /^1\n2$/m, 'played from the conversion');
      ok('podman', ['kube', 'down', `${t.seen}/kube.yaml`]);
    });
  });
}

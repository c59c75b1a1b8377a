// Projects on real podman 4.3.1, 5.4.2 and 5.8.x: samples/valkey2 (a ConfigMap file, a database
// pod, an app that reads the ConfigMap and reaches the database by pod name) played with the
// commands Play Project runs (one on 5.7+, one per file before), the app's log showing it counts
// in the database, the pods what the model predicts; then Down Project leaves nothing. And the two
// places where podman before 5.7 or 4.6 differs from one stream, played as the model predicts.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { atLeast, derivedVolumes, parseProject, projectReport, type ProjectFile } from '../../src/model';
import { CHANGES } from '../../src/model/behaviour';
import { projectDownArgs, projectPlayArgs } from '../../src/podman/args';

const root = join(__dirname, '..', '..', '..');
const CHROOTS = process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube';
const SAMPLE = join(root, 'samples/valkey2');

/** Each podman, and where the files it reads are: on the host, or inside its chroot (seen there as /tmp/pk-project). */
const PODMANS = [
  { label: 'host', cmd: 'podman', dir: '/tmp/pk-project', seen: '/tmp/pk-project', subnet: '10.235.0.0/24', bridge: undefined },
  { label: 'trixie chroot', cmd: join(root, 'scripts/podman5'), dir: join(CHROOTS, 'trixie/tmp/pk-project'), seen: '/tmp/pk-project', subnet: '10.236.0.0/24', bridge: 'pkproj54' },
  { label: 'sid chroot', cmd: join(root, 'scripts/podman58'), dir: join(CHROOTS, 'sid/tmp/pk-project'), seen: '/tmp/pk-project', subnet: '10.237.0.0/24', bridge: 'pkproj58' },
];

function run(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const p of PODMANS) {
  describe(`Projects on real podman (${p.label})`, function () {
    this.timeout(10 * 60_000);
    let version = '';
    const ok = (args: string[]) => {
      const r = run(p.cmd, args);
      assert.strictEqual(r.status, 0, `podman ${args.join(' ')}: ${r.stderr}`);
      return r.stdout;
    };
    const pods = () => ok(['pod', 'ps', '--format', '{{.Name}}']).split('\n').filter(Boolean).sort();
    const files = (names: string[], dir = SAMPLE): ProjectFile[] => names.map((n) => ({ path: `${p.seen}/${n}`, name: n, text: readFileSync(join(dir, n), 'utf8') }));
    before(() => {
      version = ok(['version', '--format', '{{.Client.Version}}']).trim();
      ok(['pod', 'rm', '-a', '-f', '-t', '0']);
      rmSync(p.dir, { recursive: true, force: true });
      mkdirSync(p.dir, { recursive: true });
      cpSync(SAMPLE, p.dir, { recursive: true });
      run(p.cmd, ['network', 'rm', '-f', 'valkey2']);
      ok(['network', 'create', '--subnet', p.subnet, ...(p.bridge ? ['--interface-name', p.bridge] : []), 'valkey2']);
    });
    beforeEach(() => {
      ok(['pod', 'rm', '-a', '-f', '-t', '0']);
      ok(['volume', 'rm', '-a', '-f']);
    });
    after(() => {
      run(p.cmd, ['pod', 'rm', '-a', '-f', '-t', '0']);
      run(p.cmd, ['network', 'rm', '-f', 'valkey2']);
      rmSync(p.dir, { recursive: true, force: true });
    });

    it('samples/valkey2: Play Project, the app counts in the database by its pod name, Down Project leaves nothing', async () => {
      const project = parseProject(files(['config.yml', 'db.yml', 'app.yml']), { podmanVersion: version, network: 'valkey2', dns: true });
      const predicted = projectReport(project);
      assert.strictEqual(predicted.outcome, 'plays');
      assert.deepStrictEqual(
        predicted.problems.filter((q) => q.severity !== 'info'),
        [],
      );
      const oneCommand = atLeast(version, CHANGES.severalFiles.since);
      const plays = projectPlayArgs({ files: project.files, network: 'valkey2', oneCommand });
      assert.strictEqual(plays.length, oneCommand ? 1 : 2);
      for (const args of plays) ok(args);
      assert.deepStrictEqual(pods(), predicted.pods.map((x) => x.name).sort());
      // INCR replies 1, 2, ... once the app reaches valkey2-db; a failed lookup logs an error instead.
      let log = '';
      for (let i = 0; i < 60 && !/^2$/m.test(log); i++) {
        await new Promise((r) => setTimeout(r, 500));
        log = ok(['logs', 'valkey2-app-app']);
      }
      assert.match(log, /^1\n2$/m, `the app's log: ${log}`);
      // The database runs on the valkey.conf of the ConfigMap file (without it valkey-server would not start,
      // and its protected mode would refuse the app); `podman exec` of a chroot's podman runs on the host, so no look inside.
      assert.doesNotMatch(ok(['logs', 'valkey2-db-valkey']), /no config file specified/);
      for (const args of projectDownArgs({ files: project.files, oneCommand })) ok(args);
      assert.deepStrictEqual(pods(), []);
      assert.deepStrictEqual(ok(['ps', '-a', '--format', '{{.Names}}']).trim(), '');
      // kube down leaves the ConfigMap's volume, as the model says; Down Project removes it.
      const volumes = derivedVolumes(project.manifest);
      assert.deepStrictEqual(ok(['volume', 'ls', '--format', '{{.Name}}']).trim().split('\n'), volumes);
      ok(['volume', 'rm', ...volumes]);
      assert.deepStrictEqual(ok(['volume', 'ls', '--format', '{{.Name}}']).trim(), '');
    });

    it('a ConfigMap in a file that also holds pods: one stream sees it (5.7+), one file at a time does not, as predicted', () => {
      const dir = join(p.dir, 'mixed');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'db.yml'), `${readFileSync(join(SAMPLE, 'config.yml'), 'utf8')}---\n${readFileSync(join(SAMPLE, 'db.yml'), 'utf8')}`);
      cpSync(join(SAMPLE, 'app.yml'), join(dir, 'app.yml'));
      const project = parseProject(
        files(['db.yml', 'app.yml'], dir).map((f) => ({ ...f, path: `${p.seen}/mixed/${f.name}` })),
        { podmanVersion: version, network: 'valkey2', dns: true },
      );
      const predicted = projectReport(project);
      const oneCommand = atLeast(version, CHANGES.severalFiles.since);
      let failed = '';
      for (const args of projectPlayArgs({ files: project.files, network: 'valkey2', oneCommand })) {
        const r = run(p.cmd, args);
        if (r.status !== 0) {
          failed = r.stderr;
          break;
        }
      }
      assert.strictEqual(failed ? 'fails' : 'plays', predicted.outcome, failed);
      if (failed) {
        assert.match(failed, /configmap valkey2-config not found/);
        assert.deepStrictEqual(
          predicted.problems.filter((q) => q.stops).map((q) => [q.file, q.code]),
          [[`${p.seen}/mixed/app.yml`, 'configmap-in-played-file']],
        );
      }
      run(p.cmd, ['pod', 'rm', '-a', '-f', '-t', '0']);
    });

    it('a --configmap file of two ConfigMaps: before 4.6 only the first is read, as predicted', () => {
      const dir = join(p.dir, 'two');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'maps.yml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\ndata:\n  K: v\n---\n${readFileSync(join(SAMPLE, 'config.yml'), 'utf8')}`);
      cpSync(join(SAMPLE, 'app.yml'), join(dir, 'app.yml'));
      const project = parseProject(
        files(['maps.yml', 'app.yml'], dir).map((f) => ({ ...f, path: `${p.seen}/two/${f.name}` })),
        { podmanVersion: version, network: 'valkey2', dns: true },
      );
      const predicted = projectReport(project);
      const [args] = projectPlayArgs({ files: project.files, network: 'valkey2', oneCommand: atLeast(version, CHANGES.severalFiles.since) });
      const r = run(p.cmd, args);
      assert.strictEqual(r.status === 0 ? 'plays' : 'fails', predicted.outcome, r.stderr);
      if (r.status !== 0) assert.match(r.stderr, /configmap valkey2-config not found/);
      assert.strictEqual(predicted.outcome, atLeast(version, CHANGES.configMapFiles.since) ? 'plays' : 'fails');
      run(p.cmd, ['pod', 'rm', '-a', '-f', '-t', '0']);
    });
  });
}

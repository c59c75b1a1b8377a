// Build and play on real podman 4.3.1, 5.4.2 and 5.8.x: samples/valkey3, whose client image
// `counter` podman builds from counter/Containerfile, played with the arguments Play Kube (Build)
// runs, in the folder the extension runs podman in (the manifest's). The model said it builds and
// from which file; the client counts. A failing Containerfile: podman names the instruction and
// failedLine finds its line. Cancel mid-build, then the undo Play Kube runs: no pod, no build
// container, no new untagged image. A rebuild since the play: drift says so.
import * as assert from 'assert';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseManifest, report, type Pod } from '../../src/model';
import type { LocalImage } from '../../src/model/types';
import { readBuildContextSync } from '../../src/files/buildFolders';
import { containerListArgs, kubeDownArgs, kubePlayArgs, podListArgs } from '../../src/podman/args';
import { failedLine, failedStep } from '../../src/podman/build';
import { PodmanClient } from '../../src/podman/client';
import { listObjects, removeMade } from '../../src/podman/made';
import { CancelledError, PodmanFailedError, type Cancellation } from '../../src/podman/runner';
import { drift } from '../../src/live/match';
import { parsePods } from '../../src/live/state';
import type { PodSummary } from '../../src/reader/modelReader';

const root = join(__dirname, '..', '..', '..');
const CHROOTS = process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube';
const SAMPLE = join(root, 'samples/valkey3');

/** Each podman, and where its files are: `dir` on this machine, `seen` as that podman sees it. */
const PODMANS = [
  { label: 'host', cmd: 'podman', dir: '/tmp/pk-build', seen: '/tmp/pk-build', chroot: false },
  { label: 'trixie chroot', cmd: join(root, 'scripts/podman5'), dir: join(CHROOTS, 'trixie/tmp/pk-build'), seen: '/tmp/pk-build', chroot: true },
  { label: 'sid chroot', cmd: join(root, 'scripts/podman58'), dir: join(CHROOTS, 'sid/tmp/pk-build'), seen: '/tmp/pk-build', chroot: true },
];

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A cancellation the test fires, as the progress notification's Cancel does. */
function canceller(): Cancellation & { cancel(): void } {
  const listeners: (() => unknown)[] = [];
  let requested = false;
  return {
    get isCancellationRequested() {
      return requested;
    },
    onCancellationRequested(l) {
      listeners.push(l);
      return { dispose: () => undefined };
    },
    cancel() {
      requested = true;
      listeners.forEach((l) => l());
    },
  };
}

const summary = (p: Pod): PodSummary => ({
  name: p.name,
  lines: [0, 0],
  nameAt: [0, 0],
  published: [],
  containers: p.containers.map((c) => ({ name: c.name, podmanName: c.podmanName, image: c.image, imageSource: c.imageSource, init: c.init, command: c.command, args: c.args, nameAt: [0, 0] })),
});

for (const p of PODMANS) {
  describe(`Build and play on real podman (${p.label})`, function () {
    this.timeout(10 * 60_000);
    // The chroots' podman runs in the chroot's folder PODMAN_CHROOT_CWD; the host's in `cwd`, as the extension runs it.
    const env: Record<string, string> = p.chroot ? { PODMAN_CHROOT_CWD: p.seen } : {};
    const client = new PodmanClient(() => ({ executable: p.cmd, env }), quiet);
    const podman = (args: string[], o: { token?: Cancellation; onLine?: (l: string) => void } = {}) => client.run(args, { ...o, cwd: p.chroot ? undefined : p.dir });
    const ok = async (args: string[]) => (await podman(args)).stdout;
    let version = '';
    const model = async (file: string, build: boolean | undefined) => {
      const images = await client.images();
      const text = readFileSync(join(p.dir, file), 'utf8');
      const context = readBuildContextSync(p.dir);
      return { images, manifest: parseManifest(text, { podmanVersion: version, build, buildContext: { ...context, dir: p.seen }, images }) };
    };
    const removeCounter = async () => {
      await podman(['pod', 'rm', '-a', '-f', '-t', '0']);
      await podman(['rmi', '-f', 'localhost/counter:latest', 'localhost/broken:latest', 'localhost/slow:latest']).catch(() => undefined);
    };

    before(async () => {
      rmSync(p.dir, { recursive: true, force: true });
      mkdirSync(p.dir, { recursive: true });
      cpSync(SAMPLE, p.dir, { recursive: true });
      version = (JSON.parse(await ok(['version', '--format', 'json'])) as { Client: { Version: string } }).Client.Version;
      await removeCounter();
    });
    beforeEach(() => podman(['pod', 'rm', '-a', '-f', '-t', '0']));
    after(async () => {
      await removeCounter();
      rmSync(p.dir, { recursive: true, force: true });
    });

    it('samples/valkey3: the model says podman builds counter from counter/Containerfile; it does, and the client counts', async () => {
      for (const build of [undefined, true]) {
        const { manifest } = await model('play.yml', build);
        const predicted = report('play.yml', manifest).pods[0].containers.find((c) => c.name === 'valkey3-client');
        assert.deepStrictEqual(predicted?.imageSource, { how: 'build', buildFile: 'counter/Containerfile' }, `build ${build}`);
      }
      const steps: string[] = [];
      await podman(kubePlayArgs({ file: 'play.yml', build: true }), { onLine: (l) => /^STEP \d+\/\d+: /.test(l) && steps.push(l) });
      assert.deepStrictEqual(steps, ['STEP 1/3: FROM docker.io/valkey/valkey:8', 'STEP 2/3: COPY count.sh /usr/local/bin/count.sh', 'STEP 3/3: CMD ["sh", "/usr/local/bin/count.sh"]']);
      let log = '';
      for (let i = 0; i < 60 && !/^2$/m.test(log); i++) {
        await new Promise((r) => setTimeout(r, 500));
        log = await ok(['logs', 'valkey3-client']);
      }
      assert.match(log, /^1\n2$/m, `the client's log: ${log}`);

      // Played again without --build: podman has the image and does not build; the model says so.
      const { manifest, images } = await model('play.yml', undefined);
      const counter = manifest.pods[0].containers.find((c) => c.name === 'client')!;
      assert.strictEqual(counter.imageSource?.how, 'local');
      assert.ok(images.some((i) => i.names.includes('localhost/counter:latest')));
      assert.ok(manifest.problems.some((q) => q.code === 'image-not-rebuilt'));
      const again = await podman(kubePlayArgs({ file: 'play.yml', replace: true }));
      assert.doesNotMatch(again.stdout, /STEP 1\/3/);

      // Rebuilt since that play: the running client has the old image's id; drift says it was rebuilt.
      writeFileSync(join(p.dir, 'counter/count.sh'), readFileSync(join(SAMPLE, 'counter/count.sh'), 'utf8').replace('sleep 5', 'sleep 4'));
      await ok(['build', '--tag', 'counter', '--file', `${p.seen}/counter/Containerfile`, `${p.seen}/counter`]);
      const rebuilt = await model('play.yml', undefined);
      const live = parsePods(await ok(podListArgs()), await ok(containerListArgs())).find((x) => x.name === 'valkey3')!;
      const changes = drift(summary(rebuilt.manifest.pods[0]), live, undefined, rebuilt.images);
      assert.deepStrictEqual(changes, ['client: image counter rebuilt from counter/Containerfile since play']);
      await ok(kubeDownArgs({ file: 'play.yml' }));
    });

    it('a failing Containerfile: podman names the instruction, and its line is found', async () => {
      mkdirSync(join(p.dir, 'broken'), { recursive: true });
      const containerfile = 'FROM docker.io/valkey/valkey:8\n# fails on purpose\nRUN true\nRUN false\nCMD ["sleep", "1000"]\n';
      writeFileSync(join(p.dir, 'broken/Containerfile'), containerfile);
      writeFileSync(join(p.dir, 'broken.yml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\nspec:\n  containers:\n    - name: app\n      image: broken\n');
      const before = await listObjects(client, true);
      const e = await podman(kubePlayArgs({ file: 'broken.yml', build: true })).then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof PodmanFailedError, `the play failed: ${String(e)}`);
      const failed = failedStep(e.stderr);
      assert.strictEqual(failed?.instruction, 'RUN false', e.stderr);
      assert.match(failed.why, /exit status 1/);
      assert.strictEqual(failedLine(containerfile, failed, undefined), 3);
      // Podman made the pod before the build and left it; the undo removes it.
      assert.deepStrictEqual(await removeMade(client, before!, { pods: new Set(['broken']), volumes: new Set(), secrets: new Set() }), ['pod broken']);
      assert.deepStrictEqual((await ok(['pod', 'ps', '--format', '{{.Name}}'])).trim(), '');
    });

    it('Cancel mid-build, then the undo: no pod, no build container, no new untagged image', async () => {
      mkdirSync(join(p.dir, 'slow'), { recursive: true });
      writeFileSync(join(p.dir, 'slow/Containerfile'), 'FROM docker.io/valkey/valkey:8\nRUN echo made > /made\nRUN sleep 60\n');
      writeFileSync(join(p.dir, 'slow.yml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: slow\nspec:\n  containers:\n    - name: app\n      image: slow\n');
      const before = await listObjects(client, true);
      const token = canceller();
      const e = await podman(kubePlayArgs({ file: 'slow.yml', build: true }), { token, onLine: (l) => l.startsWith('STEP 3/3') && setTimeout(() => token.cancel(), 1000) }).then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof CancelledError, `cancelled: ${String(e)}`);
      const left = await listObjects(client, true);
      assert.ok(left!.build!.containers.length > before!.build!.containers.length, 'the stopped build left its working container');
      const removed = await removeMade(client, before!, { pods: new Set(['slow']), volumes: new Set(), secrets: new Set() });
      assert.ok(removed.includes('pod slow') && removed.includes('a build container'), removed.join(', '));
      const after = await listObjects(client, true);
      assert.deepStrictEqual(after!.pods, []);
      assert.deepStrictEqual(after!.build!.containers, before!.build!.containers);
      assert.deepStrictEqual(after!.build!.untagged, before!.build!.untagged);
      const tagged = (images: LocalImage[]) => images.filter((i) => i.names.some((n) => n.startsWith('localhost/slow')));
      assert.deepStrictEqual(tagged(await client.images()), []);
    });
  });
}

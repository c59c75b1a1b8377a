// The hardening findings that pure code can show: the bounded reader against FIFOs, devices and
// sparse files; aliases nested in anchors charged by what they expand to; unit files and podman
// listings read in linear time; a model read that fails alone.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileRefusedError, readBoundedText } from '../../src/files/read';
import { ListingParser } from '../../src/live/listingParser';
import { parseListing, parsePods } from '../../src/live/state';
import { parseManifest } from '../../src/model';
import { ModelReader } from '../../src/reader/modelReader';
import { parseUnit, siblingUnit, unitNetwork, unitPlay, unitWords } from '../../src/quadlet/unitFile';

const refused = async (p: Promise<unknown>, why: string) => {
  await assert.rejects(p, (e: unknown) => e instanceof FileRefusedError && e.why === why);
};

describe('Hardening: the bounded reader', function () {
  this.timeout(20_000);
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'pk-read-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a FIFO is refused at once (a plain read waits for a writer forever)', async () => {
    const fifo = join(dir, 'x.network');
    execFileSync('mkfifo', [fifo]);
    await refused(readBoundedText(fifo, { maxBytes: 1024 }), 'not-a-file');
  });

  it('a link to /dev/zero, and a 2 GB sparse file, are refused without reading them', async () => {
    symlinkSync('/dev/zero', join(dir, 'zero.network'));
    await refused(readBoundedText(join(dir, 'zero.network'), { maxBytes: 1024 }), 'not-a-file');
    writeFileSync(join(dir, 'sparse.network'), '');
    truncateSync(join(dir, 'sparse.network'), 2 * 1024 ** 3);
    await refused(readBoundedText(join(dir, 'sparse.network'), { maxBytes: 256 * 1024 }), 'too-big');
  });

  it('a link out of the folders it may read from is refused; a plain file inside is read', async () => {
    writeFileSync(join(dir, 'ok.network'), '[Network]\nNetworkName=valkey1\n');
    symlinkSync('/etc/hostname', join(dir, 'out.network'));
    assert.strictEqual(await readBoundedText(join(dir, 'ok.network'), { maxBytes: 1024, within: [dir] }), '[Network]\nNetworkName=valkey1\n');
    await refused(readBoundedText(join(dir, 'out.network'), { maxBytes: 1024, within: [dir] }), 'outside');
    await refused(readBoundedText(join(dir, 'none.network'), { maxBytes: 1024 }), 'missing');
  });

  it("Network=NAME.network names a unit in the unit's own folder: ../ and other paths are none", () => {
    assert.strictEqual(siblingUnit('valkey1.network', '/u'), '/u/valkey1.network');
    for (const v of ['../etc.network', '/dev/x.network', 'a/b.network', '.x.network', 'valkey1']) assert.strictEqual(siblingUnit(v, '/u'), undefined, v);
  });
});

describe('Hardening: bounded cost by construction', function () {
  this.timeout(60_000);

  it('an alias inside an anchored node is charged each time the outer alias expands: the budget stops the nesting', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n' +
      `    - &c\n      name: c0\n      image: i\n      env: &e\n${Array.from({ length: 300 }, (_, i) => `        - {name: V${i}, value: "x"}`).join('\n')}\n` +
      '    - &d\n      name: c1\n      image: i\n      env: *e\n' +
      Array.from({ length: 400 }, (_, i) => `    - {name: k${i}, image: i, env: [*d, *d]}`).join('\n') +
      '\n';
    const m = parseManifest(text);
    assert.ok(
      m.problems.some((p) => p.code === 'alias-limit'),
      m.problems
        .slice(0, 5)
        .map((p) => p.message)
        .join('\n'),
    );
    // The same file without the nesting reads in full: the budget is for expansion, not for aliases.
    const plain = parseManifest(text.replace(/env: \[\*d, \*d\]/g, 'env: []'));
    assert.ok(!plain.problems.some((p) => p.code === 'alias-limit'));
    assert.strictEqual(plain.pods[0].containers.length, 402);
  });

  it('a self-referencing anchor reads without a hang', () => {
    const m = parseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - &c\n      name: c\n      image: i\n      args: [*c]\n');
    assert.strictEqual(m.pods.length, 1);
  });

  it('10,000 containers of one name: each rename names the next free one, in one pass', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n' + '    - {name: c, image: i}\n'.repeat(10_000);
    const fixes = parseManifest(text)
      .problems.filter((p) => p.code === 'duplicate-container')
      .map((p) => p.fixes?.[0]?.title);
    // Problems are said up to the model's cap; each names a different free name, in order.
    assert.ok(fixes.length >= 1000, String(fixes.length));
    assert.deepStrictEqual([fixes[0], fixes[1], fixes[999]], ['Rename to c-2', 'Rename to c-3', 'Rename to c-1001']);
    assert.strictEqual(new Set(fixes).size, fixes.length);
  });

  it('continuation lines: a value of 20,000 lines is joined as systemd joins it', () => {
    const text = '[Kube]\nYaml=play.yml\nNetwork=a.network\nPodmanArgs=--x \\\n' + '  --y \\\n'.repeat(20_000) + '  --z\n';
    const e = parseUnit(text).entries.find((x) => x.key === 'PodmanArgs')!;
    assert.strictEqual(e.value.split(/\s+/).length, 20_002);
    assert.strictEqual(
      unitNetwork(text, () => '[Network]\nNetworkName=valkey1\n'),
      'valkey1',
    );
  });

  it("a committed unit's words: split as quadlet splits PodmanArgs= and ConfigMap=, in time linear in the value", () => {
    assert.deepStrictEqual(unitWords(`a "b c" d\\x41 \\"q 'e f' %%h $$X`, true), ['a', 'b c', 'dA', '"q', 'e f', '%h', '$X']);
    assert.deepStrictEqual(unitWords(`a\\b "c d" "'"`, false), ['a\\b', 'c d', "'"]);
    const play = unitPlay('[Kube]\nYaml=../m.yml\nConfigMap=cm.yml "c m.yml"\nPodmanArgs=--publish-all\nNetwork=host\n', '/r/u', () => undefined);
    assert.deepStrictEqual(play, { yaml: '/r/u/../m.yml', yamls: ['/r/u/../m.yml'], network: 'host', networkValue: 'host', configMaps: ['/r/u/cm.yml', '/r/u/c m.yml'], podmanArgs: ['--publish-all'] });
    // Several Yaml= (quadlet 5.7+ plays each; before, the last): every one, in order.
    assert.deepStrictEqual(unitPlay('[Kube]\nYaml=db.yml\nYaml=app.yml\n', '/r', () => undefined)?.yamls, ['/r/db.yml', '/r/app.yml']);
    assert.strictEqual(
      unitPlay('[Kube]\nYaml=%h/m.yml\n', '/r', () => undefined),
      undefined,
      'a specifier only systemd expands',
    );
    assert.strictEqual(unitWords(`"${'x '.repeat(200_000)}"`, true)[0].length, 400_000);
  });

  it('podman listings of 5,000 pods and 15,000 containers join each container to its pod', () => {
    const pods = Array.from({ length: 5000 }, (_, i) => ({ Id: `p${i}`, Name: `pod${i}`, Status: 'Running', Networks: ['n'] }));
    const containers = Array.from({ length: 15_000 }, (_, i) => ({ Id: `c${i}`, Names: [`pod${i % 5000}-c${i}`], Pod: `p${i % 5000}`, State: 'running', IsInfra: i < 5000 }));
    const live = parsePods(JSON.stringify(pods), JSON.stringify(containers));
    assert.strictEqual(live.length, 5000);
    assert.ok(live.every((p) => p.infra && p.containers.length === 2));
    // Listed pod by pod: the same join; a listing that is not JSON is named, its pod shown without containers.
    const perPod = parseListing(JSON.stringify(pods.slice(0, 3)), [JSON.stringify(containers.filter((c) => c.Pod === 'p0')), '[{"cut', JSON.stringify(containers.filter((c) => c.Pod === 'p2'))]);
    assert.deepStrictEqual([perPod.pods.map((p) => p.containers.length), perPod.unreadable], [[2, 0, 2], [1]]);
  });

  it('a listing of megabytes is joined in a worker thread, to the same pods as in place', async () => {
    const pods = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ Id: `p${i}`, Name: `pod${i}`, Status: 'Running', Networks: ['n'] })));
    const containers = JSON.stringify(
      Array.from({ length: 6000 }, (_, i) => ({ Id: `c${i}`, Names: [`pod${i % 2000}-c${i}`], Pod: `p${i % 2000}`, State: i % 7 ? 'running' : 'exited', ExitCode: 1, IsInfra: i < 2000, Labels: { big: 'x'.repeat(200) } })),
    );
    assert.ok(pods.length + containers.length > 1024 * 1024);
    const parser = new ListingParser(join(__dirname, '..', '..', 'src', 'live', 'listingWorker.js'));
    try {
      assert.deepStrictEqual(await parser.parse(pods, [containers]), parseListing(pods, [containers]));
      await assert.rejects(parser.parse('{"not', [containers]));
    } finally {
      parser.dispose();
    }
  });
});

describe('Hardening: a model read past its deadline fails alone', function () {
  this.timeout(20_000);
  it('the read that hangs is rejected; the reads queued behind it are answered by a fresh worker', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-worker-'));
    const script = join(dir, 'worker.js');
    // A stand-in worker: "hang" never answers, anything else answers with its text.
    writeFileSync(
      script,
      "const { parentPort } = require('worker_threads');\nparentPort.on('message', (j) => { if (j.text === 'hang') for (;;); parentPort.postMessage({ id: j.id, problems: [], broken: false, pods: [], resources: [], ignored: [j.text] }); });\n",
    );
    const reader = new ModelReader(script, 1000);
    try {
      const hang = reader.read('hang', {});
      const after = [reader.read('a', {}), reader.read('b', {})];
      await assert.rejects(hang, /took over 1 s/);
      assert.deepStrictEqual(
        (await Promise.all(after)).map((s) => s.ignored[0]),
        ['a', 'b'],
      );
    } finally {
      reader.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

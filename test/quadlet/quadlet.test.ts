// The exported units against the quadlet generators of podman 5.4.2 (Debian 13) and 5.8.x (Debian
// sid), each in its chroot (scripts/setup-podman-chroots.sh): every export passes `quadlet -dryrun`
// and names what we meant; the generated ExecStart really plays valkey1 on its network; each
// unit-file rule agrees with the generator of that version.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { checkUnit, unitPlay } from '../../src/quadlet/unitFile';
import { quadletComplaints, quadletUnits } from '../../src/quadlet/units';

const ROOT = join(__dirname, '..', '..', '..');
const CHROOTS = process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube';
/** Each generator, with a subnet and bridge of its own for the network it plays on (one network namespace for all). */
const TARGETS = [
  { name: 'podman 5.4.2 (Debian 13)', root: `${CHROOTS}/trixie`, version: /^5\.4\.2$/, subnet: '10.235.0.0/24', bridge: 'pkquadlet0' },
  { name: 'podman 5.8 (Debian sid)', root: `${CHROOTS}/sid`, version: /^(5\.(8|9|\d\d)|[6-9])\./, subnet: '10.236.0.0/24', bridge: 'pkquadlet1' },
];
/** The chroot of the suite running now, and its podman's version (set by each suite's before()). */
let CHROOT = '';
let VERSION = '';
/** Inside the chroot. */
const BASE = '/tmp/pk-quadlet';
const CLEAN_ENV = ['env', '-i', 'PATH=/usr/sbin:/usr/bin:/sbin:/bin', 'PODMAN_IGNORE_CGROUPSV1_WARNING=1'];

function inChroot(args: string[], timeout = 60_000): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(CLEAN_ENV[0], [...CLEAN_ENV.slice(1), 'chroot', CHROOT, ...args], { encoding: 'utf8', timeout });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
const podman = (...args: string[]) => inChroot(['podman', ...args]);

/** Writes files into a fresh folder of the chroot; returns its path inside the chroot. */
function unitDir(name: string, files: Record<string, string>): string {
  const inside = `${BASE}/${name}`;
  const outside = join(CHROOT, inside);
  rmSync(outside, { recursive: true, force: true });
  mkdirSync(outside, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(outside, f), text);
  return inside;
}

/** `quadlet -dryrun` on one folder: exit code, the services it printed, its complaints. */
function dryrun(dir: string): { status: number | null; services: Record<string, string>; complaints: string[] } {
  const r = inChroot(['env', `QUADLET_UNIT_DIRS=${dir}`, '/usr/libexec/podman/quadlet', '-dryrun']);
  const services: Record<string, string> = {};
  for (const part of r.stdout
    .split(/^---(.+?)---$/m)
    .slice(1)
    .reduce<string[][]>((acc, x, i) => (i % 2 ? (acc[acc.length - 1].push(x), acc) : [...acc, [x]]), []))
    services[part[0]] = part[1];
  return { status: r.status, services, complaints: quadletComplaints(r.stderr) };
}

/**
 * An ExecStart= line as systemd reads it (systemd.service(5), "Command lines"): specifiers first
 * (`%%` is `%`), then words split with quotes removed and C escapes applied, then `$$` is `$`.
 * Only the forms quadlet writes are handled; anything else fails the test.
 */
function systemdExecWords(line: string): string[] {
  assert.ok(!/%[^%]/.test(line.replace(/%%/g, '')), `a specifier left in ${line}`);
  const text = line.replace(/%%/g, '%');
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    let word = '';
    let quote = '';
    for (; i < text.length; i++) {
      const c = text[i];
      if (!quote && c === ' ') break;
      if (!quote && (c === '"' || c === "'")) quote = c;
      else if (quote && c === quote) quote = '';
      else if (c === '\\') {
        const n = text[++i];
        const simple: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', s: ' ' };
        if (n === 'x') {
          word += String.fromCharCode(parseInt(text.slice(i + 1, i + 3), 16));
          i += 2;
        } else {
          assert.ok(n in simple, `escape \\${n} in ${line}`);
          word += simple[n];
        }
      } else word += c;
    }
    assert.strictEqual(quote, '', `an unbalanced quote in ${line}`);
    assert.ok(!/\$(?!\$)/.test(word.replace(/\$\$/g, '')), `a variable systemd would substitute in ${word}`);
    words.push(word.replace(/\$\$/g, '$'));
  }
  return words;
}

const execStart = (service: string) => /^ExecStart=(.*)$/m.exec(service)?.[1].split(' ') ?? [];

const truth = (f: string) => readFileSync(join(ROOT, 'test/truth/manifests', f), 'utf8');

for (const target of TARGETS)
  describe(`Quadlet: exported units through ${target.name}'s quadlet`, function () {
    this.timeout(300_000);

    before(() => {
      CHROOT = target.root;
      VERSION = inChroot(['/usr/libexec/podman/quadlet', '-version']).stdout.trim();
      assert.match(VERSION, target.version);
    });
    after(() => rmSync(join(CHROOT, BASE), { recursive: true, force: true }));

    // The samples, each truth manifest that names a network or none, a --configmap file and extra arguments.
    const truthFiles = readdirSync(join(ROOT, 'test/truth/manifests'))
      .filter((f) => f.endsWith('.yml'))
      .sort()
      .slice(0, 12);
    interface Case {
      name: string;
      text: string;
      network?: string;
      configMaps?: string[];
      podmanArgs?: string[];
    }
    const cases: Case[] = [
      { name: 'valkey0', text: readFileSync(join(ROOT, 'samples/valkey0/play.yml'), 'utf8') },
      { name: 'valkey1', text: readFileSync(join(ROOT, 'samples/valkey1/play.yml'), 'utf8'), network: 'valkey1' },
      { name: 'configmap', text: truth(truthFiles.find((f) => /configmap/i.test(f)) ?? truthFiles[0]), configMaps: ['cm.yml'], podmanArgs: ['--publish-all', '--annotation=note=a b'] },
      { name: 'hostnet', text: readFileSync(join(ROOT, 'samples/valkey0/play.yml'), 'utf8'), network: 'host' },
      ...truthFiles.map((f) => ({ name: f.replace(/\.yml$/, ''), text: truth(f), network: /^# network: (\S+)/m.exec(truth(f))?.[1] })),
    ];

    for (const c of cases) {
      it(`${c.name}: passes quadlet -dryrun, and its ExecStart plays the file${c.network ? ` on ${c.network}` : ''}`, () => {
        const dirName = `export-${c.name}`;
        const yaml = `${BASE}/${dirName}/play.yml`;
        const configMaps = (c.configMaps ?? []).map((f) => `${BASE}/${dirName}/${f}`);
        const { units } = quadletUnits({ yaml, network: c.network, configMaps, podmanArgs: c.podmanArgs, name: c.name });
        const files: Record<string, string> = { 'play.yml': c.text, 'cm.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  k: v\n' };
        for (const u of units) files[u.file] = u.text;
        const dir = unitDir(dirName, files);
        const r = dryrun(dir);
        assert.deepStrictEqual([r.status, r.complaints], [0, []]);
        const start = execStart(r.services[`${c.name}.service`] ?? '');
        assert.deepStrictEqual(start.slice(0, 5), ['/usr/bin/podman', 'kube', 'play', '--replace', '--service-container=true']);
        assert.strictEqual(start[start.length - 1], yaml);
        const flag = (f: string) => start.flatMap((a, i) => (a === f ? [start[i + 1]] : []));
        assert.deepStrictEqual(flag('--network'), c.network ? [c.network] : []);
        assert.deepStrictEqual(flag('--configmap'), configMaps);
        if (c.podmanArgs) assert.ok(r.services[`${c.name}.service`].includes('--publish-all "--annotation=note=a b"') || start.includes('--publish-all'), r.services[`${c.name}.service`]);
        // Each unit our checker reads as quadlet does: nothing wrong in what we wrote.
        for (const u of units) {
          const kind = u.file.endsWith('.kube') ? 'kube' : 'network';
          const problems = checkUnit(u.text, { kind, version: VERSION, dir, exists: () => true, siblings: new Set(units.map((x) => x.file)) });
          assert.deepStrictEqual(problems, [], u.file);
        }
        if (c.network && c.network !== 'host') {
          assert.strictEqual(/^ExecStart=(.*)$/m.exec(r.services[`${c.network}-network.service`])?.[1], `/usr/bin/podman network create --ignore ${c.network}`);
          assert.ok(r.services[`${c.name}.service`].split('\n').includes(`Requires=${c.network}-network.service`));
        }
      });
    }

    it('valkey1: the generated commands create the network and play the pods on it; the counter rises through the pod name', () => {
      const dir = `${BASE}/export-valkey1`;
      const r = dryrun(dir);
      const network = execStart(r.services['valkey1-network.service']);
      const play = execStart(r.services['valkey1.service']);
      const down = /^ExecStopPost=(.*)$/m.exec(r.services['valkey1.service'])![1].split(' ');
      podman('pod', 'rm', '-f', '-t', '0', '--ignore', 'valkey1-server', 'valkey1-client');
      podman('network', 'rm', '-f', 'valkey1');
      // Its own subnet and bridge, so it cannot clash with the host podman's networks (the same
      // network namespace); the unit's `network create --ignore` then keeps it, as on a real host.
      assert.strictEqual(podman('network', 'create', '--subnet', target.subnet, '--interface-name', target.bridge, 'valkey1').status, 0);
      try {
        const created = inChroot(network);
        assert.strictEqual(created.status, 0, created.stderr);
        const played = inChroot(play, 120_000);
        assert.strictEqual(played.status, 0, played.stderr);
        const nets = JSON.parse(podman('pod', 'inspect', 'valkey1-client', '--format', '{{json .InfraConfig.Networks}}').stdout);
        assert.deepStrictEqual(nets, ['valkey1']);
        // The client's INCR answers, in its log (`podman exec` does not work inside this chroot's runc).
        const counter = () =>
          Math.max(
            0,
            ...podman('logs', 'valkey1-client-client')
              .stdout.split('\n')
              .filter((l) => /^\d+$/.test(l.trim()))
              .map(Number),
          );
        const deadline = Date.now() + 60_000;
        let first = 0;
        while ((first = counter()) < 1 && Date.now() < deadline) spawnSync('sleep', ['1']);
        let second = first;
        while ((second = counter()) <= first && Date.now() < deadline) spawnSync('sleep', ['1']);
        assert.ok(second > first && first >= 1, `counter ${first} then ${second}`);
        assert.strictEqual(inChroot(down).status, 0);
        assert.notStrictEqual(podman('pod', 'exists', 'valkey1-server').status, 0);
      } finally {
        podman('pod', 'rm', '-f', '-t', '0', '--ignore', 'valkey1-server', 'valkey1-client');
        podman('pod', 'rm', '-f', '-t', '0', '--ignore', '--all');
        podman('network', 'rm', '-f', 'valkey1');
      }
    });

    it("hostile paths and arguments (\\, \", ', $, ${X}, $$, %, spaces): the service's ExecStart names exactly the files exported, and systemd-analyze verify accepts it", () => {
      const dirName = 'export-hostile';
      const inside = `${BASE}/${dirName}/we\\ird "dir" $HOME ${'${X}'} $$ 100%`;
      const yaml = `${inside}/it's a\\b.yml`;
      const configMaps = [`${inside}/c"m.yml`, `${inside}/$Y %h.yml`, `${inside}/ends-in\\`];
      const podmanArgs = ['--annotation=k=a b"c\\d$Z%h', '--log-level=info'];
      const { units } = quadletUnits({ yaml, configMaps, podmanArgs, name: 'hostile', podmanVersion: VERSION });
      const outside = join(CHROOT, inside);
      rmSync(join(CHROOT, BASE, dirName), { recursive: true, force: true });
      mkdirSync(outside, { recursive: true });
      for (const f of [yaml, ...configMaps]) writeFileSync(join(CHROOT, f), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n');
      for (const u of units) writeFileSync(join(outside, u.file), u.text);
      const r = dryrun(inside);
      assert.deepStrictEqual([r.status, r.complaints], [0, []]);
      const service = r.services['hostile.service'];
      const words = systemdExecWords(/^ExecStart=(.*)$/m.exec(service)![1]);
      assert.strictEqual(words[words.length - 1], yaml, service);
      const flag = (f: string) => words.flatMap((a, i) => (a === f ? [words[i + 1]] : []));
      assert.deepStrictEqual(flag('--configmap'), configMaps);
      assert.ok(words.includes(podmanArgs[0]) && words.includes(podmanArgs[1]), JSON.stringify(words));
      // Read back as the editor's play settings, the unit says what the generator made of it.
      const read = unitPlay(units.find((u) => u.file === 'hostile.kube')!.text, inside, () => undefined);
      assert.deepStrictEqual([read?.yaml, read?.configMaps, read?.podmanArgs], [yaml, configMaps, podmanArgs]);
      // systemd itself on the generated service: no complaint (an unbalanced quote or bad escape would be one).
      const verifyDir = mkdtempSync(join(tmpdir(), 'pk-verify-'));
      try {
        writeFileSync(join(verifyDir, 'hostile.service'), service);
        const v = spawnSync('systemd-analyze', ['verify', '--man=no', join(verifyDir, 'hostile.service')], { encoding: 'utf8' });
        assert.deepStrictEqual([v.status, `${v.stdout}${v.stderr}`.split('\n').filter((l) => l.includes('hostile'))], [0, []], v.stderr);
      } finally {
        rmSync(verifyDir, { recursive: true, force: true });
      }
    });

    it("samples/valkey1's committed unit: the generator plays play.yml on valkey1, and the editor reads the same", () => {
      const files = Object.fromEntries(['valkey1.kube', 'valkey1.network', 'play.yml'].map((f) => [f, readFileSync(join(ROOT, 'samples', 'valkey1', f), 'utf8')]));
      const dir = unitDir('sample-valkey1', files);
      const r = dryrun(dir);
      assert.deepStrictEqual([r.status, r.complaints], [0, []]);
      const words = execStart(r.services['valkey1.service']);
      const read = unitPlay(files['valkey1.kube'], dir, (f) => files[f]);
      assert.deepStrictEqual([words[words.indexOf('--network') + 1], words[words.length - 1]], ['valkey1', `${dir}/play.yml`]);
      assert.deepStrictEqual([read?.network, read?.yaml], ['valkey1', `${dir}/play.yml`]);
    });

    // `podman quadlet` (5.6+) is what Export's "Install" runs. Every subcommand but print asks
    // systemd over D-Bus first, and this machine runs no systemd: install stops there, before it
    // copies anything (shown here); that it copies and reloads on a host with systemd is not.
    if (target.root.endsWith('/sid'))
      it('podman quadlet: install stops at systemd (none here) having written nothing; print reads an exported unit from the unit folder', () => {
        const { units } = quadletUnits({ yaml: `${BASE}/export-install/play.yml`, name: 'pkinstall' });
        const kube = units.find((u) => u.file === 'pkinstall.kube')!;
        const dir = unitDir('export-install', { 'play.yml': readFileSync(join(ROOT, 'samples/valkey0/play.yml'), 'utf8'), [kube.file]: kube.text });
        const system = join(CHROOT, 'etc/containers/systemd');
        const before = readdirSync(system).sort();
        const install = podman('quadlet', 'install', '--reload-systemd=false', `${dir}/${kube.file}`, `${dir}/play.yml`);
        assert.deepStrictEqual([install.status, install.stderr.trim(), readdirSync(system).sort()], [125, 'Error: connecting to systemd dbus: dial unix /run/systemd/private: connect: no such file or directory', before]);
        writeFileSync(join(system, kube.file), kube.text);
        try {
          const print = podman('quadlet', 'print', kube.file);
          assert.deepStrictEqual([print.status, print.stdout], [0, kube.text]);
        } finally {
          rmSync(join(system, kube.file), { force: true });
        }
      });

    it('a unit name past 255 bytes with .service: quadlet fails to write it, and our export refuses it first', () => {
      const name = 'n'.repeat(250);
      const dir = unitDir('export-long', { 'play.yml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n', [`${name}.kube`]: `[Kube]\nYaml=play.yml\n` });
      const r = inChroot(['env', `QUADLET_UNIT_DIRS=${dir}`, '/usr/libexec/podman/quadlet', '-no-kmsg-log', join('/tmp', 'pk-quadlet-out')]);
      assert.match(`${r.stderr}`, /file name too long/i);
      assert.throws(() => quadletUnits({ yaml: `${dir}/play.yml`, name }), /the unit name is too long/);
    });

    describe('each unit-file rule agrees with the generator: an error where it refuses, none where it accepts', () => {
      const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: q\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n';
      const kube = (extra: string) => `[Kube]\nYaml=play.yml\n${extra}`;
      const rules: { name: string; file: string; text: string; siblings?: Record<string, string> }[] = [
        {
          name: 'a good unit',
          file: 'a.kube',
          text: kube('Network=n.network\nConfigMap=play.yml\nPublishPort=8080:80/tcp\nKubeDownForce=yes\nSetWorkingDirectory=yaml\nPodmanArgs=--log-level=info\n'),
          siblings: { 'n.network': '[Network]\nNetworkName=pkq-n\n' },
        },
        { name: 'an unknown key', file: 'a.kube', text: kube('Netwrk=n\n') },
        { name: 'no Yaml=', file: 'a.kube', text: '[Kube]\nNetwork=host\n' },
        { name: 'a line that is not a pair', file: 'a.kube', text: '[Kube]\nYaml play.yml\n' },
        { name: 'SetWorkingDirectory=file', file: 'a.kube', text: kube('SetWorkingDirectory=file\n') },
        { name: 'a .network unit that is not there', file: 'a.kube', text: kube('Network=nosuch.network\n') },
        { name: 'a key newer than 5.4 (InterfaceName, 5.6)', file: 'a.network', text: '[Network]\nNetworkName=pkq-x\nInterfaceName=pkq0\n' },
        { name: 'a misspelt network key', file: 'a.network', text: '[Network]\nNetworkNme=pkq-x\n' },
        { name: 'PublishPort=abc (podman refuses it at start, from 5.3)', file: 'a.kube', text: kube('PublishPort=abc\n') },
        { name: 'KubeDownForce=maybe (read as false)', file: 'a.kube', text: kube('KubeDownForce=maybe\n') },
        { name: 'a Yaml= file that is not there (fails at start)', file: 'a.kube', text: '[Kube]\nYaml=gone.yml\n' },
        { name: 'ExitCodePropagation=some (podman refuses it at start)', file: 'a.kube', text: kube('ExitCodePropagation=some\n') },
      ];
      for (const [i, rule] of rules.entries()) {
        it(rule.name, () => {
          const dir = unitDir(`rule-${i}`, { 'play.yml': yaml, [rule.file]: rule.text, ...rule.siblings });
          const r = dryrun(dir);
          const kind = rule.file.endsWith('.kube') ? 'kube' : 'network';
          const ours = checkUnit(rule.text, { kind, version: VERSION, dir, exists: (p) => p === `${dir}/play.yml`, siblings: new Set(Object.keys(rule.siblings ?? {})) });
          const errors = ours.filter((p) => p.severity === 'error');
          const refused = r.complaints.filter((l) => l.includes(`converting "${rule.file}"`) || l.includes(`loading "${dir}/${rule.file}"`));
          assert.strictEqual(errors.length > 0, refused.length > 0, `ours: ${JSON.stringify(ours)}\nquadlet (exit ${r.status}): ${r.complaints.join('\n')}`);
          assert.strictEqual(r.status, refused.length ? 1 : 0);
        });
      }
    });
  });

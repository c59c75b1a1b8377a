// The truth suite: every manifest in test/truth/manifests is played for real on podman 4.3.1
// (the host's), 5.4.2 (Debian 13's) and 5.8.x (Debian sid's), the last two in chroots
// (scripts/setup-podman-chroots.sh), and what podman did is compared with what the model predicts
// for that version: the outcome (plays, fails, hangs), each pod's name, containers, published
// host ports and network. A failure or hang must be predicted by an error on the line marked
// `# podman stops here`; a play that works must get no error at all. Any disagreement fails the
// suite; one table with a column per version is printed at the end.
// The manifests marked `# remote` (and `# remote only`) are played again by the remote client, as
// on macOS and Windows: through a `podman system service` of 4.3.1 and of 5.8.x started here.
// Those marked `# rootless` are played by 4.3.1 as a user with subordinate ids (scripts/setup-rootless.sh).
import * as assert from 'assert';
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseManifest, report, type PredictedPod, type Report } from '../../src/model';
import { readPlayArgs } from '../../src/model/playArgs';

const root = join(__dirname, '..', '..', '..');
const MANIFESTS = join(root, 'test/truth/manifests');
/** A play still running after this never ends: a local play of these files takes ~1-3 s. */
const HANG_MS = 20_000;
const STOPS_HERE = /#\s*podman stops here/;

interface Podman {
  label: string;
  cmd: string;
  prefix: string[];
  /** The user network the manifests marked `# network: truth` play on, with its own subnet and bridge. */
  subnet: string;
  /** 4.3.1 has no --interface-name: its bridge is podmanN, and the chroots' are named apart from it. */
  bridge?: string;
  /** Played by the remote client through a service on this socket: its path as that podman sees it, and as this machine does. */
  remote?: { socket: string; onHost: string; root: string };
  /** Podman as a user (scripts/podman-rootless): only the manifests marked `# rootless` are played. */
  rootless?: boolean;
}

const CHROOTS = process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube';
/** The rootless podman here runs on this kernel: its sysctl, as the extension reads it. */
const portStart = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
const PODMANS: Podman[] = [
  { label: 'host', cmd: 'podman', prefix: [], subnet: '10.231.0.0/24' },
  { label: 'trixie chroot', cmd: join(root, 'scripts/podman5'), prefix: [], subnet: '10.232.0.0/24', bridge: 'pktruth54' },
  { label: 'sid chroot', cmd: join(root, 'scripts/podman58'), prefix: [], subnet: '10.233.0.0/24', bridge: 'pktruth58' },
  { label: 'host, remote', cmd: 'podman', prefix: [], subnet: '10.231.0.0/24', remote: { socket: '/tmp/pk-truth-remote.sock', onHost: '/tmp/pk-truth-remote.sock', root: '/' } },
  { label: 'host, rootless', cmd: join(root, 'scripts/podman-rootless'), prefix: [], subnet: '10.234.0.0/24', rootless: true },
  {
    label: 'sid chroot, remote',
    cmd: join(root, 'scripts/podman58'),
    prefix: [],
    subnet: '10.233.0.0/24',
    bridge: 'pktruth58',
    remote: { socket: '/run/pk-truth-remote.sock', onHost: join(CHROOTS, 'sid/run/pk-truth-remote.sock'), root: join(CHROOTS, 'sid') },
  },
];

/** `podman system service` on the socket, ready when the socket exists; stopped by its pid. */
async function startService(p: Podman): Promise<ChildProcess> {
  const { socket, onHost } = p.remote!;
  spawnSync('rm', ['-f', onHost]);
  const service = spawn(p.cmd, ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(onHost); i++) await new Promise((r) => setTimeout(r, 100));
  if (!existsSync(onHost)) throw new Error(`podman system service made no socket at ${onHost}`);
  return service;
}

/** Each manifest's verdict per podman version, printed as one table when every version has played. */
const verdicts = new Map<string, Record<string, { did: string; agree: boolean }>>();
const versions: string[] = [];
after(() => {
  const cell = (v: { did: string; agree: boolean } | undefined) => (v ? `${v.did}${v.agree ? '' : ' ✗ the model disagrees'}` : 'not played');
  console.log(`\n      ${versions.map((v) => `podman ${v}: ${[...verdicts.values()].filter((r) => r[v]?.agree).length} of ${[...verdicts.values()].filter((r) => r[v]).length} agree`).join('; ')}`);
  console.table([...verdicts].map(([manifest, r]) => ({ manifest, ...Object.fromEntries(versions.map((v) => [v, cell(r[v])])) })));
  // The same as Markdown, for the README's table.
  const md = [
    `| manifest | ${versions.map((v) => `podman ${v}`).join(' | ')} |`,
    `|---|${versions.map(() => '---|').join('')}`,
    ...[...verdicts].map(([f, r]) => `| [\`${f}\`](test/truth/manifests/${f}) | ${versions.map((v) => cell(r[v]).replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
  writeFileSync(join(root, 'out', 'truth-table.md'), md.join('\n') + '\n');
});

interface Real {
  outcome: Report['outcome'];
  error?: string;
  pods: PredictedPod[];
}

function podman(p: Podman, args: string[], local = false): string {
  const r = spawnSync(p.cmd, [...(local ? [] : p.prefix), ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Plays `text` through stdin; 'hangs' when it has not returned after HANG_MS. */
function play(p: Podman, text: string, network: string | undefined, args: string[]): Promise<{ outcome: Real['outcome']; error?: string; stderr?: string }> {
  return new Promise((resolve) => {
    const child = spawn(p.cmd, [...p.prefix, 'kube', 'play', ...(network ? ['--network', network] : []), ...args, '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve({ outcome: 'hangs' });
    }, HANG_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const error = stderr
        .split('\n')
        .filter((l) => l.startsWith('Error:'))
        .pop();
      resolve(code === 0 ? { outcome: 'plays' } : { outcome: 'fails', error: error ?? `exit ${code}: ${stderr.trim().split('\n').pop()}`, stderr });
    });
    child.stdin.end(text);
  });
}

/** What podman left: each pod with its containers (infra excluded), host ports and network. */
function realPods(p: Podman): PredictedPod[] {
  const names = podman(p, ['pod', 'ps', '--format', '{{.Name}}']).split('\n').filter(Boolean);
  return names.sort().map((name) => {
    const raw = JSON.parse(podman(p, ['pod', 'inspect', name]));
    const pod = Array.isArray(raw) ? raw[0] : raw;
    const infra = pod.InfraContainerID;
    const bindings: Record<string, { HostPort: string }[] | null> = pod.InfraConfig?.PortBindings ?? {};
    const hostPorts = Object.entries(bindings).flatMap(([key, list]) => (list ?? []).map((b) => `${b.HostPort}/${key.split('/')[1]}`));
    return {
      name,
      containers: (pod.Containers as { Id: string; Name: string }[])
        .filter((c) => c.Id !== infra)
        .map((c) => c.Name)
        .sort(),
      hostPorts: hostPorts.sort(),
      network: pod.InfraConfig?.HostNetwork ? 'host' : (pod.InfraConfig?.Networks ?? []).join(','),
    };
  });
}

/** The first line a container logs, waited for up to 10 s. */
async function firstLog(p: Podman, container: string): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const line = podman(p, ['logs', container]).split('\n')[0].trim();
    if (line) return line;
    await new Promise((r) => setTimeout(r, 200));
  }
  return 'nothing logged';
}

function cleanUp(p: Podman): void {
  podman(p, ['pod', 'rm', '-a', '-f', '-t', '0']);
  podman(p, ['volume', 'rm', '-a', '-f']);
  podman(p, ['secret', 'rm', '--all']);
}

/** What podman made, short: `pod (container, ...) · 6379/tcp`, one pod after another. */
const brief = (pods: PredictedPod[]) => pods.map((x) => `${x.name} (${x.containers.join(', ')})${x.hostPorts.length ? ` · ${x.hostPorts.join(' ')}` : ''}`).join('; ') || 'no pod';
const show = (pods: PredictedPod[]) => pods.map((x) => `${x.name}[${x.containers.join(' ')}] ${x.hostPorts.join(' ') || '-'} @${x.network}`).join('; ') || 'no pod';

for (const p of PODMANS) {
  describe(`Truth: the model against real podman (${p.label})`, function () {
    this.timeout(60 * 60_000);
    let version = '';
    let column = '';
    let service: ChildProcess | undefined;

    before(async () => {
      if (p.remote) {
        service = await startService(p);
        p.prefix = ['--url', `unix://${p.remote.socket}`];
      }
      // The server's version: the one the model follows.
      version = podman(p, ['version', '--format', p.remote ? '{{.Server.Version}}' : '{{.Client.Version}}']).trim();
      column = p.remote ? `${version} remote` : p.rootless ? `${version} rootless` : version;
      cleanUp(p);
      versions.push(column);
      // Every podman here shares the host's network namespace: each truth network has its own bridge
      // (made by the local client: 4.3.1's remote one has no --interface-name).
      podman(p, ['network', 'rm', '-f', 'truth'], true);
      podman(p, ['network', 'create', '--subnet', p.subnet, ...(p.bridge ? ['--interface-name', p.bridge] : []), 'truth'], true);
    });
    after(() => {
      try {
        cleanUp(p);
      } finally {
        service?.kill();
      }
    });

    for (const file of readdirSync(MANIFESTS)
      .filter((f) => f.endsWith('.yml'))
      .sort()) {
      const text = readFileSync(join(MANIFESTS, file), 'utf8');
      const marked = /^# remote( only)?$/m.exec(text);
      const rootlessOnly = /^# rootless( only)?$/m.exec(text);
      if (p.rootless ? !rootlessOnly : p.remote ? !marked : marked?.[1] || rootlessOnly?.[1]) continue;
      it(file, async () => {
        const network = /^# network: (\S+)/m.exec(text)?.[1];
        // The suite's podman has no secrets (cleanUp removes them) and gets no --configmap files.
        // `# args: ...`: more arguments of the play, given to podman and read by the model as the CLI reads them.
        const args = /^# args: (.+)$/m.exec(text)?.[1].trim().split(/\s+/) ?? [];
        const { publishAll, noPodPrefix, flags } = readPlayArgs(args);
        const manifest = parseManifest(text, { podmanVersion: version, network, publishAll, noPodPrefix, flags, remote: !!p.remote, rootless: p.rootless, unprivilegedPortStart: p.rootless ? portStart : undefined, secrets: [], configMaps: [] });
        // Compared through what `check --format json` prints: the prediction as scripts see it.
        const r = report(file, manifest);
        const predicted = {
          outcome: r.outcome,
          cause: r.problems.find((x) => x.stops === 'hangs') ?? r.problems.find((x) => x.stops === 'fails'),
          pods: r.pods
            .map((pod) => ({
              name: pod.name,
              containers: pod.containers
                .filter((c) => !c.init)
                .map((c) => c.name)
                .sort(),
              hostPorts: [...new Set(pod.ports.map((x) => `${x.hostPort}/${x.protocol}`))].sort(),
              network: pod.network,
            }))
            .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
        };
        // `# creates: PATH`: a hostPath the play creates, on the machine podman runs on (for a
        // remote client, the service's: here the chroot's filesystem, not this one).
        const creates = /^# creates: (\S+)$/m.exec(text)?.[1];
        const machine = (path: string) => join(p.remote?.root ?? '/', path);
        if (creates) for (const at of new Set([creates, machine(creates)])) rmSync(at, { recursive: true, force: true });
        let did = await play(p, text, network, args);
        // Seen twice in ~1,000 plays on this loaded 2-core host, never when repeated: a pod the model
        // says plays "failed to start" on 5.4.2. Such a play is tried twice more, afresh, and the
        // table says so with podman's words; one that fails every time is a disagreement.
        const flaky: string[] = [];
        for (let again = 0; again < 2 && predicted.outcome === 'plays' && did.outcome === 'fails' && /failed to start \d+ containers/.test(did.error ?? ''); again++) {
          flaky.push((did.stderr ?? '').trim().split('\n').slice(-4).join(' | '));
          cleanUp(p);
          did = await play(p, text, network, args);
        }
        if (flaky.length) console.log(`      ${file} on ${column}: ${flaky.length} start failure(s) before this play: ${flaky.join(' || ')}`);
        const created = creates && { onMachine: existsSync(machine(creates)), here: existsSync(creates) };
        const real: Real = { ...did, pods: realPods(p) };
        // `# sees: CONTAINER PATH`: what the container finds at a mount's path (it logs `directory`,
        // `file` or `missing`), where the model warns that podman ignores subPath and mounts the
        // whole volume there (a directory).
        const sees = /^# sees: (\S+) (\S+)$/m.exec(text);
        let found: string | undefined;
        try {
          if (sees && real.outcome === 'plays') found = await firstLog(p, sees[1]);
        } finally {
          cleanUp(p);
        }
        const errors = manifest.problems.filter((x) => x.severity === 'error');
        const stopLine = text.split('\n').findIndex((l) => STOPS_HERE.test(l));
        const wrong: string[] = [];
        if (real.outcome !== predicted.outcome) wrong.push(`podman ${real.outcome}${real.error ? ` (${real.error})` : ''}, the model says it ${predicted.outcome}`);
        if (real.outcome === 'plays') {
          if (show(real.pods) !== show(predicted.pods)) wrong.push(`podman made ${show(real.pods)}; the model says ${show(predicted.pods)}`);
          if (errors.length) wrong.push(`the play works, yet the model reports errors: ${errors.map((e) => `line ${e.range.start.line + 1}: ${e.message}`).join(' | ')}`);
        } else {
          if (predicted.cause && predicted.cause.range.start.line !== stopLine) wrong.push(`the model's error is on line ${predicted.cause.range.start.line + 1}, podman stops at line ${stopLine + 1}`);
          // What podman made before it stopped (pods and their containers), where the model says.
          const left = (pods: { name: string; containers: string[] }[]) => pods.map((x) => `${x.name}[${x.containers.join(' ')}]`).join('; ') || 'no pod';
          if (r.left && left(real.pods) !== left(r.left)) wrong.push(`podman stopped having made ${left(real.pods)}; the model says ${left(r.left)}`);
        }
        if (created && p.remote) {
          if (!created.onMachine) wrong.push(`${creates} was not created on the service's machine`);
          if (p.remote.root !== '/' && created.here) wrong.push(`${creates} was created on this machine, not the service's`);
          if (!manifest.problems.some((x) => x.code === 'remote-host-path')) wrong.push(`the model does not say that ${creates} is the service's machine's path`);
        }
        if (found) {
          const warned = manifest.problems.some((x) => x.code === 'unsupported-field' && x.severity === 'warning' && x.message.includes('`subPath`'));
          if ((found === 'directory') !== warned) wrong.push(`${sees![2]} is a ${found} in the container; the model ${warned ? 'warns it is a directory' : 'says nothing'}`);
        }
        // A play that stops: podman's words, and what it left behind (what the diagram should show as made).
        const made =
          (flaky.length ? `(${flaky.length} start failure(s) first) ` : '') +
          (real.outcome === 'plays' ? brief(real.pods) + (found ? ` · ${sees![2]}: ${found}` : '') : `${real.outcome}${real.error ? `: ${real.error.replace(/^Error: /, '').slice(0, 60)}` : ''}${real.pods.length ? `; left ${brief(real.pods)}` : ''}`);
        verdicts.set(file, { ...verdicts.get(file), [column]: { did: made, agree: !wrong.length } });
        assert.deepStrictEqual(wrong, []);
      });
    }
  });
}

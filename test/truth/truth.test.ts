// The truth suite: every manifest in test/truth/manifests is played for real on podman 4.3.1
// (the host's) and podman 5.4.2 (Debian 13's, in a chroot: scripts/setup-podman5.sh), and what
// podman did is compared with what the model predicts for that version: the outcome (plays,
// fails, hangs), each pod's name, containers, published host ports and network. A failure or
// hang must be predicted by an error on the line marked `# podman stops here`; a play that works
// must get no error at all. Any disagreement fails the suite; a table per version is printed.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseManifest, predictPlay, type PredictedPod, type Prediction } from '../../src/model';

const root = join(__dirname, '..', '..', '..');
const MANIFESTS = join(root, 'test/truth/manifests');
/** A play still running after this never ends: a local play of these files takes ~1-3 s. */
const HANG_MS = 20_000;
const STOPS_HERE = /#\s*podman stops here/;

interface Podman {
  label: string;
  cmd: string;
  prefix: string[];
  /** The user network the manifests marked `# network: truth` play on, with its own subnet. */
  subnet: string;
}

const PODMANS: Podman[] = [
  { label: 'host', cmd: 'podman', prefix: [], subnet: '10.231.0.0/24' },
  { label: 'chroot', cmd: join(root, 'scripts/podman5'), prefix: [], subnet: '10.232.0.0/24' },
];

interface Real {
  outcome: Prediction['outcome'];
  error?: string;
  pods: PredictedPod[];
}

function podman(p: Podman, args: string[]): string {
  const r = spawnSync(p.cmd, [...p.prefix, ...args], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`podman ${args.join(' ')}: ${r.stderr || r.error}`);
  return r.stdout;
}

/** Plays `text` through stdin; 'hangs' when it has not returned after HANG_MS. */
function play(p: Podman, text: string, network?: string): Promise<{ outcome: Real['outcome']; error?: string }> {
  return new Promise((resolve) => {
    const child = spawn(p.cmd, [...p.prefix, 'kube', 'play', ...(network ? ['--network', network] : []), '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
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
      resolve(code === 0 ? { outcome: 'plays' } : { outcome: 'fails', error: error ?? `exit ${code}: ${stderr.trim().split('\n').pop()}` });
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

function cleanUp(p: Podman): void {
  podman(p, ['pod', 'rm', '-a', '-f', '-t', '0']);
  podman(p, ['volume', 'rm', '-a', '-f']);
  podman(p, ['secret', 'rm', '--all']);
}

const show = (pods: PredictedPod[]) => pods.map((x) => `${x.name}[${x.containers.join(' ')}] ${x.hostPorts.join(' ') || '-'} @${x.network}`).join('; ') || 'no pod';

for (const p of PODMANS) {
  describe(`Truth: the model against real podman (${p.label})`, function () {
    this.timeout(60 * 60_000);
    let version = '';
    const rows: Record<string, string>[] = [];

    before(() => {
      version = podman(p, ['version', '--format', '{{.Client.Version}}']).trim();
      cleanUp(p);
      if (spawnSync(p.cmd, [...p.prefix, 'network', 'exists', 'truth']).status !== 0) podman(p, ['network', 'create', '--subnet', p.subnet, 'truth']);
    });
    after(() => {
      cleanUp(p);
      console.log(`\n      podman ${version}: ${rows.filter((r) => r.agree === 'yes').length} of ${rows.length} manifests agree`);
      console.table(rows);
    });

    for (const file of readdirSync(MANIFESTS)
      .filter((f) => f.endsWith('.yml'))
      .sort()) {
      it(file, async () => {
        const text = readFileSync(join(MANIFESTS, file), 'utf8');
        const network = /^# network: (\S+)/m.exec(text)?.[1];
        // The suite's podman has no secrets (cleanUp removes them) and gets no --configmap files.
        const manifest = parseManifest(text, { podmanVersion: version, network, secrets: [], configMaps: [] });
        const predicted = predictPlay(manifest);
        const did = await play(p, text, network);
        const real: Real = { ...did, pods: realPods(p) };
        cleanUp(p);
        const errors = manifest.problems.filter((x) => x.severity === 'error');
        const stopLine = text.split('\n').findIndex((l) => STOPS_HERE.test(l));
        const wrong: string[] = [];
        if (real.outcome !== predicted.outcome) wrong.push(`podman ${real.outcome}${real.error ? ` (${real.error})` : ''}, the model says it ${predicted.outcome}`);
        if (real.outcome === 'plays') {
          if (show(real.pods) !== show(predicted.pods)) wrong.push(`podman made ${show(real.pods)}; the model says ${show(predicted.pods)}`);
          if (errors.length) wrong.push(`the play works, yet the model reports errors: ${errors.map((e) => `line ${e.range.start.line + 1}: ${e.message}`).join(' | ')}`);
        } else if (predicted.cause && predicted.cause.range.start.line !== stopLine) {
          wrong.push(`the model's error is on line ${predicted.cause.range.start.line + 1}, podman stops at line ${stopLine + 1}`);
        }
        rows.push({
          manifest: file,
          podman: real.outcome === 'plays' ? show(real.pods) : `${real.outcome}${real.error ? `: ${real.error.slice(0, 90)}` : ''}`,
          model: predicted.outcome === 'plays' ? 'same' : `${predicted.outcome} (line ${(predicted.cause?.range.start.line ?? -1) + 1})`,
          agree: wrong.length ? 'NO' : 'yes',
        });
        assert.deepStrictEqual(wrong, []);
      });
    }
  });
}

// The live state's pure parts on podman's real output: listings and events captured from podman
// 4.3.1 and 5.4.2 playing samples/valkey0 (and valkey1 on 5.4.2), then `podman stop` of the client.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { drift, groupPods, normaliseImage } from '../../src/live/match';
import { applyEvent, parseEvent, parsePods, podStatus, type LivePod } from '../../src/live/state';
import { parseManifest, publishedPorts, publishesAll } from '../../src/model';
import type { PodSummary } from '../../src/reader/modelReader';

const ROOT = join(__dirname, '..', '..', '..');
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/podman/live', name), 'utf8');
const listing = (version: string) => parsePods(fixture(`pods-${version}.json`), fixture(`containers-${version}.json`));
const events = (version: string) =>
  fixture(`events-${version}.jsonl`)
    .split('\n')
    .filter(Boolean)
    .map((l) => parseEvent(l)!);

/** The worker's summary of a manifest's pods (src/reader/modelWorker.ts), for a version. */
function summary(text: string, podmanVersion: string): PodSummary[] {
  const m = parseManifest(text, { podmanVersion });
  return m.pods.map((p) => ({
    name: p.name,
    lines: [p.range.start.line, p.range.end.line],
    nameAt: [p.nameRange.start.line, p.nameRange.start.character],
    published: publishedPorts(p, publishesAll(podmanVersion)).map((x) => `${x.hostPort}:${x.port.containerPort}/${x.port.protocol.toLowerCase()}`),
    containers: p.containers.map((c) => ({ name: c.name, podmanName: c.podmanName, image: c.image, init: c.init, command: c.command, args: c.args, nameAt: [0, 0] })),
  }));
}
const VALKEY0 = readFileSync(join(ROOT, 'samples/valkey0/play.yml'), 'utf8');
const VALKEY1 = readFileSync(join(ROOT, 'samples/valkey1/play.yml'), 'utf8');
const brief = (pods: readonly LivePod[]) => pods.map((p) => `${p.name} ${p.status}: ${p.containers.map((c) => `${c.name} ${c.state}${c.exitCode !== undefined ? ` ${c.exitCode}` : ''}`).join(', ')}`);

describe('live state from podman output', () => {
  it('4.3.1: the pod, its containers without infra, the exit code, the ports of the pod', () => {
    const pods = listing('4.3.1');
    // valkey1-server: a play that failed (its network did not exist) left the pod, with no container.
    assert.deepStrictEqual(brief(pods), ['valkey1-server Created: ', 'valkey0 Degraded: valkey0-server running, valkey0-client exited 137']);
    assert.deepStrictEqual(
      pods[1].ports.map((p) => `${p.hostPort}:${p.containerPort}/${p.protocol}`),
      ['6379:6379/tcp'],
    );
    assert.deepStrictEqual(pods[1].networks, ['podman-default-kube-network']);
    assert.strictEqual(pods[1].containers[0].restarts, undefined); // 4.3 does not count them
    assert.ok(pods[1].containers[0].startedAt! > 1.7e9);
  });

  it('5.4.2: three pods, two on valkey1; restarts counted; no host port without hostPort', () => {
    const pods = listing('5.4.2');
    assert.deepStrictEqual(brief(pods).sort(), ['valkey0 Degraded: valkey0-server running, valkey0-client exited 137', 'valkey1-client Running: valkey1-client-client running', 'valkey1-server Running: valkey1-server-server running']);
    assert.deepStrictEqual(pods.find((p) => p.name === 'valkey1-server')!.networks, ['valkey1']);
    assert.strictEqual(pods[0].containers[0].restarts, 0);
    assert.deepStrictEqual(
      pods.flatMap((p) => p.ports),
      [],
    );
  });

  it('events of both versions parse: type, status, name, exit code, time', () => {
    for (const version of ['4.3.1', '5.4.2']) {
      const died = events(version).find((e) => e.status === 'died')!;
      assert.deepStrictEqual([died.type, died.name, died.exitCode], ['container', 'valkey0-client', 137], version);
      assert.ok(died.time > 1.7e9 && died.time < 2e9, `${version}: ${died.time}`);
    }
    assert.strictEqual(parseEvent('not json'), undefined);
    assert.strictEqual(parseEvent('{"Status": 3}'), undefined);
  });

  it('applying the stop events to a running pod gives what podman lists afterwards', () => {
    for (const version of ['4.3.1', '5.4.2']) {
      const after = listing(version).filter((p) => p.name === 'valkey0');
      // The same pod before the stop: every container running.
      const before: LivePod[] = JSON.parse(JSON.stringify(after));
      for (const c of before[0].containers) Object.assign(c, { state: 'running', exitCode: undefined });
      before[0].status = 'Running';
      const stop = events(version).filter((e) => e.name === 'valkey0-client' && ['stop', 'died', 'cleanup'].includes(e.status));
      assert.ok(stop.length >= 2, version);
      const effects = stop.map((e) => applyEvent(before, e));
      assert.ok(effects.includes('changed'), version);
      assert.deepStrictEqual(brief(before), brief(after), version);
    }
  });

  it('a created or removed container, or a pod event, needs a listing; other types do not', () => {
    const pods = listing('5.4.2');
    const create = events('5.4.2').find((e) => e.status === 'create' && e.type === 'container')!;
    assert.strictEqual(applyEvent(pods, create), 'unknown');
    assert.strictEqual(applyEvent(pods, { ...create, type: 'pod', status: 'remove' }), 'unknown');
    assert.strictEqual(applyEvent(pods, { ...create, type: 'image', status: 'pull' }), 'unchanged');
    assert.strictEqual(applyEvent(pods, { ...create, status: 'exec_died' }), 'unchanged');
  });

  it("the pod's status follows podman's rule, the infra container included", () => {
    const pod = listing('4.3.1')[1];
    for (const c of pod.containers) c.state = 'exited';
    assert.strictEqual(podStatus(pod), 'Degraded'); // infra still runs
    pod.infra!.state = 'exited';
    assert.strictEqual(podStatus(pod), 'Exited');
    pod.containers[0].state = 'created';
    assert.strictEqual(podStatus(pod), 'Stopped');
  });
});

describe('live pods matched to manifests', () => {
  it('groups each pod under the file that names it, for the version; others apart', () => {
    const pods = listing('5.4.2');
    const g = groupPods(pods, [{ uri: 'file:///w/valkey1/play.yml', pods: summary(VALKEY1, '5.4.2') }]);
    assert.deepStrictEqual(
      g.files.map((f) => [f.uri, f.pods.map((p) => p.live.name).sort()]),
      [['file:///w/valkey1/play.yml', ['valkey1-client', 'valkey1-server']]],
    );
    assert.deepStrictEqual(
      g.other.map((p) => p.live.name),
      ['valkey0'],
    );
    assert.deepStrictEqual(
      g.files[0].pods.map((p) => p.drift),
      [[], []],
    );
  });

  it('a name in two files goes to the file it was played from', () => {
    const pods = listing('4.3.1');
    const files = [
      { uri: 'file:///a.yml', pods: summary(VALKEY0, '4.3.1') },
      { uri: 'file:///b.yml', pods: summary(VALKEY0, '4.3.1') },
    ];
    assert.strictEqual(groupPods(pods, files).files[0].uri, 'file:///a.yml');
    assert.strictEqual(groupPods(pods, files, { valkey0: { uri: 'file:///b.yml', pod: files[1].pods[0] } }).files[0].uri, 'file:///b.yml');
  });

  it('drift: an image rebuilt since the play (the same name, another ID); a short name matches localhost/', () => {
    const live = listing('5.4.2').find((p) => p.name === 'valkey0')!;
    const server = live.containers.find((c) => c.name === 'valkey0-server')!;
    const model = summary(VALKEY0, '5.4.2')[0];
    const image = (id: string) => [{ id, names: ['docker.io/valkey/valkey:8'] }];
    for (const c of live.containers) c.imageId = 'a'.repeat(64);
    assert.deepStrictEqual(drift(model, live, undefined, image('a'.repeat(64))), []);
    assert.deepStrictEqual(drift(model, live, undefined, image('b'.repeat(64))), ['server: image docker.io/valkey/valkey:8 changed since play', 'client: image docker.io/valkey/valkey:8 changed since play']);
    // A built image: the manifest says `web`, podman runs `localhost/web:latest`.
    const built = summary(VALKEY0.replace(/docker\.io\/valkey\/valkey:8(\n {6}ports)/, 'web$1'), '5.4.2')[0];
    server.image = 'localhost/web:latest';
    assert.deepStrictEqual(drift(built, live, undefined, [{ id: 'a'.repeat(64), names: ['localhost/web:latest'] }]), []);
  });

  it('drift: none for what was played; then another image, a container added, ports, command', () => {
    for (const version of ['4.3.1', '5.4.2']) {
      const live = listing(version).find((p) => p.name === 'valkey0')!;
      const now = (text: string) => drift(summary(text, version)[0], live);
      assert.deepStrictEqual(now(VALKEY0), [], version);
      assert.deepStrictEqual(now(VALKEY0.replace('valkey/valkey:8\n      ports', 'valkey/valkey:9\n      ports')), ['server: image docker.io/valkey/valkey:9 (runs docker.io/valkey/valkey:8)'], version);
      const added = VALKEY0 + '    - name: extra\n      image: docker.io/valkey/valkey:8\n';
      assert.deepStrictEqual(now(added), ['added extra'], version);
      // 4.3 publishes every containerPort, 5.4 only hostPort: a new containerPort is drift on 4.3 only.
      assert.strictEqual(now(VALKEY0.replace('containerPort: 6379', 'containerPort: 6380')).length, version === '4.3.1' ? 1 : 0, version);
      assert.match(now(VALKEY0.replace('containerPort: 6379', 'containerPort: 6379\n          hostPort: 16379')).join(), /^ports 16379:6379\/tcp /, version);
      // podman lists `args`, not `command` (the entrypoint): that is compared with what was played.
      const played = summary(VALKEY0, version)[0];
      const edited = summary(VALKEY0.replace('sleep 5', 'sleep 6'), version)[0];
      assert.deepStrictEqual(drift(edited, live, played), ['client: command changed'], version);
      assert.deepStrictEqual(drift(edited, live), [], version);
      assert.deepStrictEqual(now(VALKEY0.replace('      command:\n        - bash', '      args:\n        - bash')), ['client: command changed'], version);
    }
  });

  it('image names as podman stores them', () => {
    assert.strictEqual(normaliseImage('nginx'), 'docker.io/library/nginx:latest');
    assert.strictEqual(normaliseImage('valkey/valkey:8'), 'docker.io/valkey/valkey:8');
    assert.strictEqual(normaliseImage('localhost:5000/x'), 'localhost:5000/x:latest');
    assert.strictEqual(normaliseImage('quay.io/a/b@sha256:00'), 'quay.io/a/b@sha256:00');
  });
});

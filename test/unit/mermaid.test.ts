import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { runCli } from '../support/cli';
import { parseManifest } from '../../src/model';
import { toMermaid } from '../../src/model/mermaid';
import { label } from '../../src/model/mermaidText';
import { generateManifest } from '../support/generate';

const root = join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const diagram = (file: string, options = {}) => toMermaid(parseManifest(read(file)), options).text;
const lines = (text: string) => text.split('\n').map((l) => l.trim());

describe('Mermaid generation', () => {
  it('valkey0: host > network > pod > two containers, localhost edge inside the pod', () => {
    const t = diagram('samples/valkey0/play.yml');
    assert.deepStrictEqual(lines(t).slice(0, 11), [
      'flowchart TB',
      'subgraph host["Host"]',
      'subgraph net["Network podman-default-kube-network"]',
      'subgraph pod0["Pod valkey0"]',
      'direction TB',
      'pod0c0["server<br>docker.io/valkey/valkey:8"]',
      'pod0c1["client<br>docker.io/valkey/valkey:8"]',
      'end',
      'end',
      'end',
      'pod0c1 -.->|"localhost:6379"| pod0c0',
    ]);
    assert.ok(lines(t).includes('classDef classPod fill:lightblue,stroke:blue,color:#000'));
    assert.ok(lines(t).includes('class pod0 classPod'));
    assert.ok(lines(t).includes('classDef classNetwork stroke:black,stroke-dasharray: 5 5'));
    assert.ok(lines(t).includes('linkStyle 0 stroke:#2e7d32,stroke-width:2px'), 'localhost edges are green');
  });

  it('valkey1: two pods on the chosen network, DNS edge from client to server', () => {
    const t = diagram('samples/valkey1/play.yml', { network: 'valkey1' });
    assert.ok(lines(t).includes('subgraph net["Network valkey1"]'));
    assert.ok(lines(t).includes('pod1c0 -.->|"valkey1-server:6379"| pod0c0'));
    assert.ok(lines(t).includes('class pod0,pod1 classPod'));
    assert.ok(lines(t).includes('linkStyle 0 stroke:#1565c0,stroke-width:2px'), 'DNS edges are blue');
  });

  it('on the plain podman network (DNS off) says so and draws the pod-name edge as impossible', () => {
    const t = toMermaid(parseManifest(read('samples/valkey1/play.yml'), { dns: false }), { network: 'podman' }).text;
    assert.ok(lines(t).includes('subgraph net["Network podman #40;DNS off: pod names do not resolve#41;"]'));
    assert.ok(lines(t).includes('pod1c0 -. "✗ valkey1-server:6379" .-x pod0c0'));
    assert.match(t, /linkStyle 0 stroke:#d32f2f/);
  });

  it('marks init containers, puts host-network pods on the host, draws published ports', () => {
    const t = diagram('test/fixtures/hostnet.yml');
    assert.ok(lines(t).includes('pod0c0["init, runs once: setup<br>docker.io/library/busybox:1"]'));
    const l = lines(t);
    // The host-network pod is drawn after the network box closes, still inside Host.
    const netEnd = l.indexOf('end', l.indexOf('subgraph net["Network podman-default-kube-network"]') + 6);
    assert.ok(l.indexOf('subgraph pod1["Pod monitor"]') > netEnd);
    assert.ok(l.includes('browser["Web browser"]'));
    assert.ok(l.includes('browser -->|"8080 → 80"| pod0c1'));
    // The host-network agent reaches nginx through the published port on localhost.
    assert.ok(l.includes('pod1c0 -.->|"localhost:8080"| pod0c1'));
  });

  it('lists kinds podman ignores instead of drawing them', () => {
    const t = diagram('test/fixtures/hostnet.yml');
    assert.doesNotMatch(t, /Pod web-svc/);
    assert.ok(lines(t).includes('%% ignored by podman: Service web-svc'));
  });

  it('escapes hostile names: no quotes, brackets, %%, click, HTML or links get through', () => {
    const t = diagram('test/fixtures/hostile.yml');
    for (const line of lines(t)) {
      if (line.startsWith('%%')) continue;
      assert.doesNotMatch(line, /^click\b|%%|<script|<img|javascript:/i, line);
      // Every label is one quoted string of escaped text.
      for (const m of line.matchAll(/"([^"]*)"/g)) assert.match(m[1], /^([A-Za-z0-9 .,:/@_+=→✗-]|#\d+;|<br>)*$/, m[1]);
    }
    assert.ok(t.includes('a.b_c<br>evil#34;#93;#59; click x call alert#40;1#41; #37;#37; #60;script#62;alert#40;1#41;#60;/script#62;"]'), t);
    // The second pod's name is one podman refuses: it creates no pod, so none is drawn.
    assert.ok(!t.includes('alert#40;2#41;'), t);
    assert.strictEqual(parseManifest(readFileSync(join(root, 'test/fixtures/hostile.yml'), 'utf8')).problems.filter((p) => p.code === 'bad-name').length, 1);
    assert.strictEqual(label('a"b[c]%%\nd'), 'a#34;b#91;c#93;#37;#37;<br>d');
  });

  it('large files are drawn around one pod and its neighbours', () => {
    const m = parseManifest(generateManifest(100));
    const full = toMermaid(m, { detail: 'full' });
    assert.strictEqual(full.drawn, 100);
    const d = toMermaid(m);
    assert.deepStrictEqual([d.detail, d.focus, d.drawn], ['focus', 'app0', 3]);
    const f = toMermaid(m, { focus: 'app50' });
    assert.deepStrictEqual([f.focus, f.drawn], ['app50', 3]);
    assert.match(f.text, /Pod app49"/);
    assert.match(f.text, /Pod app51"/);
    assert.doesNotMatch(f.text, /Pod app52"/);
  });

  it('click targets point at pod and container names in the file', () => {
    const text = read('samples/valkey1/play.yml');
    const d = toMermaid(parseManifest(text));
    const at = (id: string) => {
      const r = d.targets[id];
      return text.split('\n')[r.start.line].slice(r.start.character, r.end.character);
    };
    assert.deepStrictEqual([at('pod0'), at('pod0c0'), at('pod1'), at('pod1c0')], ['valkey1-server', 'server', 'valkey1-client', 'client']);
  });
});

describe('CLI: node dist/cli.js topology', () => {
  const run = runCli;

  it('prints the same Mermaid text as the preview', () => {
    const r = run('topology', join(root, 'samples/valkey1/play.yml'), '--net', 'valkey1');
    assert.strictEqual(r.code, 0);
    assert.strictEqual(r.out, diagram('samples/valkey1/play.yml', { network: 'valkey1', detail: 'full' }));
  });

  it('--net podman draws DNS off', () => {
    assert.match(run('topology', join(root, 'samples/valkey1/play.yml'), '--net=podman').out, /DNS off/);
  });

  it('broken YAML: exit 1 and the problem with file:line:column', () => {
    const r = run('topology', join(root, 'test/fixtures/broken.yml'));
    assert.strictEqual(r.code, 1);
    assert.match(r.err, /broken\.yml:4:1: error: YAML: Tabs are not allowed/);
  });

  it('bad usage: exit 2 with usage; missing file: exit 1', () => {
    assert.strictEqual(run('draw').code, 2);
    assert.match(run('topology').err, /usage:/);
    assert.strictEqual(run('topology', join(root, 'nope.yml')).code, 1);
  });

  it('a FIFO or a device is refused at once, with why (reading one would wait or never end)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-cli-'));
    try {
      execFileSync('mkfifo', [join(dir, 'fifo.yml')]);
      symlinkSync('/dev/zero', join(dir, 'zero.yml'));
      for (const f of ['fifo.yml', 'zero.yml']) {
        const r = run('topology', join(dir, f));
        assert.strictEqual(r.code, 1);
        assert.match(r.err, /is not a regular file/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Mermaid with live state', () => {
  const valkey0 = parseManifest(read('samples/valkey0/play.yml'));
  const live = (containers: Record<string, { state: string; exitCode?: number }>, status = 'Degraded') => ({ pods: { valkey0: { status, containers } } });

  it('each box says its state, coloured by a class per state; the pod title says the pod status', () => {
    const d = toMermaid(valkey0, { live: live({ 'valkey0-server': { state: 'running' }, 'valkey0-client': { state: 'exited', exitCode: 137 } }) });
    assert.match(d.text, /subgraph pod0\["Pod valkey0: degraded"\]/);
    assert.match(d.text, /pod0c0\["#9679; running<br>server<br>docker.io\/valkey\/valkey:8"\]/);
    assert.match(d.text, /pod0c1\["#9632; exited 137<br>client<br>/);
    assert.deepStrictEqual(
      lines(d.text).filter((l) => l.startsWith('class pod0c')),
      ['class pod0c0 live_running', 'class pod0c1 live_failed'],
    );
    assert.deepStrictEqual(d.liveStates, ['running', 'failed']);
    assert.deepStrictEqual(d.names, { pod0: 'valkey0', pod0c0: 'valkey0-server', pod0c1: 'valkey0-client' });
  });

  it('a pod not created: every box missing; without live, the static design (no state, no legend)', () => {
    const d = toMermaid(valkey0, { live: { pods: {} } });
    assert.match(d.text, /"Pod valkey0: not created"/);
    assert.deepStrictEqual(d.liveStates, ['missing']);
    const plain = toMermaid(valkey0);
    assert.strictEqual(plain.liveStates, undefined);
    assert.doesNotMatch(plain.text, /live_|running|not created/);
  });

  it('a container Created behind an init container that never ends is drawn stuck; a finished init container as ran', () => {
    const m = parseManifest(read('test/truth/manifests/15-native-sidecar.yml'));
    const stuck = toMermaid(m, { live: { pods: { t15: { status: 'Degraded', containers: { 't15-proxy': { state: 'running' }, 't15-app': { state: 'created' } } } } } });
    assert.match(stuck.text, /pod0c1\["✗ stuck: waits for init proxy<br>app<br>/);
    assert.ok(stuck.liveStates!.includes('stuck'));
    const init = parseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: setup\n      image: i\n  containers:\n    - name: app\n      image: i\n');
    const ran = toMermaid(init, { live: { pods: { p: { status: 'Running', containers: { 'p-app': { state: 'running' } } } } } });
    assert.match(ran.text, /pod0c0\["#10003; ran<br>init, runs once: setup/);
    const gone = toMermaid(valkey0, { live: live({ 'valkey0-server': { state: 'running' } }, 'Running') });
    assert.match(gone.text, /pod0c1\["#9676; missing: not created<br>client/);
  });
});

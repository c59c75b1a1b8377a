import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseManifest, type Manifest, type Range } from '../../src/model';
import { applyEdits } from '../support/edits';

const root = join(__dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const codes = (m: Manifest) => m.problems.map((p) => p.code);

describe('manifest model', () => {
  describe('samples', () => {
    it('valkey0: one pod, two containers, client reaches server on localhost', () => {
      const m = parseManifest(read('samples/valkey0/play.yml'));
      assert.deepStrictEqual(m.problems, []);
      assert.deepStrictEqual(
        m.pods.map((p) => p.name),
        ['valkey0'],
      );
      assert.deepStrictEqual(
        m.pods[0].containers.map((c) => c.podmanName),
        ['valkey0-server', 'valkey0-client'],
      );
      assert.deepStrictEqual(
        m.pods[0].containers[0].ports.map((p) => [p.containerPort, p.hostPort, p.protocol]),
        [[6379, undefined, 'TCP']],
      );
      assert.strictEqual(m.connections.length, 1);
      const c = m.connections[0];
      assert.deepStrictEqual([c.via, c.status, c.to, c.port], ['localhost', 'ok', { pod: 'valkey0', container: 'server' }, 6379]);
      // The range points at the word `localhost` inside the block scalar (line 20 of the file).
      const lines = read('samples/valkey0/play.yml').split('\n');
      assert.strictEqual(lines[c.range.start.line].slice(c.range.start.character, c.range.end.character), 'localhost');
    });

    it('valkey1: two pods, client reaches server by pod name', () => {
      const m = parseManifest(read('samples/valkey1/play.yml'));
      assert.deepStrictEqual(m.problems, []);
      assert.deepStrictEqual(
        m.pods.map((p) => p.name),
        ['valkey1-server', 'valkey1-client'],
      );
      assert.deepStrictEqual(
        m.connections.map((c) => [c.from.pod, c.host, c.via, c.status, c.to]),
        [['valkey1-client', 'valkey1-server', 'dns', 'ok', { pod: 'valkey1-server', container: 'server' }]],
      );
    });

    it('ranges point at pod and container names', () => {
      const text = read('samples/valkey1/play.yml');
      const lines = text.split('\n');
      const m = parseManifest(text);
      const at = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => lines[r.start.line].slice(r.start.character, r.end.character);
      assert.strictEqual(at(m.pods[1].nameRange), 'valkey1-client');
      assert.strictEqual(at(m.pods[1].containers[0].nameRange), 'client');
    });
  });

  describe('kinds and naming', () => {
    const text = read('test/fixtures/kinds.yml');

    it('names pods as the newest podman does and keeps the rest as resources or ignored', () => {
      const m = parseManifest(text);
      assert.deepStrictEqual(
        m.pods.map((p) => [p.kind, p.name]),
        [
          ['Deployment', 'web-pod'],
          ['DaemonSet', 'agent-pod'],
          ['Job', 'once-pod'],
        ],
      );
      assert.deepStrictEqual(
        m.resources.map((r) => [r.kind, r.name]),
        [
          ['PersistentVolumeClaim', 'web-data'],
          ['ConfigMap', 'settings'],
        ],
      );
      assert.deepStrictEqual(
        m.ignored.map((o) => [o.kind, o.name]),
        [['Service', 'web-svc']],
      );
      assert.match(m.ignored[0].reason, /skips Service/);
      // Podman from 4.4 makes one pod whatever `replicas` says, and says nothing about it.
      assert.deepStrictEqual(codes(m), ['replicas-ignored', 'ignored-kind']);
      assert.strictEqual(m.problems[0].range.start.line, 5);
      assert.strictEqual(m.ignored[0].range.start.line, 52);
    });

    it('podman 4.3 makes one pod per Deployment replica and skips DaemonSet and Job', () => {
      const m = parseManifest(text, { podmanVersion: '4.3.1' });
      assert.deepStrictEqual(
        m.pods.map((p) => p.name),
        ['web-pod-0', 'web-pod-1'],
      );
      assert.deepStrictEqual(
        m.ignored.map((o) => o.kind),
        ['DaemonSet', 'Job', 'Service'],
      );
      assert.match(m.ignored[0].reason, /DaemonSet needs podman 4\.7 or newer; podman 4\.3\.1 skips it/);
      assert.match(m.ignored[1].reason, /Job needs podman 5\.3/);
    });

    it('podman 5.0 plays DaemonSet but not Job', () => {
      const m = parseManifest(text, { podmanVersion: '5.0.2' });
      assert.deepStrictEqual(
        m.pods.map((p) => p.name),
        ['web-pod', 'agent-pod'],
      );
    });

    it('reads init containers, hostname, host network, ports, volumes and mounts', () => {
      const [web, agent] = parseManifest(text).pods;
      assert.deepStrictEqual(
        web.containers.map((c) => [c.podmanName, c.init]),
        [
          ['web-pod-migrate', true],
          ['web-pod-nginx', false],
        ],
      );
      assert.strictEqual(web.hostname, 'www');
      assert.strictEqual(agent.hostNetwork, true);
      const nginx = web.containers[1];
      assert.deepStrictEqual(
        nginx.ports.map((p) => [p.containerPort, p.hostPort, p.protocol]),
        [[80, 8080, 'TCP']],
      );
      assert.deepStrictEqual(
        nginx.volumeMounts.map((v) => [v.name, v.mountPath, v.readOnly]),
        [['data', '/data', false]],
      );
      assert.deepStrictEqual(
        web.volumes.map((v) => [v.name, v.type, v.source]),
        [['data', 'persistentVolumeClaim', 'web-data']],
      );
    });
  });

  describe('connections', () => {
    const text = read('test/fixtures/connections.yml');
    const find = (m: Manifest, host: string) => m.connections.find((c) => c.host === host);

    it('resolves a pod name inside a URL', () => {
      const c = find(parseManifest(text), 'db')!;
      assert.deepStrictEqual([c.via, c.status, c.to?.pod, c.port], ['dns', 'ok', 'db', 5432]);
    });

    it('flags localhost pointing at a port served in another pod, naming the pod to use', () => {
      const m = parseManifest(text);
      const c = find(m, 'localhost')!;
      assert.strictEqual(c.status, 'impossible');
      assert.match(c.message!, /port 5432 is served in pod db .*use the host name db/);
      assert.ok(m.problems.some((p) => p.code === 'impossible-connection' && p.range.start.line === c.range.start.line));
    });

    it('flags a Service name: podman ignores Services, and says which pod name works', () => {
      const c = find(parseManifest(text), 'db-svc')!;
      assert.strictEqual(c.status, 'unresolved');
      assert.match(c.message!, /names a Service, which podman ignores.*use the pod name db/);
    });

    it('flags an unknown host in host:port form', () => {
      const c = find(parseManifest(text), 'cache-host')!;
      assert.strictEqual(c.status, 'unresolved');
      assert.match(c.message!, /not a pod, hostname or container in this file/);
    });

    it('does not take words in a URL path for pod names', () => {
      // postgres://user@db:5432/app: "app" is the database, not the pod named app.
      assert.deepStrictEqual(
        parseManifest(text).connections.filter((c) => c.host === 'app'),
        [],
      );
    });

    it('leaves external host names alone', () => {
      assert.strictEqual(find(parseManifest(text), 'example.com'), undefined);
    });

    it('container name aliases resolve from podman 4.5 on, not before', () => {
      assert.strictEqual(find(parseManifest(text), 'postgres')!.status, 'ok');
      const old = find(parseManifest(text, { podmanVersion: '4.3.1' }), 'postgres')!;
      assert.strictEqual(old.status, 'impossible');
      assert.match(old.message!, /from podman 4\.5 on.*use the pod name db/);
    });

    it('pod names do not resolve across pods on a network without DNS', () => {
      const c = parseManifest(read('samples/valkey1/play.yml'), { dns: false }).connections[0];
      assert.strictEqual(c.status, 'impossible');
      assert.match(c.message!, /DNS off/);
    });

    it('a lone container using localhost to reach another pod is impossible', () => {
      const text1 = read('samples/valkey1/play.yml').replace('-h valkey1-server -p 6379', '-h localhost');
      const c = parseManifest(text1).connections[0];
      assert.strictEqual(c.status, 'impossible');
      assert.match(c.message!, /valkey1-server/);
    });

    it('does not count a bind address as a connection', () => {
      const t = read('samples/valkey0/play.yml').replace('ports:', 'args: ["--bind", "127.0.0.1"]\n      ports:');
      assert.strictEqual(parseManifest(t).connections.length, 1);
    });
  });

  describe('bad input becomes problems, never exceptions', () => {
    const problemOf = (text: string) => {
      const m = parseManifest(text);
      assert.ok(m.problems.length > 0, 'expected a problem');
      return m.problems[0];
    };

    it('brackets nested absurdly deep: one error where it starts, the documents before still read', () => {
      const text = `${read('samples/valkey0/play.yml')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: deep\nspec:\n  containers: ${'['.repeat(20_000)}\n`;
      const m = parseManifest(text);
      assert.deepStrictEqual(
        m.pods.map((p) => p.name),
        ['valkey0'],
      );
      assert.deepStrictEqual(codes(m), ['yaml-too-deep']);
      assert.deepStrictEqual(m.problems[0].range.start, { line: 28, character: 14 + 500 });
      // Brackets in quotes and comments do not count.
      assert.deepStrictEqual(codes(parseManifest(`# ${'['.repeat(600)}\n${read('samples/valkey0/play.yml')}`)), []);
    });

    it('a flood of errors: the first 1,000 listed, the rest counted', () => {
      // One error a line (not `a: a: a:...`, whose nesting ends in the parser's stack limit, which varies).
      const m = parseManifest(`${read('samples/valkey0/play.yml')}\n${'x: @a\n'.repeat(3000)}`);
      assert.strictEqual(m.problems.length, 1001);
      assert.match(m.problems[1000].message, /^\d+ more problems after this one are not listed/);
    });

    it('tabs in indentation', () => {
      const p = problemOf('apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n');
      assert.match(p.message, /Tabs are not allowed/);
      assert.strictEqual(p.range.start.line, 3);
    });

    it('unclosed quote', () => {
      const p = problemOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n');
      assert.strictEqual(p.severity, 'error');
      assert.match(p.message, /^YAML: /);
    });

    it('wrong types', () => {
      const p = problemOf('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers: 5\n');
      assert.strictEqual(p.message, '`spec.containers` should be a list, not the number 5.');
      assert.deepStrictEqual(p.range.start, { line: 5, character: 14 });
    });

    it('duplicate keys', () => {
      const p = problemOf('apiVersion: v1\nkind: Pod\nkind: Deployment\nmetadata:\n  name: x\n');
      assert.match(p.message, /appears twice/);
      assert.strictEqual(p.range.start.line, 2);
    });

    it('empty text and comments only: no pods, no crash', () => {
      for (const t of ['', '   \n', '# nothing\n', '---\n---\n']) {
        const m = parseManifest(t);
        assert.deepStrictEqual([m.pods.length, m.kubeDocuments], [0, 0]);
      }
    });

    it('non-kube YAML', () => {
      const m = parseManifest('services:\n  web:\n    image: nginx\n');
      assert.deepStrictEqual([codes(m), m.kubeDocuments], [['not-kube'], 0]);
      assert.deepStrictEqual(codes(parseManifest('- a\n- b\n')), ['not-kube']);
    });

    it('missing names, containers and images', () => {
      assert.deepStrictEqual(codes(parseManifest('apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n')), ['missing-name']);
      assert.deepStrictEqual(codes(parseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: {}\n')), ['missing-containers']);
      assert.deepStrictEqual(codes(parseManifest('apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n    - image: i\n')), ['missing-image', 'missing-container-name']);
      // Podman skips a document without kind; with nothing else to play, it stops.
      assert.deepStrictEqual(codes(parseManifest('apiVersion: v1\nmetadata:\n  name: p\n')), ['missing-kind', 'nothing-to-play']);
    });

    it('duplicate pod and container names, unknown volume in a mount', () => {
      const pod = (n: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${n}\nspec:\n  containers:\n    - name: c\n      image: i\n    - name: c\n      image: i\n      volumeMounts:\n        - name: nope\n          mountPath: /x\n`;
      assert.deepStrictEqual(codes(parseManifest(pod('a') + '---\n' + pod('a'))).sort(), ['duplicate-container', 'duplicate-container', 'duplicate-pod', 'unknown-volume', 'unknown-volume']);
    });

    it('an alias follows the last anchor of its name before it, as YAML says', () => {
      const c = (name: string, image: string) => `    - name: ${name}\n      image: ${image}\n`;
      const m = parseManifest(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n${c('a', '&img one')}${c('b', '*img')}${c('c', '&img two')}${c('d', '*img')}`);
      assert.deepStrictEqual(
        m.pods[0].containers.map((x) => x.image),
        ['one', 'one', 'two', 'two'],
      );
    });

    it('what aliases expand to is bounded: one big anchor aliased into every container stops with a problem', () => {
      const env = Array.from({ length: 600 }, (_, i) => `        - {name: V${i}, value: "x${i}"}`).join('\n');
      let text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c0\n      image: i\n      env: &e\n${env}\n`;
      for (let i = 1; i < 250; i++) text += `    - name: c${i}\n      image: i\n      env: *e\n`;
      const m = parseManifest(text);
      const limit = m.problems.filter((p) => p.code === 'alias-limit');
      assert.strictEqual(limit.length, 1);
      assert.match(limit[0].message, /Too many alias expansions/);
      // 250 x 600 variables written as 250 aliases: what is read stays near the document's own size.
      const read = m.pods[0].containers.reduce((n, c) => n + c.env.length, 0);
      assert.ok(read >= 600 && read <= 12_000, String(read));
    });

    it('a file with lone CR line endings reads like one with LF, at the same lines', () => {
      const lf = read('samples/valkey0/play.yml');
      const cr = parseManifest(lf.replace(/\n/g, '\r'));
      assert.deepStrictEqual(cr.problems, []);
      assert.deepStrictEqual(
        cr.pods.map((p) => [p.name, p.nameRange]),
        parseManifest(lf).pods.map((p) => [p.name, p.nameRange]),
      );
    });

    it('many pods of one name: each duplicate gets its own free name', () => {
      const text = Array(500).fill('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: c\n      image: i\n').join('---\n');
      const renames = parseManifest(text)
        .problems.filter((p) => p.code === 'duplicate-pod')
        .map((p) => p.fixes![0].edits[0].newText);
      assert.strictEqual(renames.length, 499);
      assert.strictEqual(new Set(renames).size, 499);
      assert.deepStrictEqual(renames.slice(0, 3), ['a-2', 'a-3', 'a-4']);
    });

    it('an alias bomb is cut short with a problem', () => {
      let t = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
      for (let i = 1; i < 10; i++)
        t += `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(96 + i))
          .join(',')}]\n`;
      const bomb = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nx:\n  ${t.split('\n').join('\n  ')}\nspec:\n  containers:\n    - name: c\n      image: i\n      command: *j\n`;
      const started = Date.now();
      const m = parseManifest(bomb);
      assert.ok(Date.now() - started < 5000);
      assert.ok(
        m.problems.some((p) => p.code === 'alias-limit' || p.code === 'wrong-type'),
        JSON.stringify(codes(m)),
      );
    });

    it('never throws on any prefix of the samples', () => {
      for (const file of ['samples/valkey0/play.yml', 'samples/valkey1/play.yml', 'test/fixtures/kinds.yml', 'test/fixtures/connections.yml']) {
        const text = read(file);
        for (let i = 0; i <= text.length; i += 3) parseManifest(text.slice(0, i));
      }
    });
  });
});

describe('the remote client', () => {
  const hostPath = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: i\n  volumes:\n    - name: data\n      hostPath:\n        path: /srv/data\n';
  it("hostPath: said to name the service machine's path, at the path, only when remote", () => {
    assert.deepStrictEqual(codes(parseManifest(hostPath)), []);
    const [p] = parseManifest(hostPath, { remote: true }).problems;
    assert.deepStrictEqual([p.severity, p.code, p.range.start], ['info', 'remote-host-path', { line: 11, character: 14 }]);
    assert.match(p.message, /looks up `\/srv\/data` on its own machine, not on this computer/);
  });

  it("the flags are the client's own: a 5.8 client has --no-pod-prefix for a 5.6 service, a 4.5 client no --configmap for a 5.8 one", () => {
    const flags = (options: Parameters<typeof parseManifest>[1]) => codes(parseManifest(hostPath, { remote: true, ...options }));
    assert.deepStrictEqual(flags({ podmanVersion: '5.6.0', flags: ['--no-pod-prefix'] }), ['no-pod-prefix-unsupported', 'remote-host-path']);
    assert.deepStrictEqual(flags({ podmanVersion: '5.6.0', clientVersion: '5.8.6', flags: ['--no-pod-prefix'] }), ['remote-host-path']);
    assert.deepStrictEqual(flags({ podmanVersion: '5.8.6', clientVersion: '4.5.1', flags: ['--configmap'] }), ['remote-flag-unsupported', 'remote-host-path']);
    // The service's version decides what the play does: the 5.6 service still prefixes the names.
    assert.deepStrictEqual(
      parseManifest(hostPath, { remote: true, podmanVersion: '5.6.0', clientVersion: '5.8.6', flags: ['--no-pod-prefix'], noPodPrefix: true }).pods[0].containers.map((c) => c.podmanName),
      ['web-app'],
    );
  });

  it('a claim that imports a tarball: refused by the remote service from 4.4 (before, the annotation did nothing)', () => {
    const pvc =
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n    volume.podman.io/import-source: /tmp/data.tar\nspec:\n  accessModes: [ReadWriteOnce]\n---\n' +
      hostPath.replace('hostPath:\n        path: /srv/data', 'persistentVolumeClaim:\n        claimName: data');
    const remote = (podmanVersion: string) => parseManifest(pvc, { remote: true, podmanVersion }).problems.map((p) => [p.code, p.stops, p.range.start.line]);
    assert.deepStrictEqual(remote('5.8.6'), [['remote-volume-import', 'fails', 5]]);
    assert.deepStrictEqual(remote('4.3.1'), []);
    assert.deepStrictEqual(codes(parseManifest(pvc, { podmanVersion: '5.8.6' })), []);
    // Annotations that are not a map: the same word remote or not, none from this check.
    const odd = pvc.replace('  annotations:\n    volume.podman.io/import-source: /tmp/data.tar\n', '  annotations: [1]\n');
    assert.deepStrictEqual(codes(parseManifest(odd, { remote: true })), codes(parseManifest(odd)));
  });
});

describe('rootless podman', () => {
  const pod = (ports: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: i\n      ports:\n${ports}`;
  const problems = (text: string, options: Parameters<typeof parseManifest>[1]) => parseManifest(text, options).problems.map((p) => [p.code, p.range.start.line, p.range.start.character, p.fixes?.[0]?.title]);

  it('a host port below 1024 fails the pod, at its hostPort, with a fix to a free port above; rootful or a lower sysctl: nothing', () => {
    const low = pod('        - containerPort: 80\n          hostPort: 80\n');
    assert.deepStrictEqual(problems(low, { rootless: true }), [['rootless-privileged-port', 10, 20, 'Publish on host port 8080']]);
    const [p] = parseManifest(low, { rootless: true, unprivilegedPortStart: 1024 }).problems;
    assert.match(p.message, /^Rootless podman cannot publish host port 80: .*\(1024 here\).*"rootlessport cannot expose privileged port 80".*`sysctl net\.ipv4\.ip_unprivileged_port_start=80`/);
    assert.strictEqual(p.stops, 'fails');
    assert.match(parseManifest(low, { rootless: true, remote: true }).problems[0].message, /1024 unless the machine podman runs on lowers it/);
    assert.deepStrictEqual(problems(low, {}), []);
    assert.deepStrictEqual(problems(low, { rootless: true, unprivilegedPortStart: 80 }), []);
    assert.deepStrictEqual(problems(pod('        - containerPort: 80\n          hostPort: 8080\n'), { rootless: true }), []);
  });

  it('podman 4.3 publishes a containerPort without hostPort: rootless, port 80 fails there and not on 5.x', () => {
    const implicit = pod('        - containerPort: 80\n');
    assert.deepStrictEqual(problems(implicit, { rootless: true, podmanVersion: '4.3.1' }), [['rootless-privileged-port', 9, 10, 'Publish on host port 8080']]);
    assert.deepStrictEqual(problems(implicit, { rootless: true, podmanVersion: '5.8.6' }), []);
  });
});

describe('what podman does with the fields', () => {
  const text = read('test/fixtures/podman-checks.yml');
  const m = parseManifest(text);
  const problem = (code: string, i = 0) => m.problems.filter((p) => p.code === code)[i];
  const apply = (edits: { range: Range; newText: string }[]) => applyEdits(text, edits);

  it('says which fields podman ignores, at their key, lifecycle hooks included', () => {
    const ignored = m.problems.filter((p) => p.code === 'unsupported-field');
    assert.deepStrictEqual(
      ignored.map((p) => [p.severity, p.range.start.line, p.range.start.character]),
      [
        ['info', 5, 2],
        ['info', 6, 2],
        ['info', 11, 6],
        ['info', 15, 6],
      ],
    );
    assert.match(ignored[2].message, /^Podman ignores it\. `readinessProbe`: .*use livenessProbe/);
    assert.match(ignored[1].message, /single podman host/);
  });

  it('a fix removes an ignored field, its whole block and nothing else', () => {
    const fixed = apply(problem('unsupported-field', 2).fixes![0].edits);
    assert.ok(!fixed.includes('readinessProbe') && !fixed.includes('httpGet'));
    assert.match(fixed, /image: docker\.io\/library\/nginx:1\n {6}lifecycle:/);
    const after = parseManifest(fixed);
    assert.strictEqual(after.problems.filter((p) => p.code === 'unsupported-field').length, 3);
    assert.ok(!after.problems.some((p) => p.code.startsWith('yaml')));
  });

  it('two containers of a pod on one port; one host port published twice', () => {
    assert.match(problem('port-clash').message, /Containers nginx and Side_Car of pod web both declare port 80\/TCP/);
    assert.strictEqual(problem('port-clash').range.start.line, 26);
    const clash = problem('host-port-clash');
    assert.strictEqual(clash.severity, 'error');
    assert.match(clash.message, /Host port 8080\/TCP is already published by pod web \(line 22\)/);
    assert.deepStrictEqual(clash.fixes![0].title, 'Publish on host port 8081');
    assert.ok(!parseManifest(apply(clash.fixes![0].edits)).problems.some((p) => p.code === 'host-port-clash'));
  });

  it('names that are not DNS labels, and duplicates with a rename', () => {
    assert.match(problem('not-dns-label').message, /Container name "Side_Car" is not a valid DNS label/);
    const dup = problem('duplicate-container');
    assert.deepStrictEqual(
      dup.fixes!.map((f) => f.title),
      ['Rename to app-2'],
    );
    assert.ok(!parseManifest(apply(dup.fixes![0].edits)).problems.some((p) => p.code === 'duplicate-container'));
    const bad = parseManifest(text.replace('name: web', 'name: "web;rm"')).problems.find((p) => p.code === 'bad-name');
    assert.match(bad!.message, /refused by podman/);
  });

  it('a pod name used twice is renamed to a free one, Deployments included', () => {
    const twice = parseManifest(text.replace('name: api', 'name: web'));
    const fix = twice.problems.find((p) => p.code === 'duplicate-pod')!.fixes![0];
    assert.strictEqual(fix.title, 'Rename to web-2');
    const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: i\n';
    const pods = parseManifest(`${dep}---\n${dep}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: x-2-pod\nspec:\n  containers:\n    - name: c\n      image: i\n`);
    assert.strictEqual(pods.problems.find((p) => p.code === 'duplicate-pod')!.fixes![0].title, 'Rename to x-3');
  });

  it('knows where hostPort goes, in block and flow maps', () => {
    const [web, api] = m.pods;
    assert.deepStrictEqual(web.containers[1].ports[0].hostPortInsert, { position: { line: 26, character: 27 }, prefix: '\n          ' });
    assert.strictEqual(api.containers[0].ports[0].hostPortInsert.prefix, ', ');
  });
});

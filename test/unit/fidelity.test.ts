// What podman really does, by version, where the truth suite (test/truth) cannot show it by
// playing: each test cites podman's source at the tag (src/model/behaviour.ts has the rows), and
// checks the quick fixes leave a manifest podman plays.
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { looksLikeKubeManifest, networkHasDns, networkMode, parseManifest, predictPlay, type Manifest } from '../../src/model';
import { toMermaid } from '../../src/model/mermaid';
import { applyEdits } from '../support/edits';

const root = join(__dirname, '..', '..', '..');
const truth = (name: string) => readFileSync(join(root, 'test/truth/manifests', name), 'utf8');
const V43 = { podmanVersion: '4.3.1', secrets: [], configMaps: [] };
const V54 = { podmanVersion: '5.4.2', secrets: [], configMaps: [] };
const problem = (m: Manifest, code: string) => m.problems.find((p) => p.code === code)!;
const fixed = (text: string, m: Manifest, code: string) => applyEdits(text, problem(m, code).fixes![0].edits);

describe('podman fidelity', () => {
  it('says one thing each: no info beside an error at the same place, on any truth manifest and version', () => {
    const twice: string[] = [];
    for (const f of readdirSync(join(root, 'test/truth/manifests')).filter((x) => x.endsWith('.yml'))) {
      for (const podmanVersion of ['4.3.1', '5.4.2', '5.8.6']) {
        const { problems } = parseManifest(truth(f), { podmanVersion, secrets: [], configMaps: [] });
        const at = (r: Manifest['problems'][number]) => JSON.stringify(r.range);
        const errors = new Set(problems.filter((p) => p.severity === 'error').map(at));
        for (const p of problems) if (p.severity === 'info' && errors.has(at(p))) twice.push(`${f} on ${podmanVersion}: ${p.code} beside an error`);
      }
    }
    assert.deepStrictEqual(twice, []);
  });

  it('podman 4.3 restarts init containers under restartPolicy Always (the default) and may fail the play; 4.4 runs them once', () => {
    const pod = (policy: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${policy}  initContainers:\n    - name: setup\n      image: i\n  containers:\n    - name: app\n      image: i\n`;
    const codes = (text: string, v: typeof V43) => parseManifest(text, v).problems.map((p) => [p.code, p.severity, p.range.start.line + 1]);
    assert.deepStrictEqual(codes(pod(''), V43), [['init-restarts', 'warning', 6]]);
    assert.deepStrictEqual(codes(pod('  restartPolicy: Always\n'), V43), [['init-restarts', 'warning', 6]]);
    assert.deepStrictEqual([codes(pod('  restartPolicy: Never\n'), V43), codes(pod('  restartPolicy: OnFailure\n'), V43), codes(pod(''), V54)], [[], [], []]);
  });

  it('podman 4.3 crashes on a secret volume without optional even when the podman secret exists (fixed in 4.4 by 9a6b701558)', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: i\n      volumeMounts:\n        - name: s\n          mountPath: /s\n  volumes:\n    - name: s\n      secret:\n        secretName: there\n';
    const m = parseManifest(text, { ...V43, secrets: ['there'] });
    assert.deepStrictEqual([predictPlay(m).outcome, problem(m, 'secret-volume-crash').range.start.line + 1], ['fails', 15]);
    assert.deepStrictEqual(parseManifest(text, { ...V54, secrets: ['there'] }).problems, []);
    const mended = parseManifest(applyEdits(text, problem(m, 'secret-volume-crash').fixes![0].edits), { ...V43, secrets: ['there'] });
    assert.strictEqual(predictPlay(mended).outcome, 'plays');
  });

  it("an env fieldRef or resourceFieldRef podman cannot fill stops the play in podman's words (kube.go envVarValueFieldRef)", () => {
    const m = parseManifest(truth('53-env-field-ref.yml'), V54);
    assert.deepStrictEqual(
      m.problems.map((p) => [p.code, p.range.start.line + 1, p.stops]),
      [['unsupported-fieldref', 26, 'fails']],
    );
    assert.match(m.problems[0].message, /"can not set env NAMESPACE\. Reason: fieldPath metadata\.namespace is either not valid or not supported"/);
    assert.deepStrictEqual(parseManifest(truth('54-env-field-ref-ok.yml'), V43).problems, []);
  });

  it('subPath on podman 4.3 (ignored until 4.4): a warning that says the whole volume is mounted at mountPath, as a play showed', () => {
    // Played on 4.3.1: /etc/app/app.conf became a directory holding app.conf and other.conf; on 5.4.2 the file.
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: i\n      volumeMounts:\n        - name: c\n          mountPath: /etc/app/app.conf\n          subPath: app.conf\n  volumes:\n    - name: c\n      emptyDir: {}\n';
    const old = parseManifest(text, V43).problems;
    assert.deepStrictEqual(
      old.map((p) => [p.severity, p.code, p.range.start.line + 1]),
      [['warning', 'unsupported-field', 12]],
    );
    assert.match(old[0].message, /mounts the whole volume at `mountPath` instead: a file path becomes a directory/);
    assert.deepStrictEqual(parseManifest(text, V54).problems, []);
  });

  it('a play that stops: the diagram and the JSON say what podman makes before it stops, and what it never makes (play.go: each document in turn, nothing rolled back)', () => {
    const pod = (name: string, env = '') => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n    - name: a\n      image: i\n    - name: b\n      image: i\n${env}`;
    const text = [pod('one'), pod('two', '      env:\n        - name: NS\n          valueFrom:\n            fieldRef:\n              fieldPath: metadata.namespace\n'), pod('three')].join('---\n');
    const m = parseManifest(text, V54);
    assert.deepStrictEqual(predictPlay(m).left, [
      { name: 'one', containers: ['one-a', 'one-b'] },
      { name: 'two', containers: ['two-a'] },
    ]);
    const diagram = toMermaid(m).text;
    assert.match(diagram, /subgraph pod0\["Pod one"\]/);
    assert.match(diagram, /pod1c0\["a<br>i"\]/);
    assert.match(diagram, /pod1c1\["✗ not created #40;the play stops at line 26#41;<br>b<br>i"\]/);
    assert.match(diagram, /subgraph pod2\["Pod three: ✗ not created #40;the play stops at line 26#41;"\]/);
    // A ConfigMap volume that is not there: the pod's volumes fail before the pod is made.
    assert.match(toMermaid(parseManifest(truth('23-configmap-missing-volume.yml'), V54)).text, /Pod t23: ✗ not created/);
  });

  it("podman's own words for a missing ConfigMap: a volume's lookup says no such ConfigMap, an env lookup not found", () => {
    const m = (f: string) => problem(parseManifest(truth(f), V54), 'configmap-missing').message;
    assert.match(m('23-configmap-missing-volume.yml'), /podman stops with "no such ConfigMap "t23-config""/);
    assert.match(m('20-configmap-missing-env.yml'), /podman stops with "configmap t20-config not found"/);
  });

  it('a native sidecar hangs the play; the fix moves it into containers, which plays', () => {
    const text = truth('15-native-sidecar.yml');
    const m = parseManifest(text, V54);
    assert.deepStrictEqual([predictPlay(m).outcome, problem(m, 'native-sidecar').stops], ['hangs', 'hangs']);
    const after = parseManifest(fixed(text, m, 'native-sidecar'), V54);
    assert.deepStrictEqual(after.problems, []);
    assert.deepStrictEqual(
      after.pods[0].containers.map((c) => [c.name, c.init]),
      [
        ['proxy', false],
        ['app', false],
      ],
    );
    assert.match(toMermaid(m).text, /✗ init, never ends: podman waits for it<br>proxy/);
    assert.match(toMermaid(m).text, /never started: app/);
  });

  it('a probe on an init container is refused (play.go playKubePod); the fix removes it', () => {
    const text = truth('18-init-probe.yml');
    const m = parseManifest(text, V43);
    assert.strictEqual(problem(m, 'init-container-refused-field').stops, 'fails');
    assert.strictEqual(predictPlay(parseManifest(fixed(text, m, 'init-container-refused-field'), V43)).outcome, 'plays');
  });

  it('a missing ConfigMap fails the play unless optional; the fix marks it optional', () => {
    for (const file of ['20-configmap-missing-env.yml', '22-configmap-missing-envfrom.yml', '23-configmap-missing-volume.yml']) {
      const text = truth(file);
      const m = parseManifest(text, V54);
      assert.strictEqual(predictPlay(m).outcome, 'fails', file);
      const after = parseManifest(fixed(text, m, 'configmap-missing'), V54);
      assert.strictEqual(predictPlay(after).outcome, 'plays', file);
      assert.deepStrictEqual(
        after.problems.map((p) => p.code),
        ['configmap-missing-optional'],
        file,
      );
    }
    // Given with --configmap, the name is known.
    assert.strictEqual(predictPlay(parseManifest(truth('20-configmap-missing-env.yml'), { ...V54, configMaps: ['t20-config'] })).outcome, 'plays');
  });

  it('Secrets: a file Secret works from 4.4, a podman secret always; unknown secrets only warn', () => {
    const text = truth('25-secret-in-file-env.yml');
    assert.strictEqual(predictPlay(parseManifest(text, V43)).outcome, 'fails');
    assert.strictEqual(predictPlay(parseManifest(text, V54)).outcome, 'plays');
    const missing = truth('26-secret-missing.yml');
    assert.strictEqual(predictPlay(parseManifest(missing, { ...V54, secrets: ['t26-secret'] })).outcome, 'plays');
    // Its fix is the extension's command that creates the secret, with the key the manifest reads.
    assert.deepStrictEqual(problem(parseManifest(missing, V54), 'secret-missing').fixes![0].command, { name: 'createSecret', args: ['t26-secret', 'password'] });
    const unknown = parseManifest(missing, { podmanVersion: '5.4.2' });
    assert.deepStrictEqual(
      unknown.problems.map((p) => [p.code, p.severity]),
      [['secret-unknown', 'warning']],
    );
  });

  it('podman 4.3 publishes every containerPort: two pods on one port clash, and hostPort is the fix', () => {
    const text = truth('03-two-pods-same-container-port.yml');
    const m = parseManifest(text, V43);
    const clash = problem(m, 'host-port-clash');
    assert.match(clash.message, /publishes every containerPort on the host, hostPort or not, until 4\.8/);
    const after = parseManifest(fixed(text, m, 'host-port-clash'), V43);
    assert.strictEqual(predictPlay(after).outcome, 'plays');
    assert.deepStrictEqual(
      predictPlay(after).pods.map((p) => p.hostPorts),
      [['6403/tcp'], ['6404/tcp']],
    );
    assert.strictEqual(predictPlay(parseManifest(text, V54)).outcome, 'plays');
    // `--publish-all` (4.8+, from podmanKube.play.extraArgs) brings the old behaviour back.
    assert.match(problem(parseManifest(text, { ...V54, publishAll: true }), 'host-port-clash').message, /`--publish-all` publishes every containerPort/);
    // The diagram draws the ports podman 4.3 publishes, and none for 5.4.
    assert.match(toMermaid(m).text, /browser -->\|"6403 → 6403"\|/);
    assert.doesNotMatch(toMermaid(parseManifest(text, V54)).text, /browser/);
  });

  it('a Deployment: one pod per replica on 4.3 (none for 0), one <name>-pod from 4.4; its problems said once', () => {
    const deployment = (replicas: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      dnsPolicy: ClusterFirst\n      containers:\n        - name: c\n          image: i\n`;
    const m43 = parseManifest(deployment(3), V43);
    assert.deepStrictEqual(
      m43.pods.map((p) => p.name),
      ['web-pod-0', 'web-pod-1', 'web-pod-2'],
    );
    assert.deepStrictEqual(
      m43.pods.map((p) => p.containers[0].podmanName),
      ['web-pod-0-c', 'web-pod-1-c', 'web-pod-2-c'],
    );
    assert.strictEqual(m43.problems.filter((p) => p.code === 'unsupported-field').length, 1);
    assert.deepStrictEqual(parseManifest(deployment(0), V43).pods, []);
    // Three replicas on one containerPort clash on the host; the file says it once, not per replica.
    const ported = deployment(3).replace('          image: i\n', '          image: i\n          command: ["sh", "-c", "wget localhost:81"]\n          ports:\n            - containerPort: 80\n');
    const codes = parseManifest(ported, V43).problems.map((p) => p.code);
    assert.deepStrictEqual(
      codes.filter((c) => c === 'host-port-clash' || c === 'unresolved-host'),
      ['host-port-clash', 'unresolved-host'],
    );
    assert.deepStrictEqual(
      parseManifest(deployment(0), V54).pods.map((p) => p.name),
      ['web-pod'],
    );
    // On the host's network, and two containers on one port: each said once too.
    const hostNet = ported
      .replace('      dnsPolicy: ClusterFirst\n', '      hostNetwork: true\n')
      .replace('            - containerPort: 80\n', '            - containerPort: 80\n        - name: d\n          image: i\n          ports:\n            - containerPort: 80\n');
    const hostCodes = parseManifest(hostNet, V43).problems.map((p) => p.code);
    assert.deepStrictEqual(
      hostCodes.filter((c) => c.includes('port')),
      ['host-network-ports', 'port-clash', 'host-network-ports'],
    );
  });

  it('a Service name on podman 4.3: the message names the pod that works, a replica of the Deployment', () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  template:\n    spec:\n      containers:\n        - name: nginx\n          image: i\n          ports:\n            - containerPort: 80\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: client\nspec:\n  containers:\n    - name: c\n      image: i\n      command: ["sh", "-c", "wget http://web:80/"]\n`;
    const unresolved = parseManifest(text, V43).problems.filter((p) => p.code === 'unresolved-host');
    assert.deepStrictEqual(
      unresolved.map((p) => p.message),
      ['"web" names a Service, which podman ignores, so the name does not resolve: use the pod name web-pod-0.'],
    );
    assert.deepStrictEqual(unresolved[0].fixes![0].edits[0].newText, 'web-pod-0');
  });

  it("a Deployment's own name, from inside it: localhost, never another replica of the same template", () => {
    const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: nginx\n          image: i\n          ports:\n            - containerPort: 80\n        - name: probe\n          image: i\n          command: ["sh", "-c", "wget http://web:80/"]\n`;
    for (const v of [V43, V54]) {
      const unresolved = parseManifest(text, v).problems.filter((p) => p.code === 'unresolved-host');
      assert.deepStrictEqual(
        unresolved.map((p) => [p.message, p.fixes?.[0].edits[0].newText]),
        [['"web" names a Service, which podman ignores, so the name does not resolve: use localhost, where nginx serves port 80 in this pod.', 'localhost']],
        v.podmanVersion,
      );
    }
  });

  it('kind: List is played item by item from 4.7 (play.go splitMultiDocYAML); 4.3 has nothing to play', () => {
    const text = truth('12-list.yml');
    assert.deepStrictEqual(
      parseManifest(text, V54).pods.map((p) => p.name),
      ['t12'],
    );
    const m = parseManifest(text, V43);
    assert.deepStrictEqual([m.pods.length, predictPlay(m).outcome, predictPlay(m).cause?.code], [0, 'fails', 'nothing-to-play']);
  });

  it('--network replaces hostNetwork (play.go playKubePod): the pod joins the network', () => {
    const m = parseManifest(truth('37-host-network-on-network.yml'), { ...V43, network: 'truth' });
    assert.deepStrictEqual(
      predictPlay(m).pods.map((p) => p.network),
      ['truth'],
    );
    assert.strictEqual(problem(m, 'host-network-replaced').severity, 'info');
    assert.deepStrictEqual(
      predictPlay(parseManifest(truth('35-host-network.yml'), V43)).pods.map((p) => p.network),
      ['host'],
    );
  });

  it('network modes are not networks: --network host puts pods on the host, none gives no DNS', () => {
    const text = truth('38-two-pods-user-network.yml');
    const host = parseManifest(text, { ...V54, network: 'host' });
    assert.deepStrictEqual(
      predictPlay(host).pods.map((p) => p.network),
      ['host', 'host'],
    );
    assert.deepStrictEqual([networkHasDns('none'), networkHasDns('host'), networkHasDns('valkey1'), networkMode('pasta')], [false, false, true, 'pasta']);
    assert.match(toMermaid(parseManifest(text, { ...V54, network: 'none', dns: false }), { network: 'none' }).text, /Network mode none #40;DNS off/);
  });

  it('only the pod name (and from 4.5 container names, 4.7 the hostname) resolve: never <pod>-<container> (libpod networking)', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\nspec:\n  containers:\n    - name: pg\n      image: i\n      ports:\n        - containerPort: 5432\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: app\nspec:\n  containers:\n    - name: web\n      image: i\n      env:\n        - name: DB_HOST\n          value: db-pg\n        - name: CACHE_HOST\n          value: pg\n`;
    const m54 = parseManifest(text, V54);
    const byHost = (m: Manifest, host: string) => m.connections.find((c) => c.host === host)!;
    assert.deepStrictEqual([byHost(m54, 'db-pg').status, byHost(m54, 'db-pg').suggestion], ['impossible', 'pg']);
    assert.strictEqual(byHost(m54, 'pg').status, 'ok');
    const m43 = parseManifest(text, V43);
    assert.deepStrictEqual([byHost(m43, 'db-pg').suggestion, byHost(m43, 'pg').status, byHost(m43, 'pg').suggestion], ['db', 'impossible', 'db']);
  });

  it('localhost to a port only an init container declares: nothing listens then (libpod/pod_api.go startInitContainers)', () => {
    const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n    - name: proxy\n      image: i\n      ports:\n        - containerPort: 15001\n  containers:\n    - name: app\n      image: i\n      command: ["sh", "-c", "wget localhost:15001"]\n`;
    const c = parseManifest(text, V54).connections[0];
    assert.deepStrictEqual([c.status, c.to], ['impossible', { pod: 'p', container: 'proxy' }]);
    assert.match(c.message!, /declared by init container proxy, which podman runs to completion before app starts/);
  });

  it('two variables naming one host are two connections; socat addresses are not hosts', () => {
    const m = parseManifest(truth('45-env-hosts.yml'), V54);
    assert.deepStrictEqual(
      m.connections.map((c) => [c.envName, c.host, c.status]),
      [
        ['MYSQL_HOST', '127.0.0.1', 'ok'],
        ['REDIS_HOST', '127.0.0.1', 'ok'],
      ],
    );
    const diagram = toMermaid(m).text;
    assert.match(diagram, /MYSQL_HOST: 127\.0\.0\.1/);
    assert.match(diagram, /REDIS_HOST: 127\.0\.0\.1/);
  });

  it('names: podman checks <pod>-<container> against its rule, and creates no pod it refuses', () => {
    const pod = (pod: string, c: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "${pod}"\nspec:\n  containers:\n    - name: "${c}"\n      image: i\n`;
    assert.deepStrictEqual(
      parseManifest(pod('p', '_c'), V54).problems.filter((p) => p.severity === 'error'),
      [],
    );
    const refused = parseManifest(pod('p', 'a b'), V54);
    assert.deepStrictEqual([refused.pods.length, predictPlay(refused).outcome], [0, 'fails']);
    assert.doesNotMatch(toMermaid(refused).text, /subgraph pod/);
  });

  it('fields by version: tty honoured, startupProbe from 4.4, readinessProbe and lifecycle ignored', () => {
    const info = (file: string, v: typeof V43) =>
      parseManifest(truth(file), v)
        .problems.filter((p) => p.code === 'unsupported-field')
        .map((p) => p.message.split(':')[0]);
    assert.deepStrictEqual(info('39-tty.yml', V54), ['Podman ignores it. `stdin`']);
    assert.deepStrictEqual(info('40-probes.yml', V54), ['Podman ignores it. `readinessProbe`']);
    assert.deepStrictEqual(info('40-probes.yml', V43), ['Podman ignores it. `readinessProbe`', 'Podman ignores it before 4.4']);
  });

  it('an init container without a name plays as <pod>- (no check in kube.go ToSpecGen), with a warning', () => {
    const m = parseManifest(truth('17-init-no-name.yml'), V54);
    assert.deepStrictEqual(
      m.problems.map((p) => [p.code, p.severity]),
      [['missing-container-name', 'warning']],
    );
    assert.deepStrictEqual(
      m.pods[0].containers.map((c) => c.podmanName),
      ['t17-', 't17-app'],
    );
  });

  it('flow-style documents are manifests; kustomization files are not', () => {
    assert.ok(looksLikeKubeManifest(truth('13-flow-style.yml')));
    assert.ok(!looksLikeKubeManifest('apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - play.yml\n'));
    assert.ok(!looksLikeKubeManifest('{ "name": "x", "kinds": [] }'));
  });
});

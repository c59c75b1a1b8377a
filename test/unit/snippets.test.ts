import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { parseManifest, type Manifest } from '../../src/model';
import { expandSnippet } from '../support/snippet';

const snippets: Record<string, { prefix: string[]; body: string[]; description: string }> = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'snippets', 'kube.code-snippets'), 'utf8'));
const byPrefix = (prefix: string) => {
  const s = Object.values(snippets).find((x) => x.prefix.includes(prefix));
  assert.ok(s, `no snippet ${prefix}`);
  return expandSnippet(s.body.join('\n'));
};

/** A pod with a marker line where a fragment goes; the fragment is indented to the marker. */
const HOST = `apiVersion: v1
kind: Pod
metadata:
  name: host
spec:
  containers:
    - name: main
      image: docker.io/library/busybox:1
      ports:
        - containerPort: 1
        @PORT@
      env:
        - name: A
          value: b
        @ENV@
      volumeMounts:
        - name: data
          mountPath: /data
        @MOUNT@
    @CONTAINER@
  volumes:
    - name: data
      emptyDir: {}
    @VOLUME@
`;

function insert(marker: string, fragment: string): Manifest {
  const text = HOST.split('\n')
    .map((line) => {
      const at = line.indexOf(`@${marker}@`);
      if (at < 0) return line.includes('@') ? null : line;
      return fragment
        .split('\n')
        .map((l) => (l ? ' '.repeat(at) + l : l))
        .join('\n');
    })
    .filter((l) => l !== null)
    .join('\n');
  return parseManifest(text);
}

describe('snippets', () => {
  it('every snippet has a kube- or podman- prefix and a description', () => {
    for (const [title, s] of Object.entries(snippets)) {
      assert.ok(s.prefix.length > 0 && s.prefix.every((p) => /^(kube|podman)-/.test(p)), title);
      assert.ok(s.description.length > 20, title);
    }
  });

  it('the expander fills defaults, mirrors and choices like VS Code', () => {
    assert.strictEqual(expandSnippet('${1:a}-${2:b${3:c}} $1 ${1} ${4|x,y|} $0'), 'a-bc a a x ');
  });

  it('same-pod Valkey snippet: pod valkey0, client reaches server on localhost, no problems', () => {
    const m = parseManifest(byPrefix('podman-valkey-pod'));
    assert.deepStrictEqual(m.problems, []);
    assert.deepStrictEqual(
      m.pods.map((p) => p.containers.map((c) => c.podmanName)),
      [['valkey0-server', 'valkey0-client']],
    );
    assert.deepStrictEqual(
      m.connections.map((c) => [c.via, c.status, c.to?.container]),
      [['localhost', 'ok', 'server']],
    );
  });

  it('cross-pod Valkey snippet: pods valkey1-server and valkey1-client, DNS connection, no problems', () => {
    const m = parseManifest(byPrefix('podman-valkey-pods'));
    assert.deepStrictEqual(m.problems, []);
    assert.deepStrictEqual(
      m.pods.map((p) => p.name),
      ['valkey1-server', 'valkey1-client'],
    );
    assert.deepStrictEqual(
      m.connections.map((c) => [c.host, c.via, c.status]),
      [['valkey1-server', 'dns', 'ok']],
    );
  });

  for (const [prefix, expect] of [
    ['kube-pod', (m: Manifest) => m.pods.length === 1],
    ['kube-deployment', (m: Manifest) => m.pods[0]?.name === 'myapp-pod'],
    ['kube-pvc', (m: Manifest) => m.resources[0]?.kind === 'PersistentVolumeClaim'],
    ['kube-secret', (m: Manifest) => m.resources[0]?.kind === 'Secret'],
  ] as const) {
    it(`${prefix} expands to a manifest with no problems`, () => {
      const m = parseManifest(byPrefix(prefix));
      assert.deepStrictEqual(m.problems, []);
      assert.ok(expect(m));
    });
  }

  it('kube-configmap expands to a ConfigMap, which podman refuses to play alone', () => {
    const m = parseManifest(byPrefix('kube-configmap'));
    assert.strictEqual(m.resources[0]?.kind, 'ConfigMap');
    assert.deepStrictEqual(
      m.problems.map((p) => [p.code, p.stops]),
      [['nothing-to-play', 'fails']],
    );
    assert.deepStrictEqual(parseManifest(`${byPrefix('kube-configmap')}---\n${byPrefix('kube-pod')}`).problems, []);
  });

  for (const [prefix, marker, expect] of [
    ['kube-container', 'CONTAINER', (m: Manifest) => m.pods[0].containers.map((c) => c.name).join() === 'main,sidecar'],
    ['kube-port', 'PORT', (m: Manifest) => m.pods[0].containers[0].ports[1]?.hostPort === 8080],
    ['kube-env', 'ENV', (m: Manifest) => m.pods[0].containers[0].env[1]?.name === 'NAME'],
    ['kube-volume', 'VOLUME', (m: Manifest) => m.pods[0].volumes[1]?.type === 'hostPath'],
    ['kube-volume-pvc', 'VOLUME', (m: Manifest) => m.pods[0].volumes[1]?.type === 'persistentVolumeClaim'],
    ['kube-volumemount', 'MOUNT', (m: Manifest) => m.pods[0].containers[0].volumeMounts.length === 2],
  ] as const) {
    it(`${prefix} inserted where it belongs in a pod leaves no problems`, () => {
      const m = insert(marker, byPrefix(prefix));
      assert.deepStrictEqual(m.problems, []);
      assert.ok(expect(m), 'the fragment was not read into the model');
    });
  }
});

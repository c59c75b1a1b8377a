// Compose files to kube manifests: each mapping row, interpolation as compose does it, bad input
// (not compose, a YAML error, an unknown key, a variable without default) as a message with its
// line and no manifest. The truth suite plays conversions beside podman-compose on real podman.
import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { convertCompose, publishedPorts, seconds, words, type ConvertOptions, type Layout } from '../../src/compose/convert';
import { kubeFileName, looksLikeCompose } from '../../src/compose/names';
import { interpolateString, readCompose } from '../../src/compose/read';
import { parseManifest } from '../../src/model';
import { runCli } from '../support/cli';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function convert(text: string, o: { files?: Record<string, string>; env?: Record<string, string>; layout?: Layout; folders?: string[]; paths?: Record<string, 'file' | 'directory'> } = {}) {
  const readFile = (p: string) => o.files?.[p];
  const { project, problems } = readCompose(text, { dir: '/srv/app', env: o.env ?? {}, readFile });
  if (!project) return { problems, docs: [] as Doc[], dropped: [] as string[], changed: [] as string[], text: '' };
  const options: ConvertOptions = { layout: o.layout ?? 'pods', readFile, buildFolder: (n) => !!o.folders?.includes(n), pathKind: (p) => o.paths?.[p] };
  const c = convertCompose(project, options);
  return { problems, docs: parseAllDocuments(c.text).map((d) => d.toJS() as Doc), ...c };
}
const podOf = (docs: Doc[], name: string) => docs.find((d) => d.kind === 'Pod' && d.metadata.name === name)!;
const containerOf = (docs: Doc[], name: string) => podOf(docs, name).spec.containers[0] as Doc;

describe('compose to kube', () => {
  it('tells a compose file from a kube manifest', () => {
    assert.strictEqual(looksLikeCompose('services:\n  web:\n    image: x\n'), true);
    assert.strictEqual(looksLikeCompose('apiVersion: v1\nkind: Pod\n'), false);
    // Never a name VS Code's own patterns take for compose (compose.*.yaml, *docker*compose*.yaml).
    assert.deepStrictEqual(['compose.yaml', 'docker-compose.yml', 'docker-compose.prod.yml', '/a/compose.dev.yaml', 'stack.yml'].map(kubeFileName), ['kube.yaml', 'kube.yaml', 'kube.prod.yaml', 'kube.dev.yaml', 'stack.kube.yaml']);
  });

  it('interpolates as compose does: defaults, $$, required, and a variable without default is a problem', () => {
    const env = { SET: 'v', EMPTY: '' };
    const problems: string[] = [];
    const say = (m: string) => problems.push(m);
    assert.strictEqual(interpolateString('${SET} $SET ${EMPTY:-d} ${EMPTY-d} ${NONE:-${SET}} $$HOME ${SET:+alt}', env, say), 'v v d  v $HOME alt');
    assert.deepStrictEqual(problems, []);
    interpolateString('${NONE}', env, say);
    interpolateString('${EMPTY:?needs a value}', env, say);
    assert.deepStrictEqual(problems, ['Interpolation: ${NONE} is not set and has no default: set it in the environment or .env, or write ${NONE:-default}.', 'Interpolation: EMPTY is required: needs a value.']);
    const r = convert('services:\n  web:\n    image: nginx:${TAG}\n');
    assert.deepStrictEqual(r.problems, [{ message: 'Interpolation: ${TAG} is not set and has no default: set it in the environment or .env, or write ${TAG:-default}.', line: 2 }]);
    assert.strictEqual(r.text, '');
    // .env beside the file, under the environment.
    const withEnv = convert('services:\n  web:\n    image: nginx:${TAG}\n    environment:\n      A: ${A}\n', { files: { '.env': 'TAG=1.27\n# c\nA="from env file"\n' }, env: { A: 'shell' } });
    assert.strictEqual(containerOf(withEnv.docs, 'web').image, 'nginx:1.27');
    assert.deepStrictEqual(containerOf(withEnv.docs, 'web').env, [{ name: 'A', value: 'shell' }]);
  });

  it('bad input: a YAML error, no services, an unknown key: a message at its line, no manifest', () => {
    assert.deepStrictEqual(convert('services:\n  web:\n    image: a\n    image: b\n').problems, [{ message: 'YAML: Map keys must be unique', line: 3 }]);
    assert.deepStrictEqual(convert('volumes:\n  data: {}\n').problems, [{ message: 'Not a compose file: it has no `services`.', line: 0 }]);
    assert.deepStrictEqual(convert('services:\n  web:\n    image: nginx\n    imagee: typo\n').problems, [{ message: 'Compose: services.web: unknown key `imagee` (the compose specification has no such key here).', line: 3 }]);
    assert.match(convert('services:\n  web:\n    image: nginx\n    ports: 80\n').problems[0].message, /^Compose: services\.web\.ports: must be array\.$/);
    assert.deepStrictEqual(convert('- a\n- b\n').problems, [{ message: 'Not a compose file: the top level is not a mapping.', line: 0 }]);
  });

  it('entrypoint becomes command, command becomes args, strings split as a shell splits them', () => {
    assert.deepStrictEqual(words(`sh -c 'echo "a b"' x\\ y "q\\"z"`), ['sh', '-c', 'echo "a b"', 'x y', 'q"z']);
    const c = containerOf(convert('services:\n  app:\n    image: busybox\n    entrypoint: ["/bin/sh", "-c"]\n    command: echo hi\n').docs, 'app');
    assert.deepStrictEqual(
      [c.command, c.args],
      [
        ['/bin/sh', '-c'],
        ['echo', 'hi'],
      ],
    );
  });

  it('environment as a map or a list, env_file under it; a value from the shell is said, not written', () => {
    const r = convert('services:\n  app:\n    image: busybox\n    env_file: app.env\n    environment:\n      - A=1\n      - B=x=y\n      - FROM_SHELL\n', { files: { 'app.env': 'A=0\nC=3\n' } });
    assert.deepStrictEqual(containerOf(r.docs, 'app').env, [
      { name: 'A', value: '1' },
      { name: 'C', value: '3' },
      { name: 'B', value: 'x=y' },
    ]);
    assert.deepStrictEqual(r.dropped, ['service app: environment FROM_SHELL takes its value from the shell compose runs in: not written into the manifest']);
    assert.match(convert('services:\n  app:\n    image: busybox\n    env_file: missing.env\n').dropped[0], /env_file missing\.env cannot be read \(there is no such file\)/);
  });

  it('ports: short and long syntax, host IP, protocol, ranges; a container port alone is said', () => {
    const dropped: string[] = [];
    const ports = publishedPorts(['8080:80', '127.0.0.1:53:53/udp', '[::1]:9000:9000', '3000-3001:4000-4001', { target: 443, published: '8443', host_ip: '0.0.0.0', protocol: 'tcp' }, '9090'], (d) => dropped.push(d));
    assert.deepStrictEqual(ports, [
      { containerPort: 80, hostPort: 8080 },
      { containerPort: 53, hostPort: 53, hostIP: '127.0.0.1', protocol: 'UDP' },
      { containerPort: 9000, hostPort: 9000, hostIP: '::1' },
      { containerPort: 4000, hostPort: 3000 },
      { containerPort: 4001, hostPort: 3001 },
      { containerPort: 443, hostPort: 8443, hostIP: '0.0.0.0' },
      { containerPort: 9090 },
    ]);
    assert.deepStrictEqual(dropped, ['port 9090: compose publishes it on a random host port; kube play does not publish a containerPort without hostPort (from podman 4.8)']);
    const r = convert('services:\n  app:\n    image: busybox\n    expose: ["7000"]\n');
    assert.deepStrictEqual(containerOf(r.docs, 'app').ports, [{ containerPort: 7000 }]);
  });

  it('volumes: named ones are claims, binds absolute hostPaths (made when missing, as compose does), anonymous and tmpfs emptyDirs', () => {
    const r = convert('services:\n  db:\n    image: postgres\n    volumes:\n      - data:/var/lib/data\n      - ./conf/pg.conf:/etc/pg.conf:ro\n      - ../logs:/logs\n      - /cache\n    tmpfs: /run\nvolumes:\n  data:\n    name: pgdata\n', {
      paths: { '/srv/app/conf/pg.conf': 'file' },
    });
    const pod = podOf(r.docs, 'db');
    assert.deepStrictEqual(pod.spec.containers[0].volumeMounts, [
      { name: 'pgdata', mountPath: '/var/lib/data' },
      { name: 'db-srv-app-conf-pg-conf', mountPath: '/etc/pg.conf', readOnly: true },
      { name: 'db-srv-logs', mountPath: '/logs' },
      { name: 'anon-db-cache', mountPath: '/cache' },
      { name: 'tmpfs-db-run', mountPath: '/run' },
    ]);
    assert.deepStrictEqual(pod.spec.volumes, [
      { name: 'pgdata', persistentVolumeClaim: { claimName: 'pgdata' } },
      { name: 'db-srv-app-conf-pg-conf', hostPath: { path: '/srv/app/conf/pg.conf', type: 'File' } },
      { name: 'db-srv-logs', hostPath: { path: '/srv/logs', type: 'DirectoryOrCreate' } },
      { name: 'anon-db-cache', emptyDir: {} },
      { name: 'tmpfs-db-run', emptyDir: { medium: 'Memory' } },
    ]);
    assert.deepStrictEqual(r.docs[0], { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'pgdata' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } });
  });

  it('healthcheck is a liveness probe podman runs; restart a restart policy; depends_on the order', () => {
    assert.deepStrictEqual([seconds('1m30s'), seconds('500ms'), seconds('2h'), seconds(3)], [90, 1, 7200, 3]);
    const r = convert(
      'services:\n  web:\n    image: nginx\n    restart: on-failure:3\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    image: postgres\n    restart: always\n    healthcheck:\n      test: ["CMD", "pg_isready"]\n      interval: 1m\n      timeout: 5s\n      retries: 3\n      start_period: 30s\n',
    );
    assert.deepStrictEqual(
      r.docs.map((d) => d.metadata.name),
      ['db', 'web'],
    );
    assert.deepStrictEqual(containerOf(r.docs, 'db').livenessProbe, { exec: { command: ['pg_isready'] }, periodSeconds: 60, timeoutSeconds: 5, failureThreshold: 3, initialDelaySeconds: 30 });
    assert.deepStrictEqual([podOf(r.docs, 'db').spec.restartPolicy, podOf(r.docs, 'web').spec.restartPolicy], ['Always', 'OnFailure']);
    assert.deepStrictEqual(r.dropped, ['service web: restart on-failure:3: the retry count is not carried over (OnFailure retries without a limit)', 'service web: depends_on db (service_healthy): podman plays db first but does not wait for it']);
    assert.deepStrictEqual(podOf(convert('services:\n  a:\n    image: x\n').docs, 'a').spec.restartPolicy, 'Never');
  });

  it('user, capabilities, privileged, read_only, working_dir, tty, limits, extra_hosts, hostname, labels', () => {
    const r = convert(
      'services:\n  app:\n    image: busybox\n    user: "1000:100"\n    cap_add: [NET_ADMIN]\n    cap_drop: [ALL]\n    privileged: true\n    read_only: true\n    working_dir: /w\n    tty: true\n    stdin_open: true\n    mem_limit: 512m\n    cpus: 0.5\n    extra_hosts:\n      - "db.local:10.0.0.5"\n      - "cache.local=10.0.0.5"\n    hostname: box\n    labels:\n      team: core\n',
    );
    const pod = podOf(r.docs, 'app');
    assert.deepStrictEqual(pod.metadata.annotations, { team: 'core' });
    assert.deepStrictEqual(pod.spec.hostAliases, [{ ip: '10.0.0.5', hostnames: ['db.local', 'cache.local'] }]);
    assert.strictEqual(pod.spec.hostname, 'box');
    const c = pod.spec.containers[0] as Doc;
    assert.deepStrictEqual(c.securityContext, { runAsUser: 1000, runAsGroup: 100, capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] }, privileged: true, readOnlyRootFilesystem: true });
    assert.deepStrictEqual([c.workingDir, c.tty, c.stdin, c.resources], ['/w', true, true, { limits: { cpu: '0.5', memory: '512Mi' } }]);
    assert.deepStrictEqual(r.dropped, []);
    assert.deepStrictEqual(convert('services:\n  app:\n    image: busybox\n    user: www\n').dropped, ['service app: user www: kube takes a numeric user id only']);
  });

  it('build: a folder named like the image beside the file is built by kube play; any other build is said', () => {
    const ok = convert('services:\n  web:\n    build: ./web\n', { folders: ['web'] });
    assert.strictEqual(containerOf(ok.docs, 'web').image, 'web');
    assert.deepStrictEqual(ok.changed, ['service web: built by podman kube play from web/ (play with --build to rebuild)']);
    const other = convert('services:\n  api:\n    build:\n      context: ../src\n      dockerfile: api.Dockerfile\n    image: me/api:1\n');
    assert.strictEqual(containerOf(other.docs, 'api').image, 'me/api:1');
    assert.match(other.dropped[0], /^service api: build \.\.\/src \(api\.Dockerfile\): kube play builds only from a folder named like the image/);
  });

  it('configs are ConfigMaps mounted at their path; secrets, networks, profiles and unknown keys are said', () => {
    const r = convert(
      'services:\n  web:\n    image: nginx\n    configs:\n      - source: site\n        target: /etc/nginx/conf.d/site.conf\n    secrets: [token]\n    networks: [front]\n    stop_signal: SIGINT\n  debug:\n    image: busybox\n    profiles: [debug]\nconfigs:\n  site:\n    file: ./site.conf\nsecrets:\n  token:\n    file: ./token\nnetworks:\n  front: {}\n',
      { files: { './site.conf': 'server {}\n' } },
    );
    assert.deepStrictEqual(r.docs[0], { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-site' }, data: { site: 'server {}\n' } });
    assert.deepStrictEqual(containerOf(r.docs, 'web').volumeMounts, [{ name: 'config-site', mountPath: '/etc/nginx/conf.d/site.conf', subPath: 'site', readOnly: true }]);
    assert.deepStrictEqual(r.dropped, [
      'service debug: not converted (profile debug not enabled)',
      'service web: `stop_signal` is not carried over',
      'service web: secret token is not carried over yet: create a podman secret (Podman: Create Podman Secret...) and read it with secretKeyRef or a secret volume',
      "service web: networks front: it plays on the play's one network",
      'network front: every pod plays on the one network of the play (podman kube play --net NAME)',
    ]);
    // Every dropped item is in the comment at the top, and the comment cannot be broken out of.
    for (const d of r.dropped) assert.ok(r.text.includes(`# - ${d}\n`), d);
  });

  it('extends: the base service under its own keys; mappings merged, ports appended', () => {
    const r = convert('services:\n  base:\n    image: busybox\n    environment: {A: "1", B: "1"}\n    ports: ["80:80"]\n  app:\n    extends: base\n    environment: {B: "2"}\n    ports: ["81:81"]\n');
    const c = containerOf(r.docs, 'app');
    assert.deepStrictEqual(
      [c.image, c.env, c.ports.length],
      [
        'busybox',
        [
          { name: 'A', value: '1' },
          { name: 'B', value: '2' },
        ],
        2,
      ],
    );
  });

  it('one pod: the service names are host aliases of 127.0.0.1, a port two services use is said', () => {
    const r = convert('name: shop\nservices:\n  web:\n    image: nginx\n    ports: ["8080:80"]\n  api:\n    image: api\n    expose: ["80"]\n', { layout: 'pod' });
    assert.deepStrictEqual(
      r.docs.map((d) => d.metadata.name),
      ['shop'],
    );
    assert.deepStrictEqual(r.docs[0].spec.hostAliases, [{ ip: '127.0.0.1', hostnames: ['web', 'api'] }]);
    assert.deepStrictEqual(r.dropped, ["service api: port 80/TCP is also web's: in one pod only one of them can have it (use the pods layout)"]);
  });

  it('the result is a manifest podman plays: no error from the model, and a hostile value stays in its comment', () => {
    const r = convert('services:\n  web:\n    image: nginx\n    network_mode: "bridge\\napiVersion: v1"\n    ports: ["8080:80"]\n  db:\n    image: postgres\n');
    assert.ok(r.text.includes('# - service web: network_mode bridge apiVersion: v1 is not carried over\n'), r.text);
    const m = parseManifest(r.text, { podmanVersion: '5.8.0', dns: true });
    assert.deepStrictEqual(
      m.problems.filter((p) => p.severity === 'error'),
      [],
    );
    assert.deepStrictEqual(
      m.pods.map((p) => p.name),
      ['web', 'db'],
    );
    assert.ok(parse(r.text.split('\n---\n')[0]));
  });

  it('a comment stays a comment for every YAML parser: NEL, line and paragraph separators, BOM become spaces', () => {
    const r = convert('services:\n  web:\n    image: nginx\n    network_mode: "x\\u0085kind: Pod\\u2028y\\u2029z\\ufeffw"\n');
    const line = r.text.split('\n').find((l) => l.includes('network_mode'))!;
    assert.strictEqual(line, '# - service web: network_mode x kind: Pod y z w is not carried over');
  });

  it('extends as compose merges: KEY=VALUE lists as mappings, mappings deep, volumes by target', () => {
    const r = convert(
      'services:\n  base:\n    image: busybox\n    environment: [A=1, B=1]\n    volumes: ["./a:/data", "./logs:/logs"]\n    deploy:\n      resources:\n        limits: {memory: 64m}\n  app:\n    extends: base\n    environment: [B=2]\n    volumes: ["./b:/data"]\n    deploy:\n      resources:\n        reservations: {memory: 32m}\n',
    );
    const c = containerOf(r.docs, 'app');
    assert.deepStrictEqual(c.env, [
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
    assert.deepStrictEqual(
      (c.volumeMounts as Doc[]).map((m) => m.mountPath),
      ['/logs', '/data'],
    );
    assert.deepStrictEqual(c.resources, { limits: { memory: '64Mi' }, requests: { memory: '32Mi' } });
  });

  it('volume names never collide; Windows paths and mount options are said; a named volume says its compose name', () => {
    const r = convert('name: shop\nservices:\n  app:\n    image: busybox\n    volumes: ["./a_b:/x", "./a-b:/y", "C:\\\\data:/d", "./c:/c:z", "data:/v"]\nvolumes:\n  data: {}\n');
    const pod = podOf(r.docs, 'app');
    assert.deepStrictEqual(
      (pod.spec.volumes as Doc[]).map((v) => [v.name, v.hostPath?.path ?? v.persistentVolumeClaim?.claimName]),
      [
        ['app-srv-app-a-b', '/srv/app/a_b'],
        ['app-srv-app-a-b-2', '/srv/app/a-b'],
        ['app-srv-app-c', '/srv/app/c'],
        ['data', 'data'],
      ],
    );
    assert.deepStrictEqual(r.dropped, [
      "service app: volume C:\\data:/d: a Windows path is not carried over; give the folder as podman's machine sees it",
      'service app: volume ./c:/c:z: the options z are not carried over (an SELinux host may then deny the mount)',
    ]);
    assert.deepStrictEqual(r.changed, ['volume data: the claim data; compose names it shop_data, so data podman-compose kept there is not used']);
  });

  it('one pod: the restart policy that restarts most, said; a host port two services publish is said', () => {
    const r = convert('name: s\nservices:\n  db:\n    image: postgres\n    restart: always\n    ports: ["80:5432"]\n  web:\n    image: nginx\n    ports: ["80:81"]\n', { layout: 'pod' });
    assert.strictEqual(r.docs[0].spec.restartPolicy, 'Always');
    assert.ok(r.changed.includes('one pod s: the services restart differently (db Always, web Never); the pod has restartPolicy Always for all'), r.changed.join('\n'));
    assert.deepStrictEqual(r.dropped, ["service web: port host 80/TCP is also db's: in one pod only one of them can have it (use the pods layout)"]);
  });

  it("healthcheck: compose's defaults; a restart on failure is said; strings true and 5 read as compose reads them", () => {
    const r = convert('services:\n  db:\n    image: postgres\n    restart: always\n    privileged: "true"\n    tty: "yes"\n    healthcheck:\n      test: pg_isready\n      retries: "5"\n');
    const c = containerOf(r.docs, 'db');
    assert.deepStrictEqual(c.livenessProbe, { exec: { command: ['/bin/sh', '-c', 'pg_isready'] }, periodSeconds: 30, timeoutSeconds: 30, failureThreshold: 5 });
    assert.deepStrictEqual([c.securityContext, c.tty], [{ privileged: true }, true]);
    assert.deepStrictEqual(r.changed, ['service db: podman restarts the container when its healthcheck fails (a liveness probe with restartPolicy Always); compose only marks it unhealthy']);
  });

  it('labels as a list, x- keys ignored, include and entrypoint "" said, env files with quotes and comments, no service left is a problem', () => {
    const r = convert('include: [other.yaml]\nservices:\n  app:\n    image: busybox\n    entrypoint: ""\n    labels: ["traefik.enable=true"]\n    x-note: mine\n    env_file: app.env\n', {
      files: { 'app.env': 'A="x y" # c\nB="l1\\nl2"\nC=\'q\' # d\n' },
    });
    assert.deepStrictEqual(podOf(r.docs, 'app').metadata.annotations, { 'traefik.enable': 'true' });
    assert.deepStrictEqual(containerOf(r.docs, 'app').env, [
      { name: 'A', value: 'x y' },
      { name: 'B', value: 'l1\nl2' },
      { name: 'C', value: 'q' },
    ]);
    assert.deepStrictEqual(r.dropped, ['include: the files it includes are not read: convert each of them', 'service app: entrypoint "" (no entrypoint) is not carried over: kube play keeps the image\'s']);
    assert.throws(() => convert('services:\n  a:\n    image: x\n    profiles: [debug]\n'), /No service to convert: every one is in a profile that is not enabled/);
  });

  it('the CLI prints the manifest, and what changed or was dropped on stderr; a bad file exits 1 with no output', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-compose-'));
    writeFileSync(`${dir}/compose.yaml`, 'services:\n  web:\n    image: nginx\n    restart: unless-stopped\n');
    writeFileSync(`${dir}/bad.yaml`, 'services:\n  web:\n    image: nginx:${TAG}\n');
    try {
      const ok = runCli('compose', `${dir}/compose.yaml`);
      assert.strictEqual(ok.code, 0, ok.err);
      assert.match(ok.out, /^# Converted from compose project pk-compose-/);
      assert.match(ok.out, /kind: Pod\nmetadata:\n {2}name: web\n/);
      assert.strictEqual(ok.err, 'changed: service web: restart unless-stopped is restartPolicy Always (kube has no "unless stopped")\n');
      const bad = runCli('compose', `${dir}/bad.yaml`);
      assert.deepStrictEqual([bad.code, bad.out], [1, '']);
      assert.match(bad.err, /bad\.yaml:3: error: Interpolation: \$\{TAG\} is not set/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

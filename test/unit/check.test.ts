// `node dist/cli.js check`: what the language server says about a file, for CI and hooks, in
// text (one problem a line, like a compiler) or as the prediction in JSON; exit 0, 1 or 2.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { join } from 'path';
import { runCli } from '../support/cli';
import type { Report } from '../../src/model';

const ROOT = join(__dirname, '..', '..', '..');
const F = (name: string) => join(ROOT, 'test/fixtures/check', name);

const check = (...args: string[]) => runCli('check', ...args);
const json = (...args: string[]) => JSON.parse(check('--format', 'json', ...args).out) as Report[];

describe('check CLI', () => {
  it('a file that plays: no output, exit 0', () => {
    assert.deepStrictEqual(check(join(ROOT, 'samples/valkey1/play.yml'), '--net', 'valkey1'), { code: 0, out: '', err: '' });
  });

  it('several files, each checked alone: file:line:col: severity: message for the one with an error, exit 1', () => {
    const r = check(F('web.yml'), F('broken.yml'));
    assert.strictEqual(r.code, 1);
    assert.deepStrictEqual(r.out.trimEnd().split('\n'), [`${F('broken.yml')}:7:13: error: Container "app" has no \`image\`: podman cannot create it.`]);
  });

  it('JSON: each pod with its podman name, network, published ports (hostIP, hostPort, containerPort, protocol) and containers', () => {
    const [web] = json(F('web.yml'));
    assert.deepStrictEqual(
      { outcome: web.outcome, pods: web.pods },
      {
        outcome: 'plays',
        pods: [
          {
            name: 'web',
            network: 'podman-default-kube-network',
            ports: [{ hostIP: '127.0.0.1', hostPort: 16379, containerPort: 6379, protocol: 'tcp' }],
            containers: [
              { name: 'web-setup', image: 'docker.io/valkey/valkey:8', init: true },
              { name: 'web-app', image: 'docker.io/valkey/valkey:8', init: false },
            ],
          },
        ],
      },
    );
  });

  it("podman kube play's own arguments after --: --publish-all publishes the containerPort, --network moves a host-network pod", () => {
    assert.deepStrictEqual(
      json(F('web.yml'), '--', '--publish-all')[0].pods[0].ports.map((p) => p.hostPort),
      [16379, 9000],
    );
    assert.deepStrictEqual([json(F('host.yml'))[0].pods[0].network, json(F('host.yml'), '--', '--network=valkey1')[0].pods[0].network, json(F('host.yml'), '--net', 'valkey1')[0].pods[0].network], ['host', 'valkey1', 'valkey1']);
  });

  it('--no-pod-prefix after --: on 5.7 and later containers keep their own names (init containers keep the prefix); older podmans stop at the flag', () => {
    const [newest] = json(F('web.yml'), '--', '--no-pod-prefix');
    assert.deepStrictEqual(
      newest.pods[0].containers.map((c) => c.name),
      ['web-setup', 'app'],
    );
    const old = check(F('web.yml'), '--podman-version', '5.6.2', '--', '--no-pod-prefix');
    assert.deepStrictEqual([old.code, old.out], [1, `${F('web.yml')}:1:1: error: Podman 5.6.2 has no \`--no-pod-prefix\` (it came in podman 5.7): it stops with "unknown flag: --no-pod-prefix" before reading the file.\n`]);
  });

  it('--remote: the flags the remote client lacks stop it, said at the file start; --configmap from 4.6, --userns dropped before 4.7', () => {
    const build = check(F('web.yml'), '--remote', '--', '--build');
    assert.deepStrictEqual(
      [build.code, build.out],
      [
        1,
        `${F('web.yml')}:1:1: error: The remote podman client (a connection, or podman on macOS and Windows) has no \`--build\`: build the images first (\`podman build\`, which the remote client has), then play. It stops with "unknown flag: --build" before reading the file.\n`,
      ],
    );
    assert.deepStrictEqual(check(F('web.yml'), '--', '--build'), { code: 0, out: '', err: '' });
    const codes = (...args: string[]) => json(F('refs.yml'), '--remote', ...args)[0].problems.map((p) => `${p.severity} ${p.code}`);
    assert.deepStrictEqual(codes('--podman-version', '4.5.1', '--configmap', F('settings.yml'), '--secret', 'db-password'), ['error remote-flag-unsupported']);
    assert.deepStrictEqual(codes('--podman-version', '4.6.0', '--configmap', F('settings.yml'), '--secret', 'db-password'), []);
    assert.deepStrictEqual(codes('--podman-version', '4.3.1', '--secret', 'db-password', '--', '--userns=keep-id')[0], 'warning remote-userns-dropped');
    assert.deepStrictEqual(codes('--podman-version', '4.7.0', '--secret', 'db-password', '--', '--userns=keep-id'), ['warning configmap-unknown']);
  });

  it('a Secret or ConfigMap outside the file: a warning without --secret and --configmap, an error when they do not hold it', () => {
    const unknown = check(F('refs.yml'));
    assert.deepStrictEqual([unknown.code, unknown.out.match(/: warning: /g)?.length], [0, 2]);
    const given = check(F('refs.yml'), '--secret', 'db-password', '--configmap', F('settings.yml'));
    assert.deepStrictEqual(given, { code: 0, out: '', err: '' });
    const wrong = json(F('refs.yml'), '--secret', 'other', '--', '--configmap', F('other-settings.yml'));
    assert.deepStrictEqual(
      wrong[0].problems.map((p) => [p.severity, p.code, p.stops]),
      [
        ['error', 'secret-missing', 'fails'],
        ['error', 'configmap-missing', 'fails'],
      ],
    );
    assert.strictEqual(wrong[0].outcome, 'fails');
  });

  it('the version chosen: podman 4.3.1 makes one pod per replica of a Deployment', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: app\n          image: i\n';
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', '-', '--podman-version', '4.3.1', '--format', 'json'], { input: deployment, encoding: 'utf8' });
    assert.deepStrictEqual(
      (JSON.parse(r.stdout) as Report[])[0].pods.map((p) => p.name),
      ['web-pod-0', 'web-pod-1'],
    );
  });

  it('a YAML error and a missing file: a clear message, exit 1, no stack trace', () => {
    const yaml = check(F('yaml-error.yml'));
    assert.strictEqual(yaml.code, 1);
    assert.match(yaml.out, /yaml-error\.yml:\d+:\d+: error: YAML: /);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', F('nope.yml'), '--format', 'json'], { encoding: 'utf8' });
    assert.deepStrictEqual([r.status, r.stderr.trim()], [1, `cannot read ${F('nope.yml')}: ${F('nope.yml')} does not exist (or a link in its path leads nowhere).`]);
    assert.deepStrictEqual(JSON.parse(r.stdout), [{ file: F('nope.yml'), error: r.stderr.trim() }]);
  });

  it('topology --net: the network reaches the model, so a hostNetwork pod is drawn on it, where podman puts it', () => {
    const { out, err } = runCli('topology', F('host.yml'), '--net', 'valkey1');
    assert.match(out, /subgraph net\["Network valkey1"\]\n\s+subgraph pod0\["Pod hosted"\]/);
    assert.match(err, /`--network valkey1` replaces `hostNetwork`/);
  });

  it('bad usage: exit 2 with the usage', () => {
    for (const args of [[], ['--format', 'xml', F('web.yml')], [F('web.yml'), '--secret'], [F('web.yml'), '--bogus']]) {
      const r = check(...args);
      assert.deepStrictEqual([r.code, r.out, /usage: podman-kube/.test(r.err)], [2, '', true], args.join(' '));
    }
  });
});

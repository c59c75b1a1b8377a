import * as assert from 'assert';
import {
  containerListArgs,
  displayCommand,
  eventsArgs,
  execShellArgs,
  kubeDownArgs,
  kubeGenerateArgs,
  kubePlayArgs,
  logsArgs,
  networkCreateArgs,
  networkListArgs,
  onTarget,
  podArgs,
  podListArgs,
  podLogsArgs,
  projectDownArgs,
  projectPlayArgs,
  secretCreateArgs,
} from '../../src/podman/args';
import { classifyError, errorText, parseConnections, parseNetworks, parseVersion } from '../../src/podman/parse';

describe('podman argument builders', () => {
  it('kube play: network, replace, extra args, then the file', () => {
    assert.deepStrictEqual(kubePlayArgs({ file: '/w/play.yml' }), ['kube', 'play', '/w/play.yml']);
    assert.deepStrictEqual(onTarget({ connection: 'remote' }, kubePlayArgs({ file: '-', network: 'valkey1', replace: true, extraArgs: ['--log-driver', 'k8s-file'] })), [
      '--connection',
      'remote',
      'kube',
      'play',
      '--network',
      'valkey1',
      '--replace',
      '--log-driver',
      'k8s-file',
      '-',
    ]);
  });

  it('a project: one play of every file on podman 5.7+, else one a file in order; its ConfigMap files as --configmap; down the other way', () => {
    const files = [
      { path: '/w/config.yml', configMapsOnly: true },
      { path: '/w/db.yml', configMapsOnly: false },
      { path: '-app.yml', configMapsOnly: false },
    ];
    const o = { files, network: 'valkey2', replace: true, extraArgs: ['--log-level', 'info'] };
    assert.deepStrictEqual(projectPlayArgs({ ...o, oneCommand: true }), [['kube', 'play', '--network', 'valkey2', '--replace', '--configmap', '/w/config.yml', '--log-level', 'info', '/w/db.yml', './-app.yml']]);
    assert.deepStrictEqual(projectPlayArgs({ ...o, oneCommand: false }), [
      ['kube', 'play', '--network', 'valkey2', '--replace', '--configmap', '/w/config.yml', '--log-level', 'info', '/w/db.yml'],
      ['kube', 'play', '--network', 'valkey2', '--replace', '--configmap', '/w/config.yml', '--log-level', 'info', './-app.yml'],
    ]);
    assert.deepStrictEqual(projectDownArgs({ files, oneCommand: true }), [['kube', 'down', '/w/db.yml', './-app.yml']]);
    assert.deepStrictEqual(projectDownArgs({ files, oneCommand: false }), [
      ['kube', 'down', './-app.yml'],
      ['kube', 'down', '/w/db.yml'],
    ]);
    assert.deepStrictEqual(projectPlayArgs({ files: [files[0]], oneCommand: true }), []);
  });

  it('a file name is one argument whatever it holds, and never a flag', () => {
    const odd = '/w/my play; rm -rf ~ $(touch x) `id` & "q".yml';
    assert.deepStrictEqual(kubePlayArgs({ file: odd }).at(-1), odd);
    assert.deepStrictEqual(kubeDownArgs({ file: '--help' }), ['kube', 'down', './--help']);
  });

  it('a hostile network name is rejected before any command line exists', () => {
    assert.throws(() => kubePlayArgs({ file: 'p.yml', network: 'a;rm -rf /' }), /Use letters, digits/);
    assert.throws(() => networkCreateArgs({ name: '$(id)' }), /Use letters, digits/);
    assert.throws(() => networkCreateArgs({ name: '-x' }), /starting with a letter or digit/);
    assert.deepStrictEqual(networkCreateArgs({ name: 'valkey1' }), ['network', 'create', 'valkey1']);
  });

  it('other commands', () => {
    assert.deepStrictEqual(networkListArgs(), ['network', 'ls', '--format', 'json']);
    assert.deepStrictEqual(logsArgs({ container: 'valkey0-client' }), ['logs', '-f', '--', 'valkey0-client']);
    assert.deepStrictEqual(kubePlayArgs({ file: '/w/app.yml', configMaps: ['/w/cm.yml', '-odd.yml'] }), ['kube', 'play', '--configmap', '/w/cm.yml', '--configmap', './-odd.yml', '/w/app.yml']);
    assert.deepStrictEqual(secretCreateArgs({ name: 'db-password' }), ['secret', 'create', '--env', 'db-password', 'PODMAN_KUBE_SECRET']);
    assert.throws(() => secretCreateArgs({ name: '--driver=shell' }), /Secret "--driver=shell": Use 1 to 64 letters/);
  });

  it("the Podman view's commands: on the chosen connection, every name after --", () => {
    const c = { connection: 'remote1' };
    assert.deepStrictEqual(onTarget(c, eventsArgs()), ['--connection', 'remote1', 'events', '--format', 'json', '--filter', 'type=container', '--filter', 'type=pod', '--filter', 'type=network', '--filter', 'type=image']);
    assert.deepStrictEqual(onTarget(c, podListArgs()), ['--connection', 'remote1', 'pod', 'ps', '--format', 'json']);
    assert.deepStrictEqual(containerListArgs(), ['ps', '--all', '--pod', '--format', 'json']);
    assert.deepStrictEqual(onTarget(c, podArgs({ action: 'rm', pod: '-x' })), ['--connection', 'remote1', 'pod', 'rm', '--force', '--', '-x']);
    assert.deepStrictEqual(podArgs({ action: 'stop', pod: 'p' }), ['pod', 'stop', '--', 'p']);
    assert.deepStrictEqual(kubeGenerateArgs({ pod: 'p' }), ['kube', 'generate', '--', 'p']);
    assert.deepStrictEqual(onTarget(c, podLogsArgs({ pod: '-p' })), ['--connection', 'remote1', 'pod', 'logs', '-f', '--names', '--', '-p']);
    assert.deepStrictEqual(execShellArgs({ container: 'c' }), ['exec', '-it', '--', 'c', 'sh']);
  });

  it('logs a command line a person can paste', () => {
    assert.strictEqual(displayCommand('podman', ['kube', 'play', '/w/my play.yml', "it's"]), "podman kube play '/w/my play.yml' 'it'\\''s'");
  });
});

describe('podman output parsers', () => {
  it('network ls (netavark and CNI shapes)', () => {
    const json = JSON.stringify([
      { name: 'podman', driver: 'bridge', dns_enabled: false },
      { name: 'valkey1', driver: 'bridge', dns_enabled: true },
      { Name: 'cni', Plugins: ['bridge', 'dnsname'] },
    ]);
    assert.deepStrictEqual(parseNetworks(json), [
      { name: 'podman', driver: 'bridge', dns: false },
      { name: 'valkey1', driver: 'bridge', dns: true },
      { name: 'cni', driver: '', dns: true },
    ]);
  });

  it('version and connections', () => {
    assert.deepStrictEqual(parseVersion('{"Client":{"Version":"4.3.1"}}'), { client: '4.3.1', server: '4.3.1', remote: false });
    assert.deepStrictEqual(parseVersion('{"Client":{"Version":"5.2.0"},"Server":{"Version":"4.9.3"}}'), { client: '5.2.0', server: '4.9.3', remote: true });
    assert.throws(() => parseVersion('{}'));
    assert.deepStrictEqual(parseConnections('[{"Name":"box","URI":"ssh://core@box/run/podman.sock","Default":true}]'), [{ name: 'box', uri: 'ssh://core@box/run/podman.sock', isDefault: true }]);
    assert.deepStrictEqual(parseConnections('[]'), []);
  });

  it('errors: what they mean and the text to show', () => {
    const exists = 'Error: adding pod to state: name "valkey1-server" is in use: pod already exists\n';
    assert.strictEqual(classifyError(exists), 'already-exists');
    assert.strictEqual(errorText(exists), 'adding pod to state: name "valkey1-server" is in use: pod already exists');
    assert.strictEqual(classifyError('Error: unable to find network with name or ID valkey9: network not found'), 'no-network');
    assert.strictEqual(classifyError('Error: initializing source docker://x: pinging container registry x'), 'image-missing');
    assert.strictEqual(errorText('time="2026" level=warning msg="noise"\nError: real problem\n'), 'real problem');
  });
});

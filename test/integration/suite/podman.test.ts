// Podman commands in the real extension host against real podman (isolated storage and the
// local Valkey-compatible image, prepared by scripts/setup-podman.sh).
import * as assert from 'assert';
import { execFile } from 'child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';
import type { Api } from '../../../src/extension';
import { closeAll, EXTENSION_ID, openYaml, waitFor, workspaceFile } from './helpers';

const run = promisify(execFile);
const podman = async (...args: string[]) => (await run('podman', args, { env: process.env })).stdout.trim();
const podExists = (name: string) =>
  run('podman', ['pod', 'exists', name]).then(
    () => true,
    () => false,
  );
const counter = async (container: string) => Number(await podman('exec', container, 'valkey-cli', 'GET', 'counter').catch(() => '0')) || 0;
const command = <T = Outcome>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);

async function cleanUp(): Promise<void> {
  await podman('pod', 'rm', '-f', '--ignore', 'valkey0', 'valkey1-server', 'valkey1-client', 'oddpod').catch(() => '');
  await podman('network', 'rm', '-f', 'valkey1').catch(() => '');
}

/** The counter read twice, increasing: the client really reaches the server. */
async function counterIncreases(server: string): Promise<[number, number]> {
  const first = await waitFor(`${server}'s counter to start`, async () => ((await counter(server)) >= 1 ? counter(server) : undefined), 40_000);
  const second = await waitFor(
    `${server}'s counter to increase`,
    async () => {
      const n = await counter(server);
      return n > first ? n : undefined;
    },
    40_000,
  );
  return [first, second];
}

describe('podman commands against real podman', function () {
  this.timeout(180_000);
  let api: Api;

  before(async () => {
    api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
    await cleanUp();
  });
  after(cleanUp);
  afterEach(closeAll);

  it('plays the same-pod snippet from an unsaved document; the counter increases; Kube Down removes it', async () => {
    const editor = await openYaml('');
    await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: 'yaml', name: 'Podman: Valkey server and client in one pod' });
    await vscode.commands.executeCommand('leaveSnippet');
    assert.ok(editor.document.isUntitled);
    const played = await command('podmanKube.play');
    assert.ok(played.ok, played.message);
    assert.match(played.message, /^Played Untitled-\d+ on podman-default-kube-network: pod valkey0 \(valkey0-server, valkey0-client\)\.$/);
    assert.deepStrictEqual(played.offered, ['Show Logs', 'Open Preview']);
    const [a, b] = await counterIncreases('valkey0-server');
    assert.ok(b > a);
    // Show Logs opens a terminal that runs podman itself (no shell in between).
    const terminal = await command<vscode.Terminal>('podmanKube.showLogs', undefined, 'valkey0-client');
    const pid = await waitFor('the logs terminal process', async () => terminal.processId);
    const cmdline = await waitFor('podman logs to run', () => {
      const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      return c.includes('logs') ? c : undefined;
    });
    assert.deepStrictEqual(cmdline.slice(-4), ['logs', '-f', '--', 'valkey0-client']);
    assert.match(cmdline[0], /podman$/);
    terminal.dispose();
    const down = await command('podmanKube.down');
    assert.ok(down.ok, down.message);
    assert.strictEqual(await podExists('valkey0'), false);
  });

  it('a project (samples/valkey2): Play Project one file at a time on podman 4.3, the app counts in the database; played again it offers Replace and keeps the pods; a file that stops removes what the play made; Down Project leaves nothing', async () => {
    await podman('network', 'rm', '-f', 'valkey2').catch(() => '');
    const app = workspaceFile('valkey2', 'app.yml');
    await vscode.window.showTextDocument(app);
    // The network the unit names is missing: said before podman runs.
    const missing = await command('podmanKube.playProject', app);
    assert.match(missing.message, /plays on network valkey2, which podman does not have/);
    assert.ok((await command('podmanKube.createNetwork', 'valkey2')).ok);
    try {
      const played = await command('podmanKube.playProject', app);
      assert.ok(played.ok, played.message);
      assert.strictEqual(played.message, 'Played project valkey2 (config.yml, db.yml, app.yml) on valkey2: pods valkey2-db, valkey2-app.');
      const log = await waitFor(
        'the app to count',
        async () => {
          const l = await podman('logs', 'valkey2-app-app').catch(() => '');
          return /^2$/m.test(l) ? l : undefined;
        },
        40_000,
      );
      assert.match(log, /^1\n2$/m);
      // Played again: podman says the pods exist; they stay, and Replace is offered, which replaces them.
      const again = await command('podmanKube.playProject', app);
      assert.deepStrictEqual([again.ok, again.offered], [false, ['Replace']]);
      assert.match(again.message, /stopped at db\.yml \(1 of 2\): .*already exists/s);
      assert.deepStrictEqual([await podExists('valkey2-db'), await podExists('valkey2-app')], [true, true]);
      const replaced = await command('podmanKube.playProjectReplace', app);
      assert.ok(replaced.ok, replaced.message);
      const down = await command('podmanKube.downProject', app);
      assert.ok(down.ok, down.message);
      assert.deepStrictEqual([await podExists('valkey2-db'), await podExists('valkey2-app')], [false, false]);
      assert.strictEqual(await podman('volume', 'ls', '--format', '{{.Name}}'), '');
      // app.yml refused by podman: the play stops there, and db.yml, played before it, is taken down.
      const original = readFileSync(app.fsPath, 'utf8');
      writeFileSync(app.fsPath, original.replace('- name: app', '- name: "bad name"'));
      try {
        const stopped = await command('podmanKube.playProject', app);
        assert.strictEqual(stopped.ok, false);
        assert.match(stopped.message, /^Play project valkey2 on valkey2 stopped at app\.yml \(2 of 2\): .*names must match.*\. Removed what it had made: (pod valkey2-(db|app), ){2}volume valkey2-config\.$/s);
        assert.deepStrictEqual([await podExists('valkey2-db'), await podExists('valkey2-app')], [false, false]);
      } finally {
        writeFileSync(app.fsPath, original);
      }
      // A file in no project says so, and plays nothing.
      const lone = await command('podmanKube.playProject', workspaceFile('valkey1', 'play.yml'));
      assert.match(lone.message, /play\.yml is not part of a project/);
    } finally {
      await podman('pod', 'rm', '-f', '--ignore', 'valkey2-db', 'valkey2-app').catch(() => '');
      await podman('volume', 'rm', '-f', 'valkey2-config').catch(() => '');
      await podman('network', 'rm', '-f', 'valkey2').catch(() => '');
    }
  });

  it('cross-pod: creates network valkey1, plays on it, the client reaches the server by pod name; playing again offers Replace', async () => {
    const created = await command('podmanKube.createNetwork', 'valkey1');
    assert.ok(created.ok, created.message);
    assert.strictEqual(JSON.parse(await podman('network', 'inspect', 'valkey1'))[0].dns_enabled, true);
    const uri = workspaceFile('valkey1', 'play.yml');
    await vscode.window.showTextDocument(uri);
    assert.strictEqual(await command<string>('podmanKube.chooseNetwork', uri, 'valkey1'), 'valkey1');
    const played = await command('podmanKube.play', uri);
    assert.ok(played.ok, played.message);
    assert.match(played.message, /on valkey1: pods valkey1-server \(valkey1-server-server\); valkey1-client \(valkey1-client-client\)/);
    const networks = JSON.parse(await podman('pod', 'inspect', 'valkey1-client', '--format', '{{json .InfraConfig.Networks}}'));
    assert.deepStrictEqual(networks, ['valkey1']);
    await counterIncreases('valkey1-server-server');

    const again = await command('podmanKube.play', uri);
    assert.strictEqual(again.ok, false);
    assert.match(again.message, /pod already exists\. Replace those pods with this file\?$/);
    assert.deepStrictEqual(again.offered, ['Replace']);
    const replaced = await command('podmanKube.playReplace', uri);
    assert.ok(replaced.ok, replaced.message);
    await counterIncreases('valkey1-server-server');

    assert.ok((await command('podmanKube.down', uri)).ok);
    assert.strictEqual(await podExists('valkey1-server'), false);
    assert.ok((await command('podmanKube.removeNetwork', 'valkey1')).ok);
    await assert.rejects(podman('network', 'exists', 'valkey1'));
    await api.networks.set(uri, undefined);
  });

  it('a play that fails half way removes what it had created (a pod, a volume), and says so', async () => {
    // podman plays the documents in order: the pod and the claim are made, then the second pod's
    // image cannot be pulled (no registry answers on port 1).
    const manifest = [
      'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: halfway-data\nspec:\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Mi',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: halfway-ok\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n      volumeMounts:\n        - name: data\n          mountPath: /data\n  volumes:\n    - name: data\n      persistentVolumeClaim:\n        claimName: halfway-data',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: halfway-bad\nspec:\n  containers:\n    - name: c\n      image: localhost:1/nothing/here:1',
    ].join('\n---\n');
    await podman('pod', 'create', 'bystander');
    try {
      await openYaml(manifest);
      const played = await command('podmanKube.play');
      assert.strictEqual(played.ok, false);
      // podman 4.3 makes the second pod before it pulls its image: both go, and the claim's volume.
      const removed = /Removed what it had created: (.*)\.$/.exec(played.message)?.[1].split(', ').sort();
      assert.ok(removed?.includes('pod halfway-ok') && removed.includes('volume halfway-data') && removed.every((r) => /^(pod halfway-(ok|bad)|volume halfway-data)$/.test(r)), played.message);
      assert.deepStrictEqual([await podExists('halfway-ok'), await podExists('halfway-bad'), await podExists('bystander')], [false, false, true]);
      await assert.rejects(podman('volume', 'exists', 'halfway-data'));
    } finally {
      await podman('pod', 'rm', '-f', '--ignore', 'bystander', 'halfway-ok', 'halfway-bad');
      await podman('volume', 'rm', '-f', 'halfway-data').catch(() => '');
    }
  });

  it('a second Play or Down of a file while podman still plays it is refused, and the first completes', async () => {
    await openYaml(readFileSync(workspaceFile('valkey0', 'play.yml').fsPath, 'utf8'));
    const [first, second, down] = await Promise.all([command('podmanKube.play'), command('podmanKube.play'), command('podmanKube.down')]);
    assert.ok(first.ok, first.message);
    for (const refused of [second, down]) {
      assert.strictEqual(refused.ok, false);
      assert.match(refused.message, /^podman kube play Untitled-\d+ on podman-default-kube-network is still running; wait for it to finish\.$/);
    }
    assert.ok(await podExists('valkey0'));
    assert.ok((await command('podmanKube.down')).ok);
    assert.strictEqual(await podExists('valkey0'), false);
  });

  it('a network name with ";" is rejected before podman runs', async () => {
    const outcome = await command('podmanKube.createNetwork', 'valkey1;touch /tmp/podman-kube-pwned');
    assert.strictEqual(outcome.ok, false);
    assert.match(outcome.message, /Use letters, digits/);
    assert.strictEqual(existsSync('/tmp/podman-kube-pwned'), false);
    assert.ok(!(await podman('network', 'ls', '--format', '{{.Name}}')).includes('valkey1;'));
  });

  it('plays a saved file whose name has spaces and shell metacharacters', async () => {
    const name = 'odd name; touch PWNED & $(touch PWNED2).yml';
    const file = workspaceFile(name);
    writeFileSync(file.fsPath, readFileSync(workspaceFile('valkey0', 'play.yml').fsPath, 'utf8').replace('name: valkey0', 'name: oddpod'));
    const played = await command('podmanKube.play', file);
    assert.ok(played.ok, played.message);
    assert.ok(await podExists('oddpod'));
    assert.ok((await command('podmanKube.down', file)).ok);
    const dir = path.dirname(file.fsPath);
    assert.strictEqual(existsSync(path.join(dir, 'PWNED')) || existsSync(path.join(dir, 'PWNED2')), false);
  });

  it("a manifest podman rejects: podman's own error text reaches the user", async () => {
    // The registry is on loopback and refuses: the pull fails at once.
    await openYaml('apiVersion: v1\nkind: Pod\nmetadata:\n  name: rejected\nspec:\n  containers:\n    - name: c\n      image: 127.0.0.1:1/no/such:1\n');
    const outcome = await command('podmanKube.play');
    assert.strictEqual(outcome.ok, false);
    assert.match(outcome.message, /failed: .*127\.0\.0\.1:1.*connection refused/);
    assert.doesNotMatch(outcome.message, /exit(ed)? (with )?code/);
    await podman('pod', 'rm', '-f', '--ignore', 'rejected');
  });

  it('podman missing: says so, how to install it and which setting to use', async () => {
    const config = vscode.workspace.getConfiguration('podmanKube');
    await config.update('podman.path', '/nonexistent/podman', vscode.ConfigurationTarget.Global);
    try {
      await vscode.window.showTextDocument(workspaceFile('valkey0', 'play.yml'));
      const outcome = await command('podmanKube.play');
      assert.strictEqual(outcome.ok, false);
      assert.match(outcome.message, /^podman was not found at "\/nonexistent\/podman" \(ENOENT\)\. Install podman .*"podmanKube\.podman\.path"/);
    } finally {
      await config.update('podman.path', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('podmanKube.podman.env cannot choose which podman runs: PATH and the loader variables are dropped', async () => {
    const config = vscode.workspace.getConfiguration('podmanKube');
    // Kept: the test configuration podman needs here. Dropped: a PATH where no podman is, a preload.
    await config.update('podman.env', { CONTAINERS_CONF: process.env.CONTAINERS_CONF!, PATH: '/nonexistent', LD_PRELOAD: '/nonexistent/evil.so' }, vscode.ConfigurationTarget.Global);
    try {
      const created = await command('podmanKube.createNetwork', 'pk-envtest');
      assert.strictEqual(created.ok, true, created.message);
      assert.strictEqual(JSON.parse(await podman('network', 'inspect', 'pk-envtest'))[0].name, 'pk-envtest');
    } finally {
      await config.update('podman.env', undefined, vscode.ConfigurationTarget.Global);
      await podman('network', 'rm', '-f', 'pk-envtest').catch(() => undefined);
    }
  });

  it("a workspace's podmanKube.podman.env cannot choose podman's configuration: CONTAINERS_CONF and XDG_CONFIG_HOME are dropped", async () => {
    const config = vscode.workspace.getConfiguration('podmanKube');
    // A containers.conf podman cannot parse: were it used, every podman command would fail.
    const evil = workspaceFile('evil-containers.conf');
    writeFileSync(evil.fsPath, '[engine\nruntime = "/nonexistent/evil-runtime"\n');
    await config.update('podman.env', { CONTAINERS_CONF: evil.fsPath, XDG_CONFIG_HOME: '/nonexistent', PK_HARMLESS: '1' }, vscode.ConfigurationTarget.Workspace);
    try {
      const created = await command('podmanKube.createNetwork', 'pk-envtest2');
      assert.strictEqual(created.ok, true, created.message);
      assert.strictEqual(JSON.parse(await podman('network', 'inspect', 'pk-envtest2'))[0].name, 'pk-envtest2');
    } finally {
      await config.update('podman.env', undefined, vscode.ConfigurationTarget.Workspace);
      await podman('network', 'rm', '-f', 'pk-envtest2').catch(() => undefined);
      rmSync(evil.fsPath, { force: true });
    }
  });

  it('a ConfigMap in its own file: diagnostics follow the chosen --configmap file, and the play uses it', async () => {
    // In another folder than the app: beside it, the two would be a project, and its ConfigMap found.
    const configMap = workspaceFile('cm-settings', 'settings.yml');
    const app = workspaceFile('cm-app.yml');
    mkdirSync(path.dirname(configMap.fsPath), { recursive: true });
    writeFileSync(configMap.fsPath, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pk-settings\ndata:\n  MODE: fast\n');
    writeFileSync(
      app.fsPath,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pk-cm\nspec:\n  containers:\n    - name: app\n      image: docker.io/valkey/valkey:8\n      command: ["sleep", "1000"]\n      env:\n        - name: MODE\n          valueFrom:\n            configMapKeyRef:\n              name: pk-settings\n              key: MODE\n',
    );
    await vscode.window.showTextDocument(app);
    const codes = () =>
      vscode.languages
        .getDiagnostics(app)
        .filter((d) => d.source === 'podman')
        .map((d) => d.code);
    await waitFor('the missing ConfigMap error', () => codes().includes('configmap-missing'));
    try {
      assert.deepStrictEqual(await command<string[]>('podmanKube.chooseConfigMapFiles', app, [configMap]), ['pk-settings']);
      await waitFor('the error to go', () => !codes().includes('configmap-missing'));
      const played = await command('podmanKube.play', app);
      assert.strictEqual(played.ok, true, played.message);
      assert.strictEqual(await podman('exec', 'pk-cm-app', 'sh', '-c', 'echo "$MODE"'), 'fast');
    } finally {
      await command('podmanKube.chooseConfigMapFiles', app, []);
      await podman('pod', 'rm', '-f', '-t', '0', '--ignore', 'pk-cm').catch(() => '');
    }
  });

  it("a Secret the file does not define: the quick fix's command creates it as this podman reads it, and the play works", async () => {
    const app = workspaceFile('secret-app.yml');
    writeFileSync(
      app.fsPath,
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pk-sec\nspec:\n  containers:\n    - name: app\n      image: docker.io/valkey/valkey:8\n      command: ["sleep", "1000"]\n      env:\n        - name: PASSWORD\n          valueFrom:\n            secretKeyRef:\n              name: pk-secret\n              key: password\n',
    );
    await podman('secret', 'rm', 'pk-secret').catch(() => '');
    const editor = await vscode.window.showTextDocument(app);
    const missing = () => vscode.languages.getDiagnostics(app).find((d) => d.source === 'podman' && d.code === 'secret-missing');
    const diagnostic = await waitFor('the missing Secret error', missing);
    try {
      // The quick fix offered for it runs the command; the test answers for the password box.
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', app, diagnostic.range);
      const fix = actions.find((a) => a.title === 'Create the podman secret pk-secret...');
      assert.ok(fix?.command, actions.map((a) => a.title).join(', '));
      assert.deepStrictEqual(fix.command.arguments, [editor.document.uri.toString(), 'pk-secret', 'password']);
      const created = await command('podmanKube.createSecret', ...fix.command.arguments, 'hunter2');
      assert.strictEqual(created.ok, true, created.message);
      await waitFor('the error to go', () => !missing());
      const played = await command('podmanKube.play', app);
      assert.strictEqual(played.ok, true, played.message);
      assert.strictEqual(await podman('exec', 'pk-sec-app', 'sh', '-c', 'echo "$PASSWORD"'), 'hunter2');
    } finally {
      await podman('pod', 'rm', '-f', '-t', '0', '--ignore', 'pk-sec').catch(() => '');
      await podman('secret', 'rm', 'pk-secret').catch(() => '');
    }
  });

  it("a remote connection: commands run podman --connection NAME, and podman's answer reaches the user", async () => {
    assert.strictEqual(await command<string>('podmanKube.chooseConnection', 'no-such-box'), 'no-such-box');
    try {
      await vscode.window.showTextDocument(workspaceFile('valkey0', 'play.yml'));
      const outcome = await command('podmanKube.play');
      assert.strictEqual(outcome.ok, false);
      // The connection shows in the progress title and the message: the user knows where it ran.
      assert.match(outcome.message, /^podman kube play play\.yml on podman-default-kube-network \(on connection no-such-box\) failed: .*no-such-box/);
    } finally {
      assert.strictEqual(await command<string>('podmanKube.chooseConnection', ''), '');
    }
    assert.strictEqual(vscode.workspace.getConfiguration('podmanKube').get('podman.connection'), '');
  });

  it('CodeLens offers Play, Play on network..., Down, Preview and Quadlet above each kube document', async () => {
    const uri = workspaceFile('valkey1', 'play.yml');
    await vscode.window.showTextDocument(uri);
    const lenses = await waitFor('code lenses', async () => {
      const l = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return l.length ? l : undefined;
    });
    const byLine = new Map<number, string[]>();
    for (const l of lenses) byLine.set(l.range.start.line, [...(byLine.get(l.range.start.line) ?? []), l.command!.title]);
    assert.deepStrictEqual(
      [...byLine.entries()],
      [
        [4, ['$(play) Play on podman-default-kube-network', 'Play on network...', 'Down', 'Preview', 'Quadlet']],
        [15, ['$(play) Play on podman-default-kube-network', 'Play on network...', 'Down', 'Preview', 'Quadlet']],
      ],
    );
  });
});

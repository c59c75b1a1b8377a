// The extension as macOS and Windows users run it: every podman call goes to a podman service
// elsewhere. Here the services are real: `podman system service` of 4.3.1 on the host, reached
// as a named connection (`--connection`), and of 5.8.x in its chroot, reached by that podman's own
// remote client through CONTAINER_HOST (as podman on a Mac is remote without a connection), and
// rootless 4.3.1 as a user (scripts/setup-rootless.sh), as a podman machine runs by default. Each
// is started by the test and stopped by its pid. Last, that user's podman as the local one, as on
// a Linux desktop.
import * as assert from 'assert';
import { execFile, spawn, type ChildProcess } from 'child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/command';
import type { Api } from '../../../src/extension';
import { closeAll, EXTENSION_ID, waitFor, workspaceFile } from './helpers';

const run = promisify(execFile);
const command = <T = Outcome>(id: string, ...args: unknown[]) => vscode.commands.executeCommand<T>(id, ...args);
const CHROOTS = process.env.PODMAN_CHROOTS ?? '/var/cache/podman-kube';
const ROOT = join(__dirname, '..', '..', '..', '..');

interface Remote {
  label: string;
  rootless?: boolean;
  /** Not remote: the local podman, run as the rootless user. */
  local?: boolean;
  /** The server's version the extension must report. */
  version: RegExp;
  /** Starts the service; returns it and the user settings that reach it. */
  start(dir: string): Promise<{ service?: ChildProcess; settings: Record<string, unknown>; podman: (...args: string[]) => Promise<string> }>;
}

async function socketReady(path: string): Promise<void> {
  await waitFor(`podman's socket ${path}`, () => existsSync(path), 20_000);
}

/** A service of the host's podman (`podman` or scripts/podman-rootless), reached as connection `name`. */
async function namedConnection(dir: string, executable: string, socket: string, name: string): Promise<Awaited<ReturnType<Remote['start']>>> {
  const service = spawn(executable, ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore', env: process.env });
  await socketReady(socket);
  // 4.3.1 writes connections into $CONTAINERS_CONF: a copy, never the test configuration itself.
  const conf = join(dir, 'containers.conf');
  copyFileSync(process.env.CONTAINERS_CONF!, conf);
  const env = { ...process.env, CONTAINERS_CONF: conf };
  await run('podman', ['system', 'connection', 'add', name, `unix://${socket}`], { env });
  const podman = async (...args: string[]) => (await run('podman', ['--connection', name, ...args], { env })).stdout.trim();
  return { service, podman, settings: { 'podman.env': { CONTAINERS_CONF: conf }, 'podman.connection': name } };
}

const REMOTES: Remote[] = [
  {
    label: 'podman 4.3.1 through a named connection (podman --connection)',
    version: /^4\.3\./,
    start: (dir) => namedConnection(dir, 'podman', join(dir, 'podman.sock'), 'pk-remote'),
  },
  {
    label: "rootless podman 4.3.1, a user's service through a named connection",
    version: /^4\.3\./,
    rootless: true,
    async start(dir) {
      const uid = (await run('id', ['-u', 'pkrootless'])).stdout.trim();
      // Found here: a rootless 4.3.1 service's aardvark-dns outlives it, in the network namespace
      // that went with it, and the next service's pods then resolve no name. Start without one.
      await run('pkill', ['-u', 'pkrootless', '-x', 'aardvark-dns']).catch(() => undefined);
      return namedConnection(dir, join(ROOT, 'scripts/podman-rootless'), `/run/user/${uid}/pk-remote.sock`, 'pk-rootless');
    },
  },
  {
    label: 'podman 5.8 through its own remote client (CONTAINER_HOST, as on macOS)',
    version: /^5\.8\./,
    async start(dir) {
      const sid = join(CHROOTS, 'sid');
      const service = spawn(join(ROOT, 'scripts/podman58'), ['system', 'service', '--time=0', 'unix:///run/pk-remote.sock'], { stdio: 'ignore' });
      await socketReady(join(sid, 'run/pk-remote.sock'));
      // The chroot's podman as the remote client, seeing this machine's /tmp (the workspace) at the
      // same path, as a Mac's podman sees its files, with the extension's environment (a secret's
      // value travels in it) but the host's storage paths: a machine setting, as a user sets it.
      const client = join(dir, 'podman-remote');
      writeFileSync(
        client,
        `#!/bin/sh\nexec unshare --mount --propagation private sh -c 'mount --bind /tmp "$0/tmp" && exec env -u CONTAINERS_CONF -u CONTAINERS_STORAGE_CONF CONTAINER_HOST=unix:///run/pk-remote.sock chroot "$0" podman "$@"' ${sid} "$@"\n`,
      );
      chmodSync(client, 0o755);
      const podman = async (...args: string[]) => (await run(client, args)).stdout.trim();
      return { service, podman, settings: { 'podman.path': client } };
    },
  },
  {
    label: 'rootless podman 4.3.1 as the local podman (a machine setting runs it as the user)',
    version: /^4\.3\./,
    rootless: true,
    local: true,
    start() {
      // The user plays the workspace's files itself: the workspace is a private temp folder.
      for (const folder of [workspaceFile(), workspaceFile('valkey1')]) chmodSync(folder.fsPath, 0o755);
      const executable = join(ROOT, 'scripts/podman-rootless');
      const podman = async (...args: string[]) => (await run(executable, args)).stdout.trim();
      return Promise.resolve({ podman, settings: { 'podman.path': executable } });
    },
  },
];

for (const remote of REMOTES) {
  describe(`${remote.local ? 'rootless' : 'remote'}: ${remote.label}`, function () {
    this.timeout(240_000);
    let api: Api;
    let dir: string;
    let service: ChildProcess | undefined;
    let podman: (...args: string[]) => Promise<string>;
    let settings: Record<string, unknown> = {};
    const config = () => vscode.workspace.getConfiguration('podmanKube');
    const uri = workspaceFile('valkey1', 'play.yml');

    before(async () => {
      api = await vscode.extensions.getExtension<Api>(EXTENSION_ID)!.activate();
      dir = mkdtempSync(join(tmpdir(), 'pk-remote-'));
      ({ service, settings, podman } = await remote.start(dir));
      await cleanUp();
      for (const [key, value] of Object.entries(settings)) await config().update(key, value, vscode.ConfigurationTarget.Global);
      await waitFor('the extension to follow that podman', () => api.play.remote === !remote.local && api.play.rootless.rootless === !!remote.rootless && remote.version.test(api.play.podmanVersion ?? ''), 30_000);
    });
    const cleanUp = async () => {
      await podman('pod', 'rm', '-f', '--ignore', 'valkey1-server', 'valkey1-client').catch(() => '');
      await podman('network', 'rm', '-f', 'valkey1').catch(() => '');
    };
    after(async () => {
      await cleanUp();
      for (const key of Object.keys(settings)) await config().update(key, undefined, vscode.ConfigurationTarget.Global);
      await config().update('play.extraArgs', undefined, vscode.ConfigurationTarget.Global);
      await api.networks.set(uri, undefined);
      service?.kill();
      rmSync(dir, { recursive: true, force: true });
      await closeAll();
    });

    if (!remote.local)
      it('a flag the remote client lacks (--build): a diagnostic at the file start, and Play refuses before podman runs', async () => {
        await config().update('play.extraArgs', ['--build'], vscode.ConfigurationTarget.Global);
        try {
          const doc = await vscode.workspace.openTextDocument(uri);
          await vscode.window.showTextDocument(doc);
          const said = await waitFor('the remote-flag diagnostic', () => vscode.languages.getDiagnostics(uri).find((d) => d.code === 'remote-flag-unsupported'));
          assert.deepStrictEqual([said.range.start.line, said.severity], [0, vscode.DiagnosticSeverity.Error]);
          assert.match(said.message, /has no `--build`.*"unknown flag: --build"/);
          const played = await command('podmanKube.play', uri);
          assert.strictEqual(played.ok, false);
          assert.match(played.message, /"unknown flag: --build" before reading the file\. Remove --build from podmanKube\.play\.extraArgs/);
          assert.strictEqual(
            await podman('pod', 'exists', 'valkey1-server').then(
              () => true,
              () => false,
            ),
            false,
          );
          // And podman really says so: the model's words are podman's.
          await assert.rejects(podman('kube', 'play', '--build', uri.fsPath), /unknown flag: --build/);
        } finally {
          await config().update('play.extraArgs', undefined, vscode.ConfigurationTarget.Global);
        }
        await waitFor('the diagnostic to go', () => !vscode.languages.getDiagnostics(uri).some((d) => d.code === 'remote-flag-unsupported'));
      });

    // Not on the rootless 4.3.1 service: a pod played there on podman-default-kube-network leaves
    // its aardvark-dns state so that the next pods on valkey1 resolve no name (seen in CI, and by
    // hand: `podman kube play --network valkey1` after it, "Name or service not known").
    if (!remote.local && !remote.rootless)
      it("Build & Play: the service builds samples/valkey3's client (podman build, which the remote client has), then plays it; the client counts", async () => {
        const play = workspaceFile('valkey3', 'play.yml');
        const clean = async () => {
          await podman('pod', 'rm', '-f', '--ignore', 'valkey3').catch(() => '');
          await podman('rmi', '-f', 'localhost/counter:latest').catch(() => '');
        };
        await clean();
        try {
          await vscode.window.showTextDocument(play);
          const warned = await waitFor('the remote build warning', () => vscode.languages.getDiagnostics(play).find((d) => d.code === 'image-build-remote'));
          assert.match(warned.message, /builds nothing from this one: counter\/Containerfile is not used, and the service pulls the image/);
          const played = await command('podmanKube.playBuild', play);
          assert.ok(played.ok, played.message);
          assert.strictEqual(played.message, 'Played play.yml on podman-default-kube-network: pod valkey3 (valkey3-server, valkey3-client).');
          assert.match(await podman('images', '--format', '{{.Repository}}:{{.Tag}}'), /^localhost\/counter:latest$/m);
          await waitFor('the client to count', async () => /^2$/m.test(await podman('logs', 'valkey3-client').catch(() => '')), 40_000);
        } finally {
          await clean();
        }
      });

    it('Create Network, Play on it, the Podman view and each of its actions, Replace, Down, Remove Network: all on the remote service', async () => {
      const created = await command('podmanKube.createNetwork', 'valkey1');
      assert.ok(created.ok, created.message);
      assert.strictEqual(JSON.parse(await podman('network', 'inspect', 'valkey1'))[0].dns_enabled, true);
      assert.strictEqual(await command<string>('podmanKube.chooseNetwork', uri, 'valkey1'), 'valkey1');
      const played = await command('podmanKube.play', uri);
      assert.ok(played.ok, played.message);
      assert.match(played.message, /on valkey1: pods valkey1-server \(valkey1-server-server\); valkey1-client \(valkey1-client-client\)/);
      // The client reaches the server by pod name: its INCR replies rise in its logs.
      await waitFor('the counter to reach 2 in the client logs', async () => /^2$/m.test(await podman('logs', 'valkey1-client-client')), 40_000);

      // The view, fed by `podman events` through the connection, files the pods under the manifest.
      await command('podmanKube.pods.focus');
      const pods = await waitFor('the view to show both pods running under play.yml', () => {
        const file = api.pods.data().files.find((f) => f.uri === uri.toString());
        const names = file?.pods.filter((p) => p.containers.every((c) => c.state === 'running')).map((p) => p.name);
        return names?.length === 2 ? names.sort() : undefined;
      });
      assert.deepStrictEqual(pods, ['valkey1-client', 'valkey1-server']);
      // Logs run podman itself in a terminal, on the same service.
      const terminal = await command<vscode.Terminal>('podmanKube.pods.showLogs', 'valkey1-client-client');
      const pid = await waitFor('the logs terminal process', async () => terminal.processId);
      const cmdline = await waitFor('podman logs to run', () => {
        const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        return c.includes('logs') ? c : undefined;
      });
      assert.deepStrictEqual(cmdline.slice(-4), ['logs', '-f', '--', 'valkey1-client-client']);
      if (settings['podman.connection']) assert.deepStrictEqual(cmdline.slice(1, 3), ['--connection', settings['podman.connection']]);
      terminal.dispose();
      // Every action of the view, on the service: stop and start (the events say so), a shell,
      // generate kube, inspect.
      const status = (name: string) =>
        api.pods
          .data()
          .files.flatMap((f) => f.pods)
          .find((p) => p.name === name)?.status;
      assert.ok((await command('podmanKube.pods.stop', 'valkey1-client')).ok);
      await waitFor('valkey1-client to show Exited', () => status('valkey1-client') === 'Exited', 60_000);
      assert.ok((await command('podmanKube.pods.start', 'valkey1-client')).ok);
      await waitFor('valkey1-client to run again', () => status('valkey1-client') === 'Running', 60_000);
      const shell = await command<vscode.Terminal>('podmanKube.pods.openShell', 'valkey1-server-server');
      const shellPid = await waitFor('the shell terminal process', async () => shell.processId);
      const shellLine = await waitFor('podman exec to run', () => {
        const c = readFileSync(`/proc/${shellPid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        return c.includes('exec') ? c : undefined;
      });
      assert.deepStrictEqual(shellLine.slice(-5), ['exec', '-it', '--', 'valkey1-server-server', 'sh']);
      shell.dispose();
      const generated = await command<vscode.TextDocument>('podmanKube.pods.generateKube', 'valkey1-server');
      assert.match(generated.getText(), /name: valkey1-server\b/);
      const inspected = await command<vscode.TextDocument>('podmanKube.pods.inspect', 'valkey1-server');
      const parsed = JSON.parse(inspected.getText()) as { Name?: string } | { Name?: string }[];
      assert.strictEqual((Array.isArray(parsed) ? parsed[0] : parsed).Name, 'valkey1-server');
      await closeAll();
      // A unix socket is this machine: published ports are reached at localhost.
      const ports = api.pods.find('valkey1-server')!.pod.live.ports.map((p) => p.hostPort);
      assert.strictEqual(await command<string>('podmanKube.pods.openInBrowser', 'valkey1-server'), ports.length ? `http://localhost:${ports[0]}` : undefined);

      const replaced = await command('podmanKube.playReplace', uri);
      assert.ok(replaced.ok, replaced.message);
      const down = await command('podmanKube.down', uri);
      assert.ok(down.ok, down.message);
      for (const pod of ['valkey1-server', 'valkey1-client']) await assert.rejects(podman('pod', 'exists', pod));
      await waitFor('the view to empty', () => !api.pods.data().files.some((f) => f.uri === uri.toString() && f.pods.length), 60_000);
      const removed = await command('podmanKube.removeNetwork', 'valkey1');
      assert.ok(removed.ok, removed.message);
      await assert.rejects(podman('network', 'exists', 'valkey1'));
    });

    if (remote.version.test('5.8.6'))
      it('a project (samples/valkey2) on podman 5.8: Play Project plays its files in one command, the app counts in the database, Down Project leaves nothing', async () => {
        const app = workspaceFile('valkey2', 'app.yml');
        await podman('network', 'rm', '-f', 'valkey2').catch(() => '');
        assert.ok((await command('podmanKube.createNetwork', 'valkey2')).ok);
        try {
          const played = await command('podmanKube.playProject', app);
          assert.ok(played.ok, played.message);
          assert.strictEqual(played.message, 'Played project valkey2 (config.yml, db.yml, app.yml) on valkey2: pods valkey2-db, valkey2-app.');
          await waitFor('the app to count', async () => /^2$/m.test(await podman('logs', 'valkey2-app-app').catch(() => '')), 40_000);
          const down = await command('podmanKube.downProject', app);
          assert.ok(down.ok, down.message);
          assert.deepStrictEqual([await podman('pod', 'ps', '--format', '{{.Name}}'), await podman('volume', 'ls', '--format', '{{.Name}}')], ['', '']);
        } finally {
          await podman('pod', 'rm', '-f', '--ignore', 'valkey2-db', 'valkey2-app').catch(() => '');
          await podman('volume', 'rm', '-f', 'valkey2-config').catch(() => '');
          await podman('network', 'rm', '-f', 'valkey2').catch(() => '');
        }
      });

    if (remote.rootless)
      it('rootless: a host port below 1024 is an error at its hostPort, as the play then fails', async () => {
        // The sysctl is read here for a local podman only: a remote one's machine is elsewhere.
        const start = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8').trim());
        assert.deepStrictEqual(api.play.rootless, { rootless: true, unprivilegedPortStart: remote.local ? start : undefined });
        const low = workspaceFile('low-port.yml');
        writeFileSync(low.fsPath, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: pk-low\nspec:\n  containers:\n    - name: web\n      image: docker.io/valkey/valkey:8\n      ports:\n        - containerPort: 6379\n          hostPort: 80\n');
        try {
          await vscode.window.showTextDocument(low);
          const said = await waitFor('the rootless port diagnostic', () => vscode.languages.getDiagnostics(low).find((d) => d.code === 'rootless-privileged-port'));
          assert.strictEqual(said.range.start.line, 10);
          assert.match(said.message, remote.local ? new RegExp(`^Rootless podman cannot publish host port 80: .*\\(${start} here\\)`) : /^Rootless podman cannot publish host port 80: .*1024 unless the machine podman runs on lowers it/);
          const played = await command('podmanKube.play', low);
          assert.strictEqual(played.ok, false);
          assert.match(played.message, /rootlessport cannot expose privileged port 80/);
        } finally {
          await podman('pod', 'rm', '-f', '--ignore', 'pk-low').catch(() => '');
          rmSync(low.fsPath, { force: true });
        }
      });

    if (!remote.local)
      it('Export as Quadlet says the units belong on the machine podman runs on, and offers no local systemd or podman quadlet', async () => {
        const folder = mkdtempSync(join(dir, 'units-'));
        const result = await command<{ message: string; offered: string[] }>('podmanKube.exportQuadlet', uri, { folder: vscode.Uri.file(folder), yaml: 'absolute' });
        assert.deepStrictEqual(result.offered, ['Show Generated Service']);
        assert.match(result.message, /^Wrote valkey1\.kube.* Podman here is the remote client: a unit runs on the machine podman runs on/);
        assert.match(result.message, /`podman quadlet` is not implemented for the remote client\.$/);
      });

    it('Create Secret stores it on the service, in the shape its podman reads', async () => {
      const created = await command('podmanKube.createSecret', undefined, 'pk-remote-secret', 'password', 's3cret');
      assert.ok(created.ok, created.message);
      try {
        assert.ok((await podman('secret', 'ls', '--format', '{{.Name}}')).split('\n').includes('pk-remote-secret'));
        await waitFor('the secret to be known', () => api.play.knownSecrets?.includes('pk-remote-secret'));
      } finally {
        await podman('secret', 'rm', 'pk-remote-secret').catch(() => '');
      }
    });
  });
}

// LiveState's stream handling with a scripted stand-in for podman (the real one is exercised in
// the extension host suite): a 10,000-event burst, no polling when idle, backoff and recovery.
import * as assert from 'assert';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LiveState, type LiveStatus } from '../../src/live/liveState';
import { PodmanClient } from '../../src/podman/client';

const ROOT = join(__dirname, '..', '..', '..');
const fixture = (name: string) => readFileSync(join(ROOT, 'test/fixtures/podman/live', name), 'utf8');

/**
 * A `podman` that answers listings from fixture files, appends each command line to `calls`, and
 * for `events` prints the lines of `events` (then stays up, or exits with `eventsExit`).
 */
function fakePodman(dir: string): string {
  const exe = join(dir, 'podman');
  writeFileSync(
    exe,
    `#!/usr/bin/env node
const fs = require('fs');
const dir = ${JSON.stringify(dir)};
const args = process.argv.slice(2);
fs.appendFileSync(dir + '/calls', args.join(' ') + '\\n');
const read = (f, d) => { try { return fs.readFileSync(dir + '/' + f, 'utf8'); } catch { return d; } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
(async () => {
  if (args[0] === 'events') {
    // '#sleep N' lines wait N ms; '#write FILE TEXT' lines change what listings say.
    for (const line of read('events', '').split('\\n')) {
      if (line.startsWith('#sleep ')) await sleep(Number(line.slice(7)));
      else if (line.startsWith('#write ')) { const [, f, ...t] = line.split(' '); fs.writeFileSync(dir + '/' + f, t.join(' ')); }
      else if (line) process.stdout.write(line + '\\n');
    }
    const exit = read('eventsExit', '');
    if (exit) process.exit(Number(exit));
    setInterval(() => {}, 1000);
  } else if (args[0] === 'pod') process.stdout.write(read('pods.json', '[]'));
  else if (args[0] === 'ps') {
    // '--filter pod=ID': that pod's containers; else 'containersAll' when written (a cut listing), else every container.
    const f = args.indexOf('--filter');
    const out = f >= 0 ? JSON.stringify(JSON.parse(read('containers.json', '[]')).filter((c) => 'pod=' + c.Pod === args[f + 1])) : read('containersAll', read('containers.json', '[]'));
    await sleep(Number(read('psDelay', '0')));
    process.stdout.write(out);
  } else process.stdout.write('[]');
})();
`,
  );
  chmodSync(exe, 0o755);
  return exe;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('LiveState with a scripted podman', function () {
  this.timeout(30_000);
  let dir: string;
  let live: LiveState;
  const calls = () => readFileSync(join(dir, 'calls'), 'utf8').split('\n').filter(Boolean);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'podman-kube-live-'));
    writeFileSync(join(dir, 'calls'), '');
    writeFileSync(join(dir, 'pods.json'), fixture('pods-5.4.2.json'));
    writeFileSync(join(dir, 'containers.json'), fixture('containers-5.4.2.json'));
    const executable = fakePodman(dir);
    live = new LiveState(new PodmanClient(() => ({ executable, env: {} }), quiet), quiet);
  });
  afterEach(() => {
    live.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a burst of 10,000 events: a handful of listings, no error, the state ends as podman lists it', async () => {
    const c = JSON.parse(fixture('containers-5.4.2.json')) as { Id: string; Names: string[] }[];
    const server = c.find((x) => x.Names[0] === 'valkey0-server')!.Id;
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const status = i % 3 === 0 ? 'create' : i % 2 ? 'died' : 'start';
      lines.push(JSON.stringify({ ID: i % 3 === 0 ? `other${i}` : server, Name: 'valkey0-server', Status: status, Type: 'container', time: 1795919243, ContainerExitCode: 1 }));
    }
    // The burst ends with the server running, as the listing says.
    lines.push(JSON.stringify({ ID: server, Name: 'valkey0-server', Status: 'start', Type: 'container', time: 1795919243 }));
    writeFileSync(join(dir, 'events'), lines.join('\n') + '\nnot json\n' + '{"half": ');
    let changes = 0;
    live.onDidChange(() => changes++);
    const use = live.use();
    await until('connected', () => live.status.state === 'connected');
    await sleep(500);
    const listings = calls().filter((l) => l.startsWith('pod ps')).length;
    assert.ok(listings >= 1 && listings <= 10, `${listings} listings`);
    assert.ok(changes > 0);
    const pod = live.pods.find((p) => p.name === 'valkey0')!;
    assert.deepStrictEqual(
      pod.containers.map((x) => `${x.name} ${x.state}`),
      ['valkey0-server running', 'valkey0-client exited'],
    );
    assert.strictEqual(calls().filter((l) => l.startsWith('events')).length, 1);
    use.dispose();
  });

  it('a container listing that is cut or not JSON (one pod with 9 MB of labels): read pod by pod, every pod shown', async () => {
    const all = fixture('containers-5.4.2.json');
    writeFileSync(join(dir, 'containersAll'), all.slice(0, Math.floor(all.length / 2)));
    const warnings: string[] = [];
    live.dispose();
    const executable = join(dir, 'podman');
    live = new LiveState(new PodmanClient(() => ({ executable, env: {} }), quiet), { ...quiet, warn: (m: string) => warnings.push(m) });
    const use = live.use();
    await until('the pods with their containers', () => live.pods.length > 0 && live.pods.every((p) => p.containers.length > 0));
    const pods = JSON.parse(fixture('pods-5.4.2.json')) as { Id: string; Name: string }[];
    assert.deepStrictEqual(live.pods.map((p) => p.name).sort(), pods.map((p) => p.Name).sort());
    assert.deepStrictEqual(calls().filter((l) => l.includes('--filter pod=')).length, pods.length);
    assert.ok(
      warnings.some((w) => /listing pod by pod/.test(w)),
      warnings.join('\n'),
    );
    use.dispose();
  });

  it('an event during a listing that read podman before it: the listing does not undo it', async () => {
    const containers = JSON.parse(fixture('containers-5.4.2.json')) as { Id: string; Names: string[]; State: string; ExitCode: number }[];
    const server = containers.find((x) => x.Names[0] === 'valkey0-server')!;
    const exited = JSON.stringify(containers.map((x) => (x === server ? { ...x, State: 'exited', ExitCode: 137 } : x)));
    const event = (Status: string, ID: string) => JSON.stringify({ ID, Name: 'x', Status, Type: 'container', time: 1795919243, ContainerExitCode: 137 });
    // Connected; then a container created elsewhere asks for a listing, which reads podman
    // (server running) and answers late; meanwhile the server dies.
    writeFileSync(join(dir, 'events'), ['#sleep 800', '#write psDelay 400', event('create', 'elsewhere'), '#sleep 150', `#write containers.json ${exited}`, event('died', server.Id)].join('\n'));
    const use = live.use();
    await until('the server exited, and staying so', () => live.pods.some((p) => p.containers.some((c) => c.id === server.Id && c.state === 'exited')), 5000);
    await sleep(1000);
    const now = live.pods.flatMap((p) => p.containers).find((c) => c.id === server.Id)!;
    assert.strictEqual(`${now.state} ${now.exitCode}`, 'exited 137');
    use.dispose();
  });

  it('nothing happening: no podman runs after the first listing besides the one events stream', async () => {
    const use = live.use();
    await until('connected', () => live.status.state === 'connected');
    const before = calls().length;
    await sleep(1500);
    assert.strictEqual(calls().length, before);
    assert.deepStrictEqual(
      calls()
        .map((l) => l.split(' ').slice(0, 2).join(' '))
        .sort(),
      ['events --format', 'network ls', 'pod ps', 'ps --all'],
    );
    use.dispose();
    // The last user gone: the stream stops.
    assert.strictEqual(live.status.state, 'stopped');
  });

  it('the stream ends: disconnected, tried again after 1 s then 2 s, and recovered once podman answers', async () => {
    writeFileSync(join(dir, 'eventsExit'), '1');
    const seen: LiveStatus[] = [];
    live.onDidChange(() => seen.push(live.status));
    const use = live.use();
    await until('two retries', () => seen.filter((s) => s.state === 'disconnected').length >= 2, 8000);
    const waits = seen.filter((s): s is Extract<LiveStatus, { state: 'disconnected' }> => s.state === 'disconnected').map((s) => s.retryInMs);
    assert.deepStrictEqual(waits.slice(0, 2), [1000, 2000]);
    rmSync(join(dir, 'eventsExit'));
    await until('recovered', () => live.status.state === 'connected', 8000);
    assert.ok(live.pods.length > 0);
    use.dispose();
  });

  it('podman not found: says so, and retries', async () => {
    const missing = new LiveState(new PodmanClient(() => ({ executable: join(dir, 'nope'), env: {} }), quiet), quiet);
    const use = missing.use();
    await until('not found', () => missing.status.state === 'not-found');
    const c = missing.status as Extract<LiveStatus, { state: 'not-found' }>;
    assert.match(c.message, /podman was not found at ".*nope" \(ENOENT\)/);
    use.dispose();
    missing.dispose();
  });
});

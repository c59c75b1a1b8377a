// No podman of ours outlives the extension host: the Podman view's `podman events` stream ends
// when the host exits normally (a window reload), gets SIGTERM, is killed with SIGKILL, or
// code-server itself is stopped (code-server + chromium, real podman).
import * as assert from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { Workbench } from './workbench';

/** `podman events` processes (not zombies), with their parent. */
function eventStreams(): { pid: number; ppid: number }[] {
  const out: { pid: number; ppid: number }[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (!/(^|\/)podman$/.test(c[0] ?? '') || c[1] !== 'events' || /^State:\s+Z/m.test(status)) continue;
      out.push({ pid: Number(pid), ppid: Number(/^PPid:\s+(\d+)/m.exec(status)![1]) });
    } catch {
      // ended meanwhile
    }
  }
  return out;
}

const alive = (pid: number) => eventStreams().some((e) => e.pid === pid);

describe('no podman outlives the extension host (code-server + chromium, real podman)', function () {
  this.timeout(180_000);

  const endings: [string, (wb: Workbench, host: number) => Promise<void>][] = [
    ['a normal exit (the window reloads)', (wb) => wb.runCommand('Developer: Reload Window').then(() => undefined)],
    ['SIGTERM', (_wb, host) => Promise.resolve(void process.kill(host, 'SIGTERM'))],
    ['SIGKILL', (_wb, host) => Promise.resolve(void process.kill(host, 'SIGKILL'))],
    // What stopping `npm start` does: SIGTERM to code-server and its process group.
    ['code-server stopping (SIGTERM to its process group)', (wb) => wb.stop()],
  ];
  for (const [how, end] of endings) {
    it(`the host ends by ${how}: its podman events stream is gone 2 s later`, async () => {
      const before = new Set(eventStreams().map((e) => e.pid));
      const wb = await Workbench.start();
      try {
        await wb.page.locator('.activitybar .action-item a[aria-label^="Podman"]').click();
        let stream: { pid: number; ppid: number } | undefined;
        for (let i = 0; i < 150 && !stream; i++) {
          stream = eventStreams().find((e) => !before.has(e.pid));
          if (!stream) await new Promise((r) => setTimeout(r, 200));
        }
        assert.ok(stream, 'the Podman view started podman events');
        // Its parent is the extension host, the process that ends.
        assert.match(readFileSync(`/proc/${stream.ppid}/cmdline`, 'utf8'), /extensionHost|bootstrap-fork|server-main/);
        await end(wb, stream.ppid);
        await new Promise((r) => setTimeout(r, 2000));
        assert.strictEqual(alive(stream.pid), false, `podman events ${stream.pid} still runs after ${how}`);
      } finally {
        await wb.stop();
      }
    });
  }
});

// The Podman view and the live preview as a person sees them, in the workbench (code-server +
// chromium) with real podman running both samples: the tree, a context-menu action, the live
// colours, and a box's logs. Screenshots for the README land in .test-results/.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Frame } from 'playwright-core';
import { Workbench } from './workbench';

const root = join(__dirname, '..', '..', '..');
const results = join(root, '.test-results');
const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8' }).trim();
const cleanUp = () => {
  podman('pod', 'rm', '-f', '-t', '0', '--ignore', 'valkey0', 'valkey1-server', 'valkey1-client');
  try {
    podman('network', 'rm', '-f', 'valkey1');
  } catch {
    // not there
  }
};

/** Waits for a podman process with these arguments (a terminal the extension opened runs it). */
async function waitForProcess(args: string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const c = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
        if (/(^|\/)podman$/.test(c[0] ?? '') && args.every((a, i) => c[c.length - args.length + i] === a)) return;
      } catch {
        // ended meanwhile
      }
    }
    if (Date.now() > deadline) assert.fail(`no podman ${args.join(' ')} ran`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the Podman view and the live preview in the workbench (real podman)', function () {
  this.timeout(240_000);
  let wb: Workbench;

  before(async () => {
    mkdirSync(results, { recursive: true });
    cleanUp();
    // Both samples at once. podman 4.3 publishes every containerPort on the host, and both use
    // 6379: valkey0 runs from a copy without its containerPort.
    const noPort = join(results, 'no-port.yml');
    writeFileSync(noPort, readFileSync(join(root, 'samples/valkey0/play.yml'), 'utf8').replace(/\n {6}ports:\n {8}- containerPort: 6379/, ''));
    podman('network', 'create', 'valkey1');
    podman('kube', 'play', '--network', 'valkey1', join(root, 'samples/valkey1/play.yml'));
    podman('kube', 'play', noPort);
    wb = await Workbench.start({ 'valkey0/no-port.yml': noPort });
    await wb.page.locator('.activitybar .action-item a[aria-label^="Podman"]').click();
  });
  after(async () => {
    await wb?.stop();
    cleanUp();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.page.screenshot({ path: join(results, `live-failed-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}.png`) });
  });

  const row = (text: string) => wb.page.locator('.pane-body .monaco-list-row', { hasText: text });

  /** Opens a row's context menu and chooses an action, with the keys a person would use. */
  async function menuAction(rowText: string, action: string): Promise<void> {
    await row(rowText).first().click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.locator('.action-item', { hasText: new RegExp(`^${action}$`) }).waitFor();
    const focused = () => wb.page.evaluate(() => document.querySelector('.context-view .monaco-menu .action-item.focused')?.textContent ?? '');
    for (let i = 0; i < 20 && (await focused())?.trim() !== action; i++) await wb.page.keyboard.press('ArrowDown');
    assert.strictEqual((await focused())?.trim(), action);
    await wb.page.keyboard.press('Enter');
  }

  it('lists the pods under their files, with their containers running', async () => {
    for (const name of ['valkey1-server-server', 'valkey1-client-client', 'valkey0-server', 'valkey0-client']) {
      await row(name).first().waitFor({ timeout: 60_000 });
      await wb.page.waitForFunction((n) => [...document.querySelectorAll('.pane-body .monaco-list-row')].some((r) => r.textContent?.includes(n) && r.textContent.includes('running')), name, { timeout: 30_000 });
    }
    // The workspace's manifests are found and read in the background.
    await row('no-port.yml').first().waitFor({ timeout: 30_000 });
    await row('valkey1/play.yml').first().waitFor({ timeout: 30_000 });
    const rows = await wb.page.locator('.pane-body .monaco-list-row').allTextContents();
    const at = (t: string) => rows.findIndex((r) => r.includes(t));
    // Each pod under its file: valkey0 under valkey0/no-port.yml, the valkey1 pods under valkey1/play.yml.
    assert.ok(at('no-port.yml') >= 0 && at('no-port.yml') < at('valkey0-server'), rows.join('\n'));
    assert.ok(at('valkey1/play.yml') >= 0 && at('valkey1/play.yml') < at('valkey1-server'), rows.join('\n'));
    // At the default sidebar width, a pod's and a container's row show their state whole (details in the tooltip).
    const cut = await wb.page.evaluate(() =>
      [...document.querySelectorAll('.pane-body .monaco-list-row')]
        .filter((r) => /valkey/.test(r.textContent ?? ''))
        .flatMap((r) => {
          const d = r.querySelector<HTMLElement>('.label-description');
          const name = r.querySelector<HTMLElement>('.label-name');
          const container = r.querySelector<HTMLElement>('.monaco-icon-label-container');
          return container && container.scrollWidth > container.clientWidth + 1 ? [`${name?.textContent} ${d?.textContent}`] : [];
        }),
    );
    assert.deepStrictEqual(cut, [], `rows cut at the sidebar's width: ${cut.join('; ')}`);
    await wb.page.screenshot({ path: join(results, 'podman-view.png') });
  });

  it('a pod just played, unchanged: its context menu offers no Replace', async () => {
    await row('valkey1-server').first().click({ button: 'right' });
    const menu = wb.page.locator('.context-view .monaco-menu');
    await menu.locator('.action-item', { hasText: /^Stop Pod$/ }).waitFor();
    const actions = (await menu.locator('.action-item .action-label').allTextContents()).map((t) => t.trim()).filter(Boolean);
    await wb.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    assert.ok(!actions.some((a) => /Replace/.test(a)), actions.join(', '));
    assert.ok(actions.includes('Show Logs'), actions.join(', '));
  });

  it('Stop Pod from the context menu stops it, and the row says so; Start Pod brings it back', async () => {
    await menuAction('valkey1-client', 'Stop Pod');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.pane-body .monaco-list-row')].some((r) => /valkey1-client\s*exited/.test(r.textContent ?? '')), undefined, { timeout: 60_000 });
    assert.strictEqual(podman('pod', 'inspect', 'valkey1-client', '--format', '{{.State}}'), 'Exited');
    await menuAction('valkey1-client', 'Start Pod');
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.pane-body .monaco-list-row')].some((r) => /valkey1-client\s*running/.test(r.textContent ?? '')), undefined, { timeout: 60_000 });
  });

  it('the preview of a running file is live: coloured boxes with a legend; a click offers the logs', async () => {
    await wb.openFile('valkey1/play.yml');
    await wb.runCommand('Podman: Open Topology Preview to the Side');
    const frame: Frame = await wb.previewFrame();
    await frame.waitForSelector('#live[aria-pressed="true"]', { timeout: 30_000 });
    await frame.waitForFunction(() => document.querySelector('#diagram svg')?.textContent?.includes('running'), undefined, { timeout: 30_000 });
    assert.deepStrictEqual(await frame.locator('#legend .entry').allTextContents(), ['running']);
    // Played from a terminal with --network valkey1, which the sample's committed unit chooses too.
    assert.strictEqual((await frame.locator('#network').textContent())?.trim(), 'Network: valkey1 (valkey1/valkey1.kube)');
    assert.match((await frame.locator('#diagram svg').textContent()) ?? '', /Network valkey1/);
    // Mermaid really drew the state's colours: the server's box is filled light green.
    const fill = await frame.evaluate(() => {
      const node = [...document.querySelectorAll('#diagram g.node')].find((n) => n.textContent?.includes('server') && n.textContent.includes('running'));
      const shape = node?.querySelector('rect, path, polygon');
      return shape ? getComputedStyle(shape).fill : undefined;
    });
    assert.strictEqual(fill, 'rgb(230, 244, 234)');
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.page
      .locator('.notifications-toasts .notification-toast')
      .first()
      .waitFor({ state: 'hidden' })
      .catch(() => undefined);
    await wb.page.screenshot({ path: join(results, 'preview-live.png') });
    // Click the client's box: a menu offers its logs, which open in a terminal running podman logs.
    await frame.locator('#diagram g.node', { hasText: 'client' }).first().click();
    await frame.locator('#box-menu button', { hasText: 'Show logs of valkey1-client-client' }).click();
    await waitForProcess(['logs', '-f', '--', 'valkey1-client-client']);
  });
});

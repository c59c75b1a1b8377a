// A project's topology preview in the browser, Mermaid really drawing: samples/valkey2's three
// files in one diagram, each pod marked with its file, the app's edge to the database it names;
// a click on another file's pod opens that file; a sibling's edit redraws it.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import type { Frame } from 'playwright-core';
import { Workbench } from './workbench';

const root = join(__dirname, '..', '..', '..');
const results = join(root, '.test-results');

async function waitForSvgText(frame: Frame, needle: string, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let t = '';
  while (Date.now() < deadline) {
    t = await frame
      .locator('#diagram svg')
      .evaluate((svg) => [...svg.querySelectorAll('.nodeLabel, .edgeLabel, .cluster-label')].map((e) => e.textContent).join(' | '))
      .catch(() => '');
    if (t.includes(needle)) return t;
    await new Promise((r) => setTimeout(r, 100));
  }
  return assert.fail(`the diagram never showed "${needle}"; it shows: ${t}`);
}

describe('a project in the browser (code-server + chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;

  const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8' });
  const cleanUp = () => {
    podman('pod', 'rm', '-f', '--ignore', 'valkey2-db', 'valkey2-app');
    podman('volume', 'rm', '-f', 'valkey2-config');
    podman('network', 'rm', '-f', 'valkey2');
  };
  const row = (text: string) => wb.page.locator('.pane-body .monaco-list-row', { hasText: text });

  before(async () => {
    mkdirSync(results, { recursive: true });
    cleanUp();
    wb = await Workbench.start();
  });
  after(async () => {
    await wb?.stop();
    cleanUp();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.page.screenshot({ path: join(results, 'project-failed.png') });
  });

  it("draws every file's pods on the project's network, each marked with its file; a click opens another file's pod", async () => {
    await wb.openFile('valkey2/app.yml');
    // CodeLens above the file offers the project's play beside the file's own.
    await wb.page.locator('.codelens-decoration a', { hasText: 'Play project valkey2' }).waitFor({ timeout: 30_000 });
    await wb.runCommand('Podman: Open Topology Preview to the Side');
    const frame = await wb.previewFrame();
    const text = await waitForSvgText(frame, 'Pod valkey2-db (db.yml)');
    for (const t of ['Network valkey2', 'Pod valkey2-app (app.yml)', 'valkey2-db:6379', 'valkey', 'app']) assert.ok(text.includes(t), `${t} missing in ${text}`);
    // The title names the project; no problem banner (only infos, which the preview does not list).
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.tab')].some((t) => t.textContent?.includes('Topology: app.yml (project valkey2)')), undefined, { timeout: 20_000 });
    assert.strictEqual(await frame.locator('.banner.problems').count(), 0);
    // The status bar names the project of the active file beside its network.
    await wb.page.waitForFunction(() => /valkey2.*project valkey2/.test(document.querySelector('.statusbar-item[id$="podmanKube.network"]')?.textContent ?? ''), undefined, { timeout: 20_000 });
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.page.screenshot({ path: join(results, 'preview-valkey2.png') });
    // The database's box is in db.yml: the click opens it, its name selected.
    await frame.locator('#diagram svg g.node', { hasText: 'valkey' }).first().click();
    await wb.page.waitForFunction(() => document.querySelector('.tab.active')?.textContent?.includes('db.yml'), undefined, { timeout: 20_000 });
    await wb.page.waitForFunction(() => document.querySelector('#status\\.editor\\.selection')?.textContent?.includes('Ln 8, Col 19 (6 selected)'), undefined, { timeout: 10_000 });
  });

  it('Play Project from the palette: the Podman view lists the project, its files under it, their pods under them; Down Project empties it', async () => {
    podman('network', 'create', 'valkey2');
    await wb.openFile('valkey2/app.yml');
    await wb.runCommand('Podman: Play Project');
    await wb.page.locator('.activitybar .action-item a[aria-label^="Podman"]').click();
    for (const name of ['valkey2-db', 'valkey2-app'])
      await wb.page.waitForFunction((n) => [...document.querySelectorAll('.pane-body .monaco-list-row')].some((r) => r.textContent?.startsWith(n) && r.textContent.includes('running')), name, { timeout: 60_000 });
    await row('Project valkey2').first().waitFor({ timeout: 30_000 });
    const rows = await wb.page.locator('.pane-body .monaco-list-row').allTextContents();
    const at = (t: string) => rows.findIndex((r) => r.includes(t));
    // Project, then each file in play order with its pod under it.
    const order = ['Project valkey2', 'valkey2/db.yml', 'valkey2-db', 'valkey2/app.yml', 'valkey2-app'].map(at);
    assert.deepStrictEqual(
      [...order].sort((a, b) => a - b),
      order,
      rows.join('\n'),
    );
    assert.ok(order[0] >= 0, rows.join('\n'));
    assert.match(rows[order[0]], /2 pods · 2 files/);
    await wb.runCommand('Notifications: Clear All Notifications');
    await wb.page.screenshot({ path: join(results, 'podman-view-project.png') });
    await wb.openFile('valkey2/app.yml');
    await wb.runCommand('Podman: Down Project');
    await row('Project valkey2').first().waitFor({ state: 'detached', timeout: 60_000 });
    assert.strictEqual(podman('pod', 'ps', '--format', '{{.Name}}').trim(), '');
  });

  it("a sibling changed (app.yml, on disk, while the preview shows db.yml) redraws the project's diagram", async () => {
    // db.yml is the active editor now; the preview (unlocked) follows it and draws the same project.
    const frame = await wb.previewFrame();
    await waitForSvgText(frame, 'Pod valkey2-app (app.yml)');
    const app = join(wb.workspace, 'valkey2/app.yml');
    writeFileSync(app, `${readFileSync(app, 'utf8')}---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: valkey2-extra\nspec:\n  containers:\n    - name: extra\n      image: docker.io/valkey/valkey:8\n`);
    await waitForSvgText(frame, 'Pod valkey2-extra (app.yml)');
  });
});

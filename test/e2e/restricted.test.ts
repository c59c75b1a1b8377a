import * as assert from 'assert';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workbench } from './workbench';

describe('Restricted Mode: an untrusted workspace (code-server + chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;

  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-e2e-restricted-'));

  before(async () => {
    // A committed unit whose PodmanArgs= would publish valkey0's containerPort: not in Restricted Mode.
    writeFileSync(join(dir, 'valkey0.kube'), '[Kube]\nYaml=play.yml\nNetwork=team-net\nPodmanArgs=--publish-all\n');
    // Trust on, no startup prompt: the folder opens untrusted, in Restricted Mode.
    wb = await Workbench.start({ 'valkey0/valkey0.kube': join(dir, 'valkey0.kube') }, { 'security.workspace.trust.startupPrompt': 'never' }, true);
  });
  after(async () => {
    await wb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the podman commands are not offered, the preview still is', async () => {
    await wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: 30_000 });
    await wb.openFile('valkey0/play.yml');
    await wb.runCommand('Podman: Open Topology Preview to the Side');
    const frame = await wb.previewFrame();
    // The committed unit's network is followed; its arguments are not (no --publish-all: no browser edge).
    await frame.waitForFunction(() => document.querySelector('#network')?.textContent?.startsWith('Network: team-net (valkey0/valkey0.kube)'), undefined, { timeout: 20_000 });
    await frame.waitForFunction(() => document.querySelector('#diagram svg')?.textContent?.includes('Network team-net'), undefined, { timeout: 20_000 });
    const text = await frame.locator('#diagram svg').textContent();
    assert.ok(text?.includes('Pod valkey0') && !text.includes('Web browser'), text ?? '');
    await assert.rejects(wb.runCommand('Podman: Play Kube', 8000), /does not offer "Podman: Play Kube"/);
    await wb.page.keyboard.press('Escape');
  });

  it('the Podman view says why it shows nothing, and runs no podman', async () => {
    await wb.page.locator('.activitybar .action-item a[aria-label^="Podman"]').click();
    const welcome = wb.page.locator('.welcome-view-content', { hasText: 'Podman does not run in Restricted Mode' });
    await welcome.waitFor({ timeout: 30_000 });
    assert.ok(await welcome.locator('a, .monaco-button', { hasText: 'Manage Workspace Trust' }).count());
    assert.strictEqual(await wb.page.locator('.pane-body .monaco-list-row', { hasText: 'valkey' }).count(), 0);
    await new Promise((r) => setTimeout(r, 2000)); // time enough for a stream to start, were it to
    assert.deepStrictEqual(
      wb.podmanLog().filter((l) => l.includes('$ podman')),
      [],
    );
  });

  it('running one anyway (CodeLens) says why it is disabled', async () => {
    await wb.page
      .locator('.codelens-decoration a', { hasText: /^Down$/ })
      .first()
      .click();
    const toast = wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Podman commands are disabled in Restricted Mode' });
    await toast.waitFor({ timeout: 20_000 });
    assert.match((await toast.textContent()) ?? '', /trust this workspace to run podman/);
  });
});

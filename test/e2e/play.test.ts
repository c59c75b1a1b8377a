// Play Kube as a person sees it, in the workbench against real podman: a quick play answers
// with its result alone; a play that hangs gets a progress notification whose Cancel stops podman.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { HangingRegistry, kubePlayProcesses, podManifest } from '../support/podman';
import { Workbench } from './workbench';

const PODS = ['e2e-quick', 'e2e-hang'];
const podExists = (name: string) => {
  try {
    execFileSync('podman', ['pod', 'exists', name]);
    return true;
  } catch {
    return false;
  }
};
const removePods = () => execFileSync('podman', ['pod', 'rm', '-f', '--ignore', ...PODS]);

describe('Play Kube in the workbench (code-server + chromium, real podman)', function () {
  this.timeout(240_000);
  let wb: Workbench;
  let registry: HangingRegistry;
  const dir = mkdtempSync(join(tmpdir(), 'podman-kube-e2e-play-'));

  before(async () => {
    removePods();
    registry = await HangingRegistry.start();
    writeFileSync(join(dir, 'quick.yml'), podManifest('e2e-quick'));
    writeFileSync(join(dir, 'hang.yml'), podManifest('e2e-hang', registry.image));
    wb = await Workbench.start({ 'quick.yml': join(dir, 'quick.yml'), 'hang.yml': join(dir, 'hang.yml') });
  });
  after(async () => {
    await wb?.stop();
    registry?.close();
    removePods();
    rmSync(dir, { recursive: true, force: true });
  });

  const toast = (text: string | RegExp) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text });

  it('with no pods, the Podman view says so and still shows the networks', async () => {
    // The tests' own podman storage: nothing of a user's is here.
    execFileSync('podman', ['pod', 'rm', '-f', '-a']);
    execFileSync('podman', ['network', 'rm', '-f', 'e2e-alone']);
    execFileSync('podman', ['network', 'create', 'e2e-alone']);
    try {
      await wb.page.locator('.activitybar .action-item a[aria-label^="Podman"]').click();
      const row = (text: string) => wb.page.locator('.pane-body .monaco-list-row', { hasText: text }).first();
      await row('No pods yet').waitFor({ timeout: 30_000 });
      await row('e2e-alone').waitFor({ timeout: 30_000 });
      assert.match((await row('e2e-alone').textContent()) ?? '', /DNS on · no pods/);
      await wb.page.locator('.activitybar .action-item a[aria-label^="Explorer"]').click();
    } finally {
      execFileSync('podman', ['network', 'rm', '-f', 'e2e-alone']);
    }
  });

  it('a quick play shows what it created, with Show Logs and Open Preview; Kube Down removes it', async () => {
    await wb.openFile('quick.yml');
    await wb.runCommand('Podman: Play Kube');
    const played = toast('Played quick.yml');
    await played.waitFor({ timeout: 60_000 });
    assert.match((await played.textContent()) ?? '', /Played quick\.yml on podman-default-kube-network: pod e2e-quick \(e2e-quick-server\)\./);
    assert.deepStrictEqual(await played.locator('.monaco-button').allTextContents(), ['Show Logs', 'Open Preview']);
    assert.ok(podExists('e2e-quick'), 'pod e2e-quick is not there');
    await wb.runCommand('Podman: Kube Down');
    await toast('Removed the pods of quick.yml.').waitFor({ timeout: 60_000 });
    assert.strictEqual(podExists('e2e-quick'), false);
  });

  it('Create Network... proposes the network of the manifest as a value: Enter creates it', async () => {
    const rm = () => execFileSync('podman', ['network', 'rm', '-f', 'valkey1']);
    rm();
    try {
      await wb.openFile('valkey1/play.yml');
      await wb.runCommand('Podman: Create Network...');
      const input = wb.page.locator('.quick-input-widget input.input');
      await wb.page.waitForFunction(() => document.querySelector<HTMLInputElement>('.quick-input-widget input.input')?.value === 'valkey1');
      // Selected, so typing would replace it; Enter takes it as it is.
      assert.deepStrictEqual(await input.evaluate((e: HTMLInputElement) => [e.selectionStart, e.selectionEnd]), [0, 7]);
      await wb.page.keyboard.press('Enter');
      await toast('Created network valkey1').waitFor({ timeout: 30_000 });
      assert.strictEqual(JSON.parse(execFileSync('podman', ['network', 'inspect', 'valkey1'], { encoding: 'utf8' }))[0].name, 'valkey1');
    } finally {
      rm();
    }
  });

  it('Play on a network that is gone: asked before podman runs, no pod left; Create Network and Play plays it', async () => {
    const rm = () => execFileSync('podman', ['network', 'rm', '-f', 'valkey1']);
    const valkey1Pods = () => execFileSync('podman', ['pod', 'ps', '--format', '{{.Name}}', '--filter', 'name=valkey1'], { encoding: 'utf8' }).trim();
    rm();
    try {
      await wb.openFile('valkey1/play.yml');
      await wb.runCommand('Podman: Play Kube');
      const ask = toast('which podman does not have');
      await ask.waitFor({ timeout: 30_000 });
      assert.match((await ask.textContent()) ?? '', /play\.yml plays on network valkey1 \(valkey1\/valkey1\.kube\), which podman does not have\. Create it and play\?/);
      assert.strictEqual(valkey1Pods(), '', 'podman ran and left a pod');
      await ask.locator('.monaco-button', { hasText: 'Create Network and Play' }).click();
      await toast('Played play.yml on valkey1 (valkey1/valkey1.kube)').waitFor({ timeout: 60_000 });
      assert.deepStrictEqual(valkey1Pods().split('\n').sort(), ['valkey1-client', 'valkey1-server']);
      await wb.runCommand('Podman: Kube Down');
      await toast('Removed the pods of play.yml.').waitFor({ timeout: 60_000 });
      assert.strictEqual(valkey1Pods(), '');
    } finally {
      execFileSync('podman', ['pod', 'rm', '-f', '--ignore', 'valkey1-server', 'valkey1-client']);
      rm();
    }
  });

  it('a play that hangs shows a progress notification; its Cancel stops podman and removes the pod it made', async () => {
    await wb.openFile('hang.yml');
    await wb.runCommand('Podman: Play Kube');
    assert.ok(await registry.reached(30_000), 'podman never reached the registry');
    const progress = toast('podman kube play hang.yml on podman-default-kube-network');
    await progress.waitFor({ timeout: 10_000 });
    assert.ok(kubePlayProcesses().length > 0, 'podman is not running');
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    // What podman had made before it stopped is removed, and the message says so.
    const cancelled = toast('Cancelled playing hang.yml');
    await cancelled.waitFor({ timeout: 10_000 });
    assert.match((await cancelled.textContent()) ?? '', /Removed what it had created: pod e2e-hang\./);
    assert.strictEqual(podExists('e2e-hang'), false);
    const deadline = Date.now() + 5000;
    while (kubePlayProcesses().length > 0 && Date.now() < deadline) await wb.page.waitForTimeout(100);
    assert.deepStrictEqual(kubePlayProcesses(), [], 'podman kube play is still running after Cancel');
  });
});

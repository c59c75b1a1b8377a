// Build & Play as a person sees it, in the workbench against real podman: the CodeLens above a
// manifest with a build folder, the build's step streamed into the progress notification, Cancel
// mid-build leaving no pod and no build container, and samples/valkey3 built and played.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { kubePlayProcesses } from '../support/podman';
import { Workbench } from './workbench';

const root = join(__dirname, '..', '..', '..');
const results = join(root, '.test-results');
const podman = (...args: string[]) => execFileSync('podman', args, { encoding: 'utf8' }).trim();
const cleanUp = () => {
  podman('pod', 'rm', '-f', '--ignore', 'valkey3', 'e2e-slow');
  podman('rmi', '-f', 'localhost/counter:latest', 'localhost/slow:latest');
};
/** Buildah's working containers: a build in progress, or one left half-made. */
const buildContainers = () =>
  podman('ps', '-a', '--external', '--format', '{{.Names}}')
    .split('\n')
    .filter((l) => l.endsWith('-working-container'));

describe('Build & Play in the workbench (code-server + chromium, real podman)', function () {
  this.timeout(300_000);
  let wb: Workbench;

  before(async () => {
    cleanUp();
    wb = await Workbench.start();
    mkdirSync(join(wb.workspace, 'slow'));
    writeFileSync(join(wb.workspace, 'slow', 'Containerfile'), 'FROM docker.io/valkey/valkey:8\nRUN echo made > /made\nRUN sleep 120\n');
    writeFileSync(join(wb.workspace, 'slow.yml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: e2e-slow\nspec:\n  containers:\n    - name: app\n      image: slow\n');
    mkdirSync(results, { recursive: true });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.page.screenshot({ path: join(results, `build-failed-${this.currentTest.title.slice(0, 20).replace(/\W+/g, '-')}.png`) });
  });
  after(async () => {
    await wb?.stop();
    cleanUp();
  });

  const toast = (text: string | RegExp) => wb.page.locator('.notifications-toasts .notification-toast', { hasText: text });
  const lens = (text: string) => wb.page.locator('.codelens-decoration a', { hasText: text });

  it('Build & Play streams the build step into the progress; Cancel leaves no pod and no build container', async () => {
    await wb.openFile('slow.yml');
    await lens('Build & Play').waitFor({ timeout: 30_000 });
    assert.strictEqual(await lens('Build & Play').getAttribute('title'), 'podman kube play --build: builds from slow/Containerfile, then plays');
    await lens('Build & Play').click();
    const progress = toast('podman kube play --build slow.yml on podman-default-kube-network: builds slow from slow/Containerfile');
    await progress.waitFor({ timeout: 30_000 });
    await progress.filter({ hasText: 'building slow: STEP 3/3: RUN sleep 120' }).waitFor({ timeout: 60_000 });
    assert.strictEqual(buildContainers().length, 1, 'the build runs in a working container');
    await wb.page.screenshot({ path: join(results, 'build-progress.png') });
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const cancelled = toast('Cancelled playing slow.yml');
    await cancelled.waitFor({ timeout: 20_000 });
    assert.match((await cancelled.textContent()) ?? '', /Removed what it had created: pod e2e-slow, a build container\./);
    assert.deepStrictEqual(buildContainers(), []);
    assert.strictEqual(podman('pod', 'ps', '--filter', 'name=e2e-slow', '--format', '{{.Name}}'), '');
    const deadline = Date.now() + 5000;
    while (kubePlayProcesses().length > 0 && Date.now() < deadline) await wb.page.waitForTimeout(100);
    assert.deepStrictEqual(kubePlayProcesses(), [], 'podman kube play is still running after Cancel');
  });

  it('samples/valkey3: Build & Play builds the client and plays the pod', async () => {
    await wb.openFile('valkey3/play.yml');
    await lens('Build & Play').click();
    const played = toast('Played play.yml');
    await played.waitFor({ timeout: 120_000 });
    assert.match((await played.textContent()) ?? '', /Played play\.yml on podman-default-kube-network: pod valkey3 \(valkey3-server, valkey3-client\)\./);
    assert.match(podman('images', '--format', '{{.Repository}}:{{.Tag}}'), /^localhost\/counter:latest$/m);
    const log = wb.podmanLog().join('\n');
    assert.match(log, /play\.yml: podman builds counter from .*\/valkey3\/counter\/Containerfile/);
    assert.match(log, /STEP 2\/3: COPY count\.sh \/usr\/local\/bin\/count\.sh/);
  });
});

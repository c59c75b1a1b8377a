// Convert Compose File to Kube Manifest as a person does it, in the workbench: from the explorer's
// context menu, the layout asked, the manifest opened beside its topology preview (Mermaid really
// rendering it), what was not carried over in the comment at its top.
import * as assert from 'assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Workbench } from './workbench';

const root = join(__dirname, '..', '..', '..');
const results = join(root, '.test-results');

describe('Convert Compose File in the workbench (code-server + chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;

  const src = mkdtempSync(join(tmpdir(), 'podman-kube-e2e-compose-'));

  before(async () => {
    writeFileSync(
      join(src, 'compose.yaml'),
      'services:\n  web:\n    image: docker.io/library/nginx:1.27\n    ports: ["8080:80"]\n    depends_on: [api]\n  api:\n    image: docker.io/valkey/valkey:8\n    environment:\n      DB_HOST: db\n    logging:\n      driver: json-file\n  db:\n    image: docker.io/library/postgres:16\n    volumes: [data:/var/lib/postgresql/data]\nvolumes:\n  data:\n',
    );
    wb = await Workbench.start({ 'shop/compose.yaml': join(src, 'compose.yaml') });
    mkdirSync(results, { recursive: true });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.page.screenshot({ path: join(results, 'compose-failed.png') });
  });
  after(async () => {
    await wb?.stop();
    rmSync(src, { recursive: true, force: true });
  });

  it('from the explorer: the manifest opens with its preview, the dropped features at its top', async () => {
    const row = (text: string) => wb.page.locator('.explorer-folders-view .monaco-list-row', { hasText: text }).first();
    await row('shop').click();
    await row('compose.yaml').click({ button: 'right' });
    await wb.page.locator('.context-view .action-label', { hasText: 'Convert Compose File to Kube Manifest' }).click();
    await wb.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'One pod per service' }).first().click();
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.tab')].some((t) => t.textContent?.includes('kube.yaml')), undefined, { timeout: 30_000 });
    const frame = await wb.previewFrame();
    const svg = (await frame.locator('#diagram svg').textContent()) ?? '';
    for (const pod of ['Pod db', 'Pod api', 'Pod web']) assert.ok(svg.includes(pod), `${pod} in ${svg}`);
    await wb.page.locator('.notifications-toasts .notification-toast', { hasText: 'Wrote kube.yaml from compose.yaml' }).waitFor({ timeout: 30_000 });
    await wb.page.screenshot({ path: join(results, 'compose-convert.png') });
    const text = readFileSync(join(wb.workspace, 'shop', 'kube.yaml'), 'utf8');
    assert.match(text, /# Not carried over:\n# - service api: `logging` is not carried over\n/);
    // The editor shows that comment first.
    assert.match((await wb.page.locator('.editor-instance .view-lines').first().textContent()) ?? '', /#\sConverted\sfrom\scompose\sproject\sshop/);
  });
});

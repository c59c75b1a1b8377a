// A Quadlet unit as a person sees it in the workbench (code-server + chromium): highlighted, its
// CodeLens from Yaml= to the manifest, and the preview it opens on the unit's network.
import * as assert from 'assert';
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { quadletUnits } from '../../src/quadlet/units';
import { Workbench } from './workbench';

const root = join(__dirname, '..', '..', '..');
const results = join(root, '.test-results');

describe('a Quadlet unit in the workbench (code-server + chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;

  before(async () => {
    mkdirSync(results, { recursive: true });
    wb = await Workbench.start();
    // What Export as Quadlet writes for valkey1 on its network, beside the manifest.
    for (const u of quadletUnits({ yaml: join(wb.workspace, 'valkey1', 'play.yml'), network: 'valkey1' }).units) writeFileSync(join(wb.workspace, 'valkey1', u.file), u.text);
  });
  after(async () => wb?.stop());

  it('the .kube unit offers its manifest and its preview, which draws the unit\'s network', async () => {
    await wb.openFile('valkey1/valkey1.kube');
    const lens = wb.page.locator('.codelens-decoration a', { hasText: 'Open Topology Preview (network valkey1)' });
    await lens.waitFor({ timeout: 30_000 });
    // Highlighted as a unit file: keys in their own colour.
    const colours = await wb.page.evaluate(() => {
      const spans = [...document.querySelectorAll('.editor-instance .view-lines .view-line span span')];
      const colour = (t: string) => spans.filter((s) => s.textContent === t).map((s) => getComputedStyle(s).color)[0];
      return { key: colour('Yaml'), text: colour('=') };
    });
    assert.ok(colours.key && colours.text && colours.key !== colours.text, JSON.stringify(colours));
    await wb.page.screenshot({ path: join(results, 'quadlet-unit.png') });
    await lens.click();
    const frame = await wb.previewFrame();
    await frame.waitForFunction(() => document.querySelector('#network')?.textContent?.startsWith('Network: valkey1'), undefined, { timeout: 30_000 });
    assert.match((await frame.locator('#diagram svg').textContent()) ?? '', /Network valkey1/);
    await wb.page.screenshot({ path: join(results, 'quadlet-preview.png') });
  });
});

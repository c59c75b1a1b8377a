// Time in `activate` as the extension logs it ("Activated in N ms"), over fresh code-server
// hosts: a workspace where only other YAML is opened, and one where a manifest is.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Workbench } from '../e2e/workbench';

const ROOT = join(__dirname, '..', '..', '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
}

async function activationMs(open: string, extra: Record<string, string>): Promise<number> {
  const wb = await Workbench.start(extra);
  try {
    await wb.openFile(open);
    for (let i = 0; i < 150; i++) {
      const log = files(wb.profile).find((f) => /Podman\.log$/.test(f));
      const m = log && /Activated in ([\d.]+) ms/.exec(readFileSync(log, 'utf8'));
      if (m) return Number(m[1]);
      await wb.page.waitForTimeout(200);
    }
    throw new Error('the extension never logged its activation');
  } finally {
    await wb.stop();
  }
}

export async function benchActivate(starts = 11): Promise<Record<string, string | number>[]> {
  const workflow = join(ROOT, '.test-results', 'bench-workflow.yml');
  writeFileSync(workflow, 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n');
  const kb = (f: string) => `${(statSync(join(ROOT, 'dist', f)).size / 1024).toFixed(0)} kB`;
  const cases: { what: string; open: string; extra: Record<string, string>; loaded: string }[] = [
    { what: 'a GitHub workflow only (no manifest)', open: 'workflow.yml', extra: { 'workflow.yml': workflow }, loaded: `dist/extension.js ${kb('extension.js')}` },
    { what: 'samples/valkey1/play.yml', open: 'valkey1/play.yml', extra: {}, loaded: `+ dist/client.js ${kb('client.js')} (language client)` },
  ];
  const rows: Record<string, string | number>[] = [];
  for (const c of cases) {
    const times: number[] = [];
    for (let i = 0; i < starts; i++) times.push(await activationMs(c.open, c.extra));
    rows.push({ opened: c.what, [`activate, median of ${starts} ms`]: median(times), 'min-max ms': `${Math.min(...times)}-${Math.max(...times)}`, 'code loaded for it': c.loaded });
  }
  return rows;
}

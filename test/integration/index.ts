// Runs inside the VS Code extension host (code-server or desktop VS Code): loads every suite
// and reports counts to the launcher through the file named by PODMAN_KUBE_TEST_RESULTS.
import { readdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  const dir = path.join(__dirname, 'suite');
  const only = process.env.PODMAN_KUBE_TEST_GREP;
  if (only) mocha.grep(only);
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort())
    mocha.addFile(path.join(dir, f));
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0, tests = 0 } = runner.stats ?? {};
      const out = process.env.PODMAN_KUBE_TEST_RESULTS;
      if (out) writeFileSync(out, JSON.stringify({ passes, failures, pending, tests }));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}

// Runs scripts/setup-podman.sh (isolated storage, local test image) and returns the
// CONTAINERS_* environment it prints, for the test and benchmark runners.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './code-server.mjs';

export function setUpPodman() {
  const out = execFileSync('bash', [join(ROOT, 'scripts/setup-podman.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => /^CONTAINERS_\w+=/.test(l))
      .map((l) => l.split(/=(.*)/s).slice(0, 2)),
  );
}

// Reads the file named on the command line once, with the reader named after it (the model, the
// unit-file parser and checker, or podman's listings), and prints how long it took and the
// process's peak memory (run fresh per file by adversarial.bench.ts).
import { readFileSync } from 'fs';
import { parsePods } from '../../src/live/state';
import { parseManifest } from '../../src/model';
import { checkUnit } from '../../src/quadlet/unitFile';

const text = readFileSync(process.argv[2], 'utf8');
const reader = process.argv[3] ?? 'model';
const t = performance.now();
if (reader === 'unit') checkUnit(text, { kind: 'kube', version: '5.4.2', dir: '/u', exists: () => true, siblings: new Set() });
else if (reader === 'listing') {
  const { pods, containers } = JSON.parse(text) as { pods: string; containers: string };
  parsePods(pods, containers);
} else parseManifest(text);
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024 }));

// Reads the manifest named on the command line once with the model, and prints how long it took
// and the process's peak memory (run fresh per file by adversarial.bench.ts).
import { readFileSync } from 'fs';
import { parseManifest } from '../../src/model';

const text = readFileSync(process.argv[2], 'utf8');
const t = performance.now();
parseManifest(text);
const ms = performance.now() - t;
console.log(JSON.stringify({ ms, rssMiB: process.resourceUsage().maxRSS / 1024 }));

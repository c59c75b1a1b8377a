// Model speed: parseManifest on an N-pod manifest vs yaml's parseAllDocuments alone (the
// baseline), interleaved in the same run; median of several runs each.
import { parseAllDocuments } from 'yaml';
import { parseManifest } from '../../src/model';
import { generateManifest } from '../support/generate';

export interface Row {
  [column: string]: string | number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/**
 * Time of a call plus collecting its garbage. Without the collection inside the timing, the
 * parse's garbage is collected during whatever runs next (the model's walk), so the baseline
 * would look cheaper than it is.
 */
function time(fn: () => unknown): number {
  gc();
  const t = process.hrtime.bigint();
  fn();
  gc();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

export function benchModel(sizes = [100, 1000], runs = 11): Row[] {
  const rows: Row[] = [];
  for (const pods of sizes) {
    const text = generateManifest(pods);
    const lines = text.split('\n').length - 1;
    // Warm up both code paths so the JIT treats them alike.
    parseAllDocuments(text);
    const check = parseManifest(text);
    if (check.pods.length !== pods || check.problems.length !== 0) throw new Error(`bench manifest misread: ${check.pods.length} pods, ${check.problems.length} problems`);
    const base: number[] = [];
    const model: number[] = [];
    for (let i = 0; i < runs; i++) {
      base.push(time(() => parseAllDocuments(text)));
      model.push(time(() => parseManifest(text)));
    }
    const b = median(base);
    const m = median(model);
    rows.push({ pods, lines, 'parseAllDocuments ms': b.toFixed(0), 'parseManifest ms': m.toFixed(0), ratio: (m / b).toFixed(2), target: '≤ 1.25', met: m / b <= 1.25 ? 'yes' : 'NO' });
  }
  return rows;
}

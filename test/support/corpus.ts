// A deterministic corpus of broken and hostile manifests, mutated from real ones: truncations,
// tabs, wrong types, deep nesting, huge scalars, alias bombs, line noise and their mixes.

export interface Case {
  name: string;
  text: string;
}

/** Small, seeded PRNG (mulberry32): the same corpus on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Mutation = (text: string, r: () => number) => string;

const pick = <T>(xs: T[], r: () => number): T => xs[Math.floor(r() * xs.length)];
const lineAt = (lines: string[], r: () => number) => Math.floor(r() * lines.length);

const WRONG_VALUES = ['[1, {a: b}]', '{}', '42', 'true', '~', '"', "'unterminated", '*nowhere', '&a', '!!binary AAAA', '[', '{a', '- x', '|', '>-', '? complex', '@x', '`x`'];

const MUTATIONS: Record<string, Mutation> = {
  truncate: (t, r) => t.slice(0, Math.floor(r() * t.length)),
  tabs: (t, r) =>
    t
      .split('\n')
      .map((l) => (r() < 0.2 ? l.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2))) : l))
      .join('\n'),
  wrongType: (t, r) => {
    const lines = t.split('\n');
    for (let n = 0; n < 3; n++) {
      const i = lineAt(lines, r);
      lines[i] = lines[i].replace(/:( .*)?$/, `: ${pick(WRONG_VALUES, r)}`);
    }
    return lines.join('\n');
  },
  deepBlock: (t, r) => {
    const depth = 200 + Math.floor(r() * 2000);
    let s = '';
    for (let i = 0; i < depth; i++) s += `${' '.repeat(i)}k${i}:\n`;
    return t.replace('spec:\n', `spec:\n  nested:\n${s.replace(/^/gm, '    ')}`);
  },
  deepFlow: (t, r) => {
    const depth = 1000 + Math.floor(r() * 20000);
    return t.replace(/containers:/, `containers: ${'['.repeat(depth)}${']'.repeat(r() < 0.5 ? depth : 0)}\n  other:`);
  },
  hugeScalar: (t, r) => {
    const size = 100_000 + Math.floor(r() * 900_000);
    return t.replace(/image: .*/, `image: ${'x'.repeat(size)}`);
  },
  hugeLine: (t, r) => t + '\n' + 'a: '.repeat(20_000 + Math.floor(r() * 50_000)),
  aliasBomb: (t, r) => {
    const levels = 6 + Math.floor(r() * 5);
    let s = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (let i = 1; i < levels; i++)
      s += `a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(',')}]\n`;
    return t.replace('metadata:\n', `metadata:\n  bomb:\n${s.replace(/^/gm, '    ')}\n`).replace(/command:\n(\s+)- /, `command: *a${levels - 1}\n$1- `);
  },
  aliasLoop: (t) => t.replace(/containers:\n/, 'containers: &c\n    - *c\n'),
  deleteLines: (t, r) =>
    t
      .split('\n')
      .filter(() => r() > 0.15)
      .join('\n'),
  duplicateLines: (t, r) =>
    t
      .split('\n')
      .flatMap((l) => (r() < 0.1 ? [l, l] : [l]))
      .join('\n'),
  shuffleLines: (t, r) => {
    const lines = t.split('\n');
    for (let n = 0; n < 4; n++) {
      const a = lineAt(lines, r);
      const b = lineAt(lines, r);
      [lines[a], lines[b]] = [lines[b], lines[a]];
    }
    return lines.join('\n');
  },
  indentNoise: (t, r) =>
    t
      .split('\n')
      .map((l) => (r() < 0.15 ? ' '.repeat(Math.floor(r() * 7)) + l.trimStart() : l))
      .join('\n'),
  byteNoise: (t, r) => {
    const chars = [...t];
    const noise = ['\0', '\u0007', '\uFEFF', '\r', '\u2028', '\uD800', 'é', '😀', '#', ':', '-', '"', "'", '{', '}', '[', ']', ',', '&', '*', '!', '%', '@'];
    for (let n = 0; n < 10; n++) chars.splice(Math.floor(r() * chars.length), r() < 0.5 ? 1 : 0, pick(noise, r));
    return chars.join('');
  },
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  // Up to 1 MB: the 5 MB case has its own test.
  manyDocuments: (t, r) =>
    Array(Math.max(1, Math.min(50 + Math.floor(r() * 300), Math.floor(1_000_000 / (t.length + 5)))))
      .fill(t)
      .join('\n---\n'),
  hostileNames: (t, r) => t.replace(/name: .*/g, () => `name: ${pick(['"a;rm -rf /"', '"<img src=x onerror=alert(1)>"', '"$(touch x)"', '"--privileged"', '"🙂"', '"\\u0000"', '"' + 'n'.repeat(300) + '"'], r)}`),
  unknownKind: (t, r) => t.replace(/kind: \w+/, `kind: ${pick(['Service', 'Ingress', 'CronJob', 'StatefulSet', 'Pod2', '""', '[]', '{}'], r)}`),
  notKube: (t) => t.replace(/^apiVersion:.*$/m, '').replace(/^kind:.*$/m, ''),
};

/** `count` cases from `bases`, each one or two mutations deep. */
export function corpus(bases: string[], count = 1000, seed = 20261128): Case[] {
  const r = random(seed);
  const names = Object.keys(MUTATIONS);
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    // Every mutation is used on its own first; then random pairs.
    const first = i < names.length ? names[i] : pick(names, r);
    const chain = i < names.length || r() < 0.4 ? [first] : [first, pick(names, r)];
    let text = pick(bases, r);
    for (const m of chain) text = MUTATIONS[m](text, r);
    out.push({ name: `${i} ${chain.join('+')}`, text });
  }
  return out;
}

// The hostile generators of the hardening work, each with one knob: nesting, anchor size, alias
// count, duplicates, continuation lines, listing size. `npm run bench -- adversarial` reads each
// at four sizes up to 300 kB and prints how time and memory grow with the input (1.0: linear).
export type Reader = 'model' | 'unit' | 'listing';

export interface Generator {
  name: string;
  knob: string;
  reader: Reader;
  make(n: number): string;
}

const head = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n';

export const GENERATORS: Generator[] = [
  {
    name: 'aliases nested in an anchor (env anchor in a container anchor)',
    knob: 'containers aliasing it',
    reader: 'model',
    make: (n) =>
      head +
      `    - &c\n      name: c0\n      image: i\n      env: &e\n${Array.from({ length: 100 }, (_, i) => `        - {name: V${i}, value: "x"}`).join('\n')}\n    - &d {name: c1, image: i, env: *e}\n` +
      Array.from({ length: n }, (_, i) => `    - {name: k${i}, image: i, env: [*d]}`).join('\n') +
      '\n',
  },
  {
    name: 'one anchor of N env entries, aliased into 50 containers',
    knob: 'anchor entries',
    reader: 'model',
    make: (n) =>
      head +
      `    - name: c0\n      image: i\n      env: &e\n${Array.from({ length: n }, (_, i) => `        - {name: V${i}, value: "localhost:${(i % 60000) + 1}"}`).join('\n')}\n` +
      Array.from({ length: 50 }, (_, i) => `    - {name: k${i}, image: i, env: *e}`).join('\n') +
      '\n',
  },
  {
    name: 'N aliases in one command',
    knob: 'aliases',
    reader: 'model',
    make: (n) => head + `    - name: c\n      image: &s docker.io/valkey/valkey:8\n      command: [${Array(n).fill('*s').join(', ')}]\n`,
  },
  {
    name: 'N containers of one name',
    knob: 'duplicates',
    reader: 'model',
    make: (n) => head + '    - {name: c, image: i}\n'.repeat(n),
  },
  {
    name: 'env nested N flow sequences deep',
    knob: 'depth',
    reader: 'model',
    make: (n) => head + `    - name: c\n      image: i\n      env: ${'['.repeat(n)}1${']'.repeat(n)}\n`,
  },
  {
    name: 'a .kube unit of N continuation lines',
    knob: 'continuation lines',
    reader: 'unit',
    make: (n) => `[Kube]\nYaml=play.yml\nPodmanArgs=--x \\\n${'  --y \\\n'.repeat(n)}  --z\n`,
  },
  {
    name: 'podman listings of N pods, 3 containers each',
    knob: 'pods',
    reader: 'listing',
    make: (n) =>
      JSON.stringify({
        pods: JSON.stringify(Array.from({ length: n }, (_, i) => ({ Id: `p${i}`, Name: `pod${i}`, Status: 'Running', Networks: ['n'] }))),
        containers: JSON.stringify(Array.from({ length: 3 * n }, (_, i) => ({ Id: `c${i}`, Names: [`pod${i % n}-c${i}`], Pod: `p${i % n}`, State: 'running', IsInfra: i < n }))),
      }),
  },
];

/** The knob values that make the text about each of these sizes (bytes). */
export function knobFor(g: Generator, bytes: number): number {
  const one = g.make(100).length;
  const two = g.make(200).length;
  const per = (two - one) / 100;
  return Math.max(1, Math.round(100 + (bytes - one) / per));
}

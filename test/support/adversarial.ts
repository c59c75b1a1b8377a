// Files a cloned repository could contain to freeze an editor that reads them: each class the
// hardening work measured, sized past what a person writes. Deterministic; written here.
const pod = (name: string, container: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n${container}`;
const container = (extra = '', name = 'c') => `    - name: ${name}\n      image: docker.io/valkey/valkey:8\n${extra}`;

export interface Adversarial {
  name: string;
  text: string;
}

export function adversarial(): Adversarial[] {
  const envAnchor = Array.from({ length: 600 }, (_, i) => `        - {name: V${i}, value: "localhost:${(i % 60000) + 1}"}`).join('\n');
  const anchoredEnv = (containers: number) => {
    let t = pod('p', container(`      env: &e\n${envAnchor}\n`, 'c0'));
    for (let i = 1; i < containers; i++) t += container('      env: *e\n', `c${i}`);
    return t;
  };
  const mergeMap = Array.from({ length: 2000 }, (_, i) => `    k${i}: v${i}`).join('\n');
  return [
    { name: 'many aliases in one command', text: pod('p', container(`      command: [${Array(6200).fill('*s').join(', ')}]\n`).replace('image: docker.io', 'image: &s docker.io')) },
    { name: 'one env anchor aliased into 250 containers', text: anchoredEnv(250) },
    { name: 'one env anchor aliased into 2,450 containers', text: anchoredEnv(2450) },
    { name: 'merge keys of a 2,000-key map, 200 times', text: `base: &b\n${mergeMap.replace(/^ {4}/gm, '  ')}\n` + Array.from({ length: 200 }, (_, i) => `m${i}:\n  <<: *b\n`).join('') + '---\n' + pod('p', container()) },
    { name: 'a URL-like word a.a.a..._://x', text: pod('p', container(`      command: ["${'a.'.repeat(100_000)}_://x"]\n`)) },
    { name: 'escaped "local\\x68ost:N" 12,000 times', text: pod('p', container(`      command: [${Array(12_000).fill('"local\\x68ost:1"').join(', ')}]\n`)) },
    { name: 'a 1 MB flow scalar', text: pod('p', container(`      command: ["${'x'.repeat(1_000_000)}"]\n`)) },
    { name: '3,000 pods named a', text: Array(3000).fill(pod('a', container())).join('---\n') },
    { name: '50,000 empty documents', text: '---\n'.repeat(50_000) + pod('p', container()) },
    { name: 'env nested 400 sequences deep', text: pod('p', container(`      env: ${'['.repeat(400)}1${']'.repeat(400)}\n`)) },
    { name: 'a 200 kB line of a: a: a:', text: pod('p', container()) + `x: ${'a: '.repeat(66_000)}\n` },
    { name: 'lone CR line endings', text: pod('p', container('      command: ["sleep", "1"]\n')).replace(/\n/g, '\r') },
    {
      name: 'labels Mermaid would read ($$, fa:, bidi)',
      text: pod('p', container(`      command: ["$$\\\\def\\\\a{\\\\a\\\\a}\\\\a$$", "fa:fa-x", "\u202Eevil"]\n`).replace('image: docker.io/valkey/valkey:8', 'image: "$$\\\\def\\\\a{\\\\a\\\\a}\\\\a$$ docker.io/fa:fa-evil/x"')),
    },
  ];
}

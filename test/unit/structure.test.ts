// The shape the code keeps (issue #21): read from the sources as they are, so a change that
// breaks a rule fails here, with the files that break it.
import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { COMMANDS } from '../../src/shared/commands';

const ROOT = join(__dirname, '..', '..', '..');
const SRC = join(ROOT, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}
const sources = files(SRC).map((path) => ({ path, rel: relative(SRC, path), text: readFileSync(path, 'utf8') }));
const holding = (pattern: RegExp) =>
  sources
    .filter((s) => pattern.test(s.text))
    .map((s) => s.rel)
    .sort();

/** A room: a folder directly under src/, or a file directly in it. */
const room = (rel: string) => rel.split('/')[0].replace(/\.ts$/, '');

describe('structure', () => {
  it('no import cycle between the rooms of src/', () => {
    const edges = new Map<string, Set<string>>();
    for (const s of sources) {
      for (const m of s.text.matchAll(/^(?:import|export)[^'"]*from '(\.[^']+)'/gm)) {
        const target = relative(SRC, resolve(dirname(s.path), m[1]));
        if (target.startsWith('..')) continue;
        const [a, b] = [room(s.rel), room(target)];
        if (a !== b) edges.set(a, new Set([...(edges.get(a) ?? []), b]));
      }
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      if (path.includes(node)) return void cycles.push([...path.slice(path.indexOf(node)), node].join(' -> '));
      for (const next of edges.get(node) ?? []) visit(next, [...path, node]);
    };
    for (const r of edges.keys()) visit(r, []);
    assert.deepStrictEqual([...new Set(cycles)], []);
  });

  it('one module reads the podmanKube settings, one registers the commands, one owns disposal', () => {
    assert.deepStrictEqual(holding(/getConfiguration\('podmanKube'|affectsConfiguration\('podmanKube/), ['settings.ts']);
    assert.deepStrictEqual(holding(/commands\.registerCommand\(/), ['command.ts']);
    // The one loop that disposes things is disposeAll in dispose.ts.
    assert.deepStrictEqual(holding(/for \(const (\w+) of [^\n]*\) \1\.dispose\(\)|\.forEach\(\((\w+)\) => \2\.dispose\(\)\)/), ['dispose.ts']);
  });

  it('features call each other through typed actions, not command ids sent round VS Code', () => {
    assert.deepStrictEqual(holding(/executeCommand(<[^>]*>)?\('podmanKube\./), []);
  });

  it("one module of the extension starts processes (the server's fork of its analyzer aside)", () => {
    assert.deepStrictEqual(holding(/from 'child_process'/), ['podman/runner.ts', 'server/analysis.ts']);
  });

  it("command ids come from one table, which is package.json's commands, and every menu or key names one of them", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]>; keybindings?: { command: string }[] } };
    const declared = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepStrictEqual(Object.values(COMMANDS).sort(), declared);
    const table = new Set<string>(declared);
    const referenced = [...Object.values(pkg.contributes.menus).flat(), ...(pkg.contributes.keybindings ?? [])].map((m) => m.command);
    assert.deepStrictEqual(
      referenced.filter((c) => !table.has(c)),
      [],
      'menus or keys naming no command',
    );
    // Spelled anywhere else, an id escapes the table (a typo runs nothing and no compiler sees it).
    // `podmanKube.play` is also the section of the play settings.
    const spelled = sources.filter((s) => s.rel !== 'shared/commands.ts').flatMap((s) => [...s.text.matchAll(/(?<!affectsConfiguration\()'(podmanKube\.[A-Za-z.]+)'/g)].filter((m) => table.has(m[1])).map((m) => `${s.rel}: ${m[1]}`));
    assert.deepStrictEqual(spelled, []);
  });

  it('the webview holds no threshold of the model', () => {
    const webview = readFileSync(join(ROOT, 'webview-src', 'preview.ts'), 'utf8');
    assert.doesNotMatch(webview, /counts\.\w+ [<>]=? \d/);
  });
});

import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { CodeActionKind, CompletionItemTag, type CodeAction, type MarkupContent, type Position, type TextEdit } from 'vscode-languageserver/node';
import { codeActions } from '../../src/server/codeActions';
import { complete } from '../../src/server/completion';
import { placeAt } from '../../src/server/cursor';
import { analyze, forRequests, toDiagnostics } from '../../src/server/diagnostics';
import { hover } from '../../src/server/hover';
import { code as inlineCode } from '../../src/server/markdown';
import { applyEdits } from '../support/edits';

const read = (p: string) => readFileSync(join(__dirname, '..', '..', '..', p), 'utf8');
const VALKEY0 = read('samples/valkey0/play.yml');
const VALKEY1 = read('samples/valkey1/play.yml');

/** The text with `§` marking the cursor -> lines and position. */
function at(marked: string): { text: string; lines: string[]; position: Position } {
  const lines = marked.split('\n');
  const line = lines.findIndex((l) => l.includes('§'));
  const character = lines[line].indexOf('§');
  lines[line] = lines[line].replace('§', '');
  return { text: lines.join('\n'), lines, position: { line, character } };
}
const labels = (items: { label: string }[]) => items.map((i) => i.label);

const editsOf = (a: CodeAction) => Object.values(a.edit!.changes!)[0];

describe('cursor place', () => {
  it('reads the keys above the cursor from indentation, list items included', () => {
    const lines = VALKEY0.split('\n');
    assert.deepStrictEqual(placeAt(lines, 11, 12), { ...placeAt(lines, 11, 12), kind: 'Pod', path: ['spec', 'containers', '[]', 'ports', '[]'], at: 'key', key: 'containerPort' });
    const value = placeAt(lines, 9, 20);
    assert.deepStrictEqual([value.path, value.at, value.key, value.word.text], [['spec', 'containers', '[]'], 'value', 'image', 'docker.io']);
    assert.deepStrictEqual([...placeAt(lines, 9, 8).siblings].sort(), ['name', 'ports']);
  });

  it('works on a line that is not YAML yet', () => {
    const { lines, position } = at(VALKEY0.replace('      image: docker.io/valkey/valkey:8\n      ports:', '      image: docker.io/valkey/valkey:8\n      rea§\n      ports:'));
    const p = placeAt(lines, position.line, position.character);
    assert.deepStrictEqual([p.path, p.at, p.word.text], [['spec', 'containers', '[]'], 'key', 'rea']);
  });
});

describe('completion', () => {
  it('container keys: podman-ignored ones marked and last, present ones left out', () => {
    const { lines, position, text } = at(VALKEY0.replace('      ports:\n', '      §\n      ports:\n'));
    const items = complete(lines, position, analyze(text));
    const probe = items.find((i) => i.label === 'readinessProbe')!;
    assert.deepStrictEqual([probe.detail, probe.tags], ['podman ignores this field', [CompletionItemTag.Deprecated]]);
    assert.match((probe.documentation as MarkupContent).value, /Podman ignores it/);
    const live = items.find((i) => i.label === 'livenessProbe')!;
    assert.strictEqual(live.tags, undefined);
    assert.ok(live.sortText! < probe.sortText!);
    assert.ok(!labels(items).includes('name') && !labels(items).includes('image') && !labels(items).includes('ports'));
    assert.strictEqual(items.find((i) => i.label === 'env')!.textEdit!.newText, 'env:\n  - $0');
  });

  it('pod, port, volume and env keys; Deployment keys', () => {
    const keys = (marked: string) => {
      const { lines, position, text } = at(marked);
      return labels(complete(lines, position, analyze(text)));
    };
    assert.ok(keys(VALKEY0.replace('spec:\n', 'spec:\n  §\n')).includes('hostNetwork'));
    assert.deepStrictEqual(keys(VALKEY0.replace('        - containerPort: 6379', '        - containerPort: 6379\n          §')), ['hostPort', 'hostIP', 'name', 'protocol']);
    const dep = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  §\n  template:\n    spec:\n      containers: []\n';
    assert.ok(keys(dep).includes('replicas') && keys(dep).includes('strategy'));
    const env = VALKEY0.replace('      command:', '      env:\n        - §\n      command:');
    assert.deepStrictEqual(keys(env), ['name', 'value', 'valueFrom']);
  });

  it('kind values by podman version; apiVersion for the kind', () => {
    const { lines, position } = at(VALKEY0.replace('kind: Pod', 'kind: §'));
    const items = complete(lines, position, analyze(VALKEY0, { podmanVersion: '4.3.1' }));
    assert.deepStrictEqual(labels(items).slice(0, 4), ['Pod', 'Deployment', 'DaemonSet', 'Job']);
    assert.deepStrictEqual(items.find((i) => i.label === 'Job')!.tags, [CompletionItemTag.Deprecated]);
    const api = at(VALKEY0.replace('apiVersion: v1', 'apiVersion: §'));
    assert.deepStrictEqual(labels(complete(api.lines, api.position, analyze(VALKEY0))), ['v1']);
  });

  it('host names where a host is expected: other pods by name, own pod by localhost', () => {
    const { lines, position, text } = at(VALKEY1.replace('-h valkey1-server', '-h valkey1-§server'));
    const items = complete(lines, position, analyze(text));
    assert.strictEqual(labels(items)[0], 'localhost');
    const server = items.find((i) => i.label === 'valkey1-server')!;
    assert.match(server.detail!, /pod valkey1-server \(port 6379\), from other pods on a network with DNS/);
    assert.deepStrictEqual((server.textEdit as TextEdit).range, { start: { line: 28, character: 26 }, end: { line: 28, character: 40 } });
    const env = at(VALKEY0.replace('      command:', '      env:\n        - name: HOST\n          value: §\n      command:'));
    const offered = labels(complete(env.lines, env.position, analyze(env.text)));
    // Only the pod's infra container is on the network: `<pod>-<container>` never resolves.
    assert.ok(offered.includes('server') && offered.includes('valkey0'), offered.join());
    assert.ok(!offered.includes('valkey0-server'), offered.join());
  });

  it('nothing for YAML that is not a kube manifest, or a key we do not know', () => {
    const { lines, position, text } = at(VALKEY0.replace('spec:\n', 'spec:\n  foo:\n    §\n'));
    assert.deepStrictEqual(complete(lines, position, analyze(text)), []);
  });
});

describe('hover', () => {
  const md = (h: ReturnType<typeof hover>) => (h!.contents as MarkupContent).value;

  it('on a key: what it means and whether podman acts on it', () => {
    const text = VALKEY0.replace('      ports:', '      readinessProbe:\n        exec: {}\n      ports:');
    const lines = text.split('\n');
    assert.match(md(hover(lines, { line: 10, character: 9 }, analyze(text))), /^\*\*readinessProbe\*\*: .*\n\nPodman ignores it/);
    assert.match(md(hover(lines, { line: 7, character: 4 }, analyze(text))), /^\*\*containers\*\*: .*localhost.*\n\nPodman supports it/);
  });

  it('on a pod name: the names it is reachable by, from where, and who reaches it', () => {
    const lines = VALKEY1.split('\n');
    const text = md(hover(lines, { line: 7, character: 10 }, analyze(VALKEY1)));
    assert.match(text, /`valkey1-server` from other pods on the same network with DNS/);
    assert.match(text, /valkey1-client\/client → `valkey1-server:6379` \(line 29\)/);
    // Published ports: on this machine, or on the one a remote client's service runs on.
    const published = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: i\n      ports:\n        - containerPort: 80\n          hostPort: 8080\n';
    assert.match(md(hover(published.split('\n'), { line: 3, character: 9 }, analyze(published))), /- the host's ports 8080→80 from the host$/m);
    assert.match(
      md(hover(published.split('\n'), { line: 3, character: 9 }, analyze(published, { remote: true }))),
      /- the host's ports 8080→80 from the machine podman runs on \(a podman machine forwards them to this computer's localhost; a connection to another host publishes them there\)/,
    );
    const container = md(hover(VALKEY0.split('\n'), { line: 8, character: 14 }, analyze(VALKEY0)));
    assert.match(container, /`localhost:6379` from the other containers of pod valkey0/);
    assert.match(container, /valkey0\/client → `localhost:6379`/);
  });

  it('text from the file or a setting stays text: no link, image, emphasis or HTML', () => {
    // The version setting reaches the hover of a kind this podman is too old for.
    const lines = VALKEY0.replace('kind: Pod', 'kind: Job').split('\n');
    const hostile = '4.3.1 ![t](https://e.example/x.png) <img src=x> **b** `c`';
    const text = md(hover(lines, { line: 3, character: 7 }, analyze(lines.join('\n'), { podmanVersion: hostile })));
    assert.ok(text.includes('podman 4.3.1 \\!\\[t\\]\\(https://e.example/x.png\\) \\<img src=x\\> \\*\\*b\\*\\* \\`c\\` skips it'), text);
    assert.strictEqual(inlineCode('a`b'), '``a`b``');
    assert.strictEqual(inlineCode('`x'), '`` `x ``');
    // A hostname podman refuses makes no pod, so nothing hostile reaches a hover.
    const refused = analyze(VALKEY1.replace('spec:\n', 'spec:\n  hostname: "[x](https://e.example)"\n'));
    assert.deepStrictEqual([refused!.pods.map((p) => p.name), refused!.problems.filter((p) => p.code === 'bad-name').length], [['valkey1-client'], 1]);
  });

  it('on a kind: whether this podman plays it', () => {
    const lines = VALKEY0.replace('kind: Pod', 'kind: Job').split('\n');
    assert.match(md(hover(lines, { line: 3, character: 7 }, analyze(lines.join('\n'), { podmanVersion: '4.3.1' }))), /needs podman 5\.3 or newer; podman 4\.3\.1 skips it/);
  });
});

describe('code actions', () => {
  it("a diagnostic's fix: localhost pointing at another pod becomes that pod's name", () => {
    const text = VALKEY1.replace('-h valkey1-server', '-h localhost');
    const m = analyze(text);
    const d = toDiagnostics(m).find((x) => x.code === 'impossible-connection')!;
    const [fix] = codeActions('file:///p.yml', d.range, [d], m);
    assert.deepStrictEqual([fix.title, fix.kind, fix.isPreferred], ['Use valkey1-server instead of localhost', CodeActionKind.QuickFix, true]);
    const fixed = applyEdits(text, editsOf(fix));
    assert.strictEqual(fixed, VALKEY1);
    assert.deepStrictEqual(toDiagnostics(analyze(fixed)), []);
  });

  it('the reverse: a same-pod name becomes localhost', () => {
    const text = VALKEY0.replace('-h localhost', '-h valkey0');
    const m = analyze(text);
    const range = { start: { line: 19, character: 26 }, end: { line: 19, character: 26 } };
    const action = codeActions('file:///p.yml', range, [], m).find((a) => a.title.startsWith('Use localhost'))!;
    assert.strictEqual(applyEdits(text, editsOf(action)), VALKEY0);
  });

  it('publish a port: hostPort added under containerPort, a free number', () => {
    const range = { start: { line: 11, character: 12 }, end: { line: 11, character: 12 } };
    const action = codeActions('file:///p.yml', range, [], analyze(VALKEY0)).find((a) => a.title.startsWith('Publish'))!;
    assert.strictEqual(action.title, 'Publish port 6379 on the host (hostPort: 6379)');
    const fixed = applyEdits(VALKEY0, editsOf(action));
    assert.match(fixed, /- containerPort: 6379\n {10}hostPort: 6379\n/);
    assert.strictEqual(analyze(fixed)!.pods[0].containers[0].ports[0].hostPort, 6379);
  });

  it('remove an ignored field, rename a duplicate', () => {
    const text = read('test/fixtures/podman-checks.yml');
    const m = analyze(text);
    const ds = toDiagnostics(m);
    const titles = ds.flatMap((d) =>
      codeActions('file:///p.yml', d.range, [d], m)
        .filter((a) => a.kind === CodeActionKind.QuickFix)
        .map((a) => a.title),
    );
    assert.ok(titles.includes('Remove `readinessProbe` (podman ignores it)'), titles.join());
    assert.ok(titles.includes('Rename to app-2'));
    assert.ok(titles.includes('Publish on host port 8081'));
  });
});

describe("the server's copy of a big file's model", () => {
  it('answers every hover, completion and code action as the whole model does', () => {
    for (const text of [VALKEY0, VALKEY1, read('test/fixtures/connections.yml'), read('test/fixtures/podman-checks.yml')]) {
      const whole = analyze(text)!;
      const slim = forRequests(whole);
      assert.deepStrictEqual(slim.problems, []);
      const lines = text.split('\n');
      const ds = toDiagnostics(whole);
      let answered = 0;
      for (const [line, l] of lines.entries()) {
        for (let character = 0; character <= l.length; character += 2) {
          const position = { line, character };
          const range = { start: position, end: position };
          const h = hover(lines, position, whole);
          assert.deepStrictEqual(hover(lines, position, slim), h);
          assert.deepStrictEqual(complete(lines, position, slim), complete(lines, position, whole));
          assert.deepStrictEqual(codeActions('file:///p.yml', range, ds, slim), codeActions('file:///p.yml', range, ds, whole));
          if (h) answered++;
        }
      }
      assert.ok(answered > 10, `only ${answered} hovers`);
    }
  });
});

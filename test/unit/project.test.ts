// Projects: manifests played together on one network with their --configmap files. The model
// reads them as podman 5.7+ does (one stream), takes each problem back to its file, and says what
// differs where older podman plays one file at a time.
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { runCli } from '../support/cli';
import { inferProjects, parseManifest, parseProject, projectOrder, type ProjectFile, type ProjectReport } from '../../src/model';
import { toMermaid } from '../../src/model/mermaid';

const ROOT = join(__dirname, '..', '..', '..');
const SAMPLE = join(ROOT, 'samples/valkey2');
const sample = (name: string): ProjectFile => ({ path: join(SAMPLE, name), name, text: readFileSync(join(SAMPLE, name), 'utf8') });
const file = (path: string, text: string): ProjectFile => ({ path, text });

const cli = runCli;

const configMap = (name: string, key = 'K') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  ${key}: v\n`;
const reader = (pod: string, cm: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: app\n      image: docker.io/valkey/valkey:8\n      env:\n        - name: K\n          valueFrom:\n            configMapKeyRef:\n              name: ${cm}\n              key: K\n${extra}`;
const server = (pod: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: valkey\n      image: docker.io/valkey/valkey:8\n      ports:\n        - containerPort: 6379\n`;
const client = (pod: string, host: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\nspec:\n  containers:\n    - name: c\n      image: docker.io/valkey/valkey:8\n      command: ["sh", "-c", "valkey-cli -h ${host} -p 6379 PING"]\n`;

describe('projects', () => {
  const files = [sample('config.yml'), sample('db.yml'), sample('app.yml')];

  it('samples/valkey2 as a project: no warning or error on any file, the ConfigMap file named as such, the edge drawn', () => {
    for (const podmanVersion of ['4.3.1', '5.4.2', '5.8.6']) {
      const p = parseProject(files, { podmanVersion, network: 'valkey2', dns: true });
      assert.deepStrictEqual(
        p.problems.map((list) => list.filter((q) => q.severity !== 'info').map((q) => q.message)),
        [[], [], []],
        podmanVersion,
      );
      assert.deepStrictEqual(
        p.problems[0].map((q) => q.code),
        ['configmap-file'],
      );
      assert.match(p.problems[0][0].message, /ConfigMap valkey2-config is read by valkey2-db \(db\.yml\), valkey2-app \(app\.yml\)/);
      // Each file's problem is at its own line: the app's ConfigMap reference is line 15 of app.yml.
      assert.deepStrictEqual(
        p.problems[2].map((q) => [q.code, q.range.start.line + 1]),
        [['configmap-in-sibling', 15]],
      );
      const ok = p.manifest.connections.filter((c) => c.status === 'ok').map((c) => `${c.from.pod} -> ${c.to?.pod}`);
      assert.deepStrictEqual(ok, ['valkey2-app -> valkey2-db'], podmanVersion);
    }
  });

  it('the same files each alone say what podman does with each alone: the ConfigMap file stops the play, the others warn', () => {
    const alone = files.map((f) => parseManifest(f.text, { podmanVersion: '5.8.6', network: 'valkey2', dns: true }).problems.map((q) => `${q.severity} ${q.code}`));
    assert.deepStrictEqual(alone, [['error nothing-to-play'], ['warning configmap-unknown'], ['warning configmap-unknown', 'warning unresolved-host']]);
  });

  it('a ConfigMap read from a sibling offers "Play with --configmap SIBLING" for plays of the file alone', () => {
    const p = parseProject(files, { podmanVersion: '5.8.6', network: 'valkey2', dns: true });
    const [ref] = p.problems[2];
    assert.match(ref.message, /Played alone, this file needs `--configmap config\.yml`/);
    assert.deepStrictEqual(
      ref.fixes?.map((f) => [f.title, f.command]),
      [['Play with --configmap config.yml', { name: 'chooseConfigMapFiles', args: [[join(SAMPLE, 'config.yml')]] }]],
    );
  });

  it('a host naming a pod of a sibling resolves on a DNS network, and not on the plain podman network', () => {
    const two = [file('/p/server.yml', server('db')), file('/p/client.yml', client('app', 'db'))];
    assert.deepStrictEqual(parseProject(two, { dns: true }).problems, [[], []]);
    const plain = parseProject(two, { network: 'podman', dns: false }).problems[1];
    assert.deepStrictEqual(
      plain.map((q) => [q.code, q.range.start.line]),
      [['impossible-connection', 8]],
    );
    // A name no file defines: said in the project's words.
    const stray = parseProject([two[0], file('/p/client.yml', client('app', 'cache'))], { dns: true }).problems[1];
    assert.match(stray[0].message, /"cache" is not a pod, hostname or container in the project's files/);
  });

  it("podman before 5.7 plays one file at a time: a ConfigMap in a file that also holds pods is not seen by a sibling's pod", () => {
    const mixed = [file('/p/a.yml', `${configMap('shared')}---\n${server('db')}`), file('/p/b.yml', reader('app', 'shared'))];
    const old = parseProject(mixed, { podmanVersion: '5.4.2' });
    assert.deepStrictEqual(
      old.problems[1].map((q) => [q.severity, q.code, q.stops]),
      [['error', 'configmap-in-played-file', 'fails']],
    );
    assert.match(old.problems[1][0].message, /podman 5\.4\.2 plays a project one file at a time/);
    // 5.7 joins them into one stream: the pod sees it.
    assert.deepStrictEqual(
      parseProject(mixed, { podmanVersion: '5.8.6' }).problems[1].map((q) => q.code),
      ['configmap-in-sibling'],
    );
  });

  it('podman before 4.6 reads the first ConfigMap of a --configmap file only', () => {
    const two = [file('/p/maps.yml', `${configMap('first')}---\n${configMap('second')}`), file('/p/app.yml', reader('app', 'second'))];
    assert.deepStrictEqual(
      parseProject(two, { podmanVersion: '4.3.1' }).problems[0].map((q) => [q.code, q.range.start.line]),
      [
        ['configmap-file', 7],
        ['configmap-file-first-only', 7],
      ],
    );
    assert.deepStrictEqual(
      parseProject(two, { podmanVersion: '4.6.0' }).problems[0].map((q) => q.code),
      ['configmap-file'],
    );
  });

  it('what spans files is a real clash: the same pod name in two files, the same host port', () => {
    const p = parseProject([file('/p/a.yml', server('db')), file('/p/b.yml', server('db'))], {});
    assert.deepStrictEqual(
      p.problems.map((l) => l.map((q) => q.code)),
      [[], ['duplicate-pod']],
    );
  });

  it('folders: files that reference each other are one project, what a file uses played before it; unrelated files stay apart', () => {
    const found = inferProjects([
      file('/a/app.yml', reader('app', 'cfg')),
      file('/a/cfg.yml', configMap('cfg')),
      file('/a/other.yml', server('lonely')),
      file('/b/client.yml', client('c', 'db')),
      file('/b/server.yml', server('db')),
      file('/c/app.yml', reader('x', 'cfg')), // cfg is in /a: another folder, not a project
    ]);
    assert.deepStrictEqual(found, [
      ['/a/cfg.yml', '/a/app.yml'],
      ['/b/server.yml', '/b/client.yml'],
    ]);
    assert.deepStrictEqual(
      projectOrder(files.slice().reverse()).map((f) => f.name),
      ['config.yml', 'db.yml', 'app.yml'],
    );
  });

  it('the project diagram marks each pod with its file, and a stop with the file and line', () => {
    const p = parseProject([file('/p/a.yml', server('db')), file('/p/b.yml', reader('app', 'absent'))], { configMaps: [] });
    const text = toMermaid(p.manifest, { place: p.place }).text;
    assert.match(text, /Pod db #40;\/p\/a\.yml#41;/);
    assert.match(text, /the play stops at \/p\/b\.yml line 13/);
  });

  it('check --project: one report, each pod and problem with its file; topology --project draws one diagram', () => {
    const r = cli('check', '--project', SAMPLE, '--net', 'valkey2', '--format', 'json');
    assert.strictEqual(r.code, 0);
    const report = JSON.parse(r.out) as ProjectReport;
    assert.deepStrictEqual(
      report.project,
      ['config.yml', 'db.yml', 'app.yml'].map((n) => join(SAMPLE, n)),
    );
    assert.deepStrictEqual(
      report.pods.map((p) => [p.name, p.network, p.file]),
      [
        ['valkey2-db', 'valkey2', join(SAMPLE, 'db.yml')],
        ['valkey2-app', 'valkey2', join(SAMPLE, 'app.yml')],
      ],
    );
    assert.strictEqual(report.outcome, 'plays');
    const text = cli('check', '--project', join(SAMPLE, 'app.yml'), join(SAMPLE, 'db.yml'));
    assert.deepStrictEqual(text.code, 0);
    assert.match(text.out, /app\.yml:15:21: warning: ConfigMap valkey2-config is not in the project's files/);
    assert.deepStrictEqual(cli('check', '--project', join(SAMPLE, 'app.yml'), join(SAMPLE, 'db.yml'), '--configmap', join(SAMPLE, 'config.yml'), '--net', 'valkey2'), { code: 0, out: '', err: '' });
    // Without --project each file is checked alone, as before.
    assert.strictEqual(cli('check', join(SAMPLE, 'config.yml')).code, 1);
    const diagram = cli('topology', '--project', SAMPLE, '--net', 'valkey2');
    assert.strictEqual(diagram.code, 0);
    assert.match(diagram.out, /pod\dc0 -\.->\|"valkey2-db:6379"\| pod\dc0/);
    assert.match(diagram.out, /Pod valkey2-app #40;[^#]*app\.yml#41;/);
    assert.strictEqual(cli('check', '--project', '/nonexistent-dir').code, 1);
  });
});

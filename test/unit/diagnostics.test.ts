import * as assert from 'assert';
import { readFileSync } from 'fs';
import { join } from 'path';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { analyze, toDiagnostics } from '../../src/server/diagnostics';

const diagnostics = (text: string) => toDiagnostics(analyze(text));

const read = (p: string) => readFileSync(join(__dirname, '..', '..', '..', p), 'utf8');

describe('language server diagnostics', () => {
  it('say what podman will do, with ranges, source and severity', () => {
    const d = diagnostics(read('test/fixtures/connections.yml'));
    const byCode = (code: string) => d.filter((x) => x.code === code);
    assert.strictEqual(byCode('ignored-kind').length, 1);
    assert.strictEqual(byCode('ignored-kind')[0].severity, DiagnosticSeverity.Warning);
    assert.strictEqual(byCode('ignored-kind')[0].range.start.line, 13);
    assert.match(byCode('impossible-connection')[0].message, /port 5432 is served in pod db/);
    assert.ok(d.every((x) => x.source === 'podman'));
  });

  it('a clean sample has none; YAML that is not a kube manifest gets none from us', () => {
    assert.deepStrictEqual(diagnostics(read('samples/valkey1/play.yml')), []);
    assert.deepStrictEqual(diagnostics('services:\n\tweb:\n    image: nginx\n'), []);
  });

  it('YAML errors in a manifest are errors at their line', () => {
    const d = diagnostics(read('test/fixtures/broken.yml'));
    // The tab hides `name` from `metadata`, so podman would also miss the pod's name.
    assert.deepStrictEqual(
      d.map((x) => [x.code, x.severity, x.range.start.line]),
      [
        ['yaml-tab_as_indent', DiagnosticSeverity.Error, 3],
        ['missing-name', DiagnosticSeverity.Error, 1],
      ],
    );
  });
});

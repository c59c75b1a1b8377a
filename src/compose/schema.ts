// The compose specification's JSON schema (compose-spec.json, as the maintained dclint package
// ships it; esbuild.mjs copies it beside the bundles), checked with Ajv. Compiled once, on the
// first compose file.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

let validate: ValidateFunction | undefined;

/** Beside the bundle (dist/); from the sources' build (out/src/compose/), the package itself. */
function schemaPath(): string {
  const bundled = join(__dirname, 'compose.schema.json');
  return existsSync(bundled) ? bundled : join(__dirname, '..', '..', '..', 'node_modules', 'dclint', 'schemas', 'compose.schema.json');
}

function validator(): ValidateFunction {
  if (!validate) {
    // The schema's own `format`s (durations, ports) are checked where they are converted.
    // Its `$schema` names draft-07 by an address Ajv does not know; the schema itself is draft-07.
    const ajv = new Ajv({ allErrors: false, strict: false, validateFormats: false, validateSchema: false });
    const schema = JSON.parse(readFileSync(schemaPath(), 'utf8')) as Record<string, unknown>;
    delete schema.$schema;
    validate = ajv.compile(schema);
  }
  return validate;
}

export interface SchemaError {
  path: (string | number)[];
  message: string;
}

/** What the schema refuses, each with where: `services.web.ports[0]: must be ...`. */
export function validateCompose(data: unknown): SchemaError[] {
  const v = validator();
  if (v(data)) return [];
  return (v.errors ?? []).slice(0, 5).map(describe);
}

function describe(e: ErrorObject): SchemaError {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const where =
    path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '') || 'the file';
  const extra = e.keyword === 'additionalProperties' ? ` \`${(e.params as { additionalProperty: string }).additionalProperty}\`` : '';
  const key = e.keyword === 'additionalProperties' ? [...path, (e.params as { additionalProperty: string }).additionalProperty] : path;
  const what = e.keyword === 'additionalProperties' ? `${where}: unknown key${extra} (the compose specification has no such key here)` : `${where}: ${e.message ?? 'is not valid'}`;
  return { path: key, message: `Compose: ${what}.` };
}

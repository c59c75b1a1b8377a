// `node dist/cli.js ARGS` run in this process: its exit code and what it printed on each stream.
import { main } from '../../src/cli';

export function runCli(...args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(
    args,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

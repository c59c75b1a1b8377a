// The play's flags that stop podman before it reads the file, or that it drops: a newer flag on an
// older podman, a local-only flag on the remote client. Said at the file's start, and by the
// commands before podman runs.
import { CHANGES, REMOTE } from './behaviour';
import type { ModelOptions, Problem } from './types';
import { atLeast, capitalized, describeVersion, features, shortVersion } from './version';

export interface FlagProblem {
  severity: 'error' | 'warning';
  code: string;
  flag: string;
  message: string;
}

/**
 * What is wrong with the play's flags; errors stop podman before it reads the file. Which flags it
 * has is the client's (`client`, the remote client's own version when it differs); what the play
 * then does is the service's (`version`).
 */
export function flagProblems(flags: readonly string[], version: string, remote: boolean, client = version, build?: boolean): FlagProblem[] {
  const out: FlagProblem[] = [];
  const has = new Set(flags);
  // cmd/podman/kube/play.go, the same at v4.3.1, v5.4.2, v5.8.2.
  if (has.has('--context-dir') && build !== true && !remote) {
    out.push({ severity: 'error', code: 'context-dir-without-build', flag: '--context-dir', message: 'Podman stops with "--build must be specified when using --context-dir option" before reading the file: add `--build`.' });
  }
  if (has.has('--no-pod-prefix') && !features(client).noPodPrefix) {
    out.push({
      severity: 'error',
      code: 'no-pod-prefix-unsupported',
      flag: '--no-pod-prefix',
      message: `${capitalized(describeVersion(client))} has no \`--no-pod-prefix\` (it came in podman ${shortVersion(CHANGES.noPodPrefix.since)}): it stops with "unknown flag: --no-pod-prefix" before reading the file.`,
    });
  }
  if (!remote) return out;
  const localOnly: string[] = REMOTE.localOnlyFlags.flags.filter((f) => has.has(f));
  if (has.has('--configmap') && !atLeast(client, REMOTE.configMapFlag.since)) localOnly.push('--configmap');
  for (const flag of localOnly) {
    const why =
      flag === '--configmap'
        ? ` (from podman ${shortVersion(REMOTE.configMapFlag.since)} it reads the files here and sends them along)`
        : flag === '--build' || flag === '--context-dir'
          ? ': build the images first (`podman build`, which the remote client has), then play'
          : '';
    out.push({
      severity: 'error',
      code: 'remote-flag-unsupported',
      flag,
      message: `The remote podman client (a connection, or podman on macOS and Windows) has no \`${flag}\`${why}. It stops with "unknown flag: ${flag}" before reading the file.`,
    });
  }
  if (has.has('--userns') && !atLeast(version, REMOTE.userns.since)) {
    out.push({
      severity: 'warning',
      code: 'remote-userns-dropped',
      flag: '--userns',
      message: `${capitalized(describeVersion(version))} drops \`--userns\` from a remote play without a word (fixed in ${shortVersion(REMOTE.userns.since)}): its pods get the default user namespace.`,
    });
  }
  return out;
}

/** The flags' problems as the model's, at the file's start: a flag of the play, not of the file. */
export function flagModelProblems(options: ModelOptions, version: string): Problem[] {
  const start = { line: 0, character: 0 };
  return flagProblems(options.flags ?? (options.noPodPrefix ? ['--no-pod-prefix'] : []), version, options.remote ?? false, options.clientVersion, options.build).map((p) => ({
    severity: p.severity,
    code: p.code,
    message: p.message,
    range: { start, end: start },
    ...(p.severity === 'error' ? { stops: 'fails' as const } : {}),
  }));
}

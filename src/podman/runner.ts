// The one place podman runs: an argument array with shell: false, the command line and every
// output line logged, cancellation killing the process group, errors that say what happened.
import { spawn } from 'child_process';
import { displayCommand } from './args';
import { errorText } from './parse';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface Cancellation {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

export interface PodmanConfig {
  executable: string;
  /** Added to the extension host's environment. */
  env: Record<string, string>;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** podman could not be started at all (not installed, or the configured path is wrong). */
export class PodmanNotFoundError extends Error {
  constructor(readonly executable: string, readonly reason: string) {
    super(`podman was not found at "${executable}" (${reason}).`);
  }
}

/** podman ran and failed; `message` is podman's own error text. */
export class PodmanFailedError extends Error {
  constructor(readonly args: readonly string[], readonly exitCode: number | null, readonly stderr: string) {
    super(errorText(stderr) || `podman ${args.slice(0, 2).join(' ')} exited with code ${exitCode}`);
  }
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
  }
}

/** Output kept per stream: enough for any real podman answer, bounded for a runaway one. */
const MAX_OUTPUT = 8 * 1024 * 1024;

export function runPodman(config: PodmanConfig, args: readonly string[], options: { stdin?: string; token?: Cancellation; log: Logger }): Promise<RunResult> {
  const { log, token } = options;
  log.info(`$ ${displayCommand(config.executable, args)}${options.stdin !== undefined ? ' < (editor text)' : ''}`);
  if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(config.executable, args, {
      shell: false,
      env: { ...process.env, ...config.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so cancelling also stops what podman started in the foreground.
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let cancelled = false;
    let settled = false;
    const collect = (which: 'out' | 'err') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n')) if (line.trim()) (which === 'err' ? log.warn : log.info).call(log, line);
      if (which === 'out' && stdout.length < MAX_OUTPUT) stdout += text;
      if (which === 'err' && stderr.length < MAX_OUTPUT) stderr += text;
    };
    child.stdout.on('data', collect('out'));
    child.stderr.on('data', collect('err'));
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        /* already gone */
      }
    };
    const cancel = token?.onCancellationRequested(() => {
      cancelled = true;
      log.warn('Cancelled: stopping podman');
      kill('SIGTERM');
      setTimeout(() => kill('SIGKILL'), 3000).unref();
    });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      cancel?.dispose();
      fn();
    };
    child.on('error', (e: NodeJS.ErrnoException) => finish(() => reject(new PodmanNotFoundError(config.executable, e.code ?? e.message))));
    child.on('close', (code, signal) =>
      finish(() => {
        if (cancelled) return reject(new CancelledError());
        if (code === 0) return resolve({ stdout, stderr });
        log.error(`podman exited with ${code ?? signal}`);
        reject(new PodmanFailedError(args, code, stderr));
      }),
    );
    child.stdin.on('error', () => undefined); // podman may exit before reading all of stdin
    child.stdin.end(options.stdin ?? '');
  });
}

// The one place podman runs: an argument array with shell: false, the command line and every
// output line logged, cancellation killing the process group, errors that say what happened.
import { spawn, type ChildProcess } from 'child_process';
import { accessSync, constants, statSync } from 'fs';
import { delimiter, isAbsolute, join } from 'path';
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
  /** stdout went past the output bound and was cut there. */
  truncated?: boolean;
}

/** podman could not be started at all (not installed, or the configured path is wrong). */
export class PodmanNotFoundError extends Error {
  constructor(
    readonly executable: string,
    readonly reason: string,
  ) {
    super(`podman was not found at "${executable}" (${reason}).`);
  }
}

/** podman ran and failed; `message` is podman's own error text. */
export class PodmanFailedError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(errorText(stderr) || `podman ${args.slice(0, 2).join(' ')} exited with code ${exitCode}`);
  }
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
  }
}

/**
 * The absolute path of an executable named without one, looked up in the extension host's own
 * PATH (as spawn does): a terminal gets this, so the terminal's environment (which workspace
 * settings can change) never chooses the program. Unchanged when nothing is found.
 */
export function resolveExecutable(name: string, path = process.env.PATH ?? ''): string {
  if (isAbsolute(name) || name.includes('/')) return name;
  for (const dir of path.split(delimiter)) {
    if (!isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return name;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * util-linux's setpriv, when this is Linux and it is there: podman started through
 * `setpriv --pdeathsig TERM` gets SIGTERM when the extension host dies, however it dies (a
 * SIGKILL included), so no podman of ours outlives it. Looked up once.
 */
let setpriv: string | undefined | null;
function deathSignalLauncher(): string | undefined {
  if (setpriv === null) return undefined;
  if (setpriv === undefined) setpriv = process.platform === 'linux' && isExecutable('/usr/bin/setpriv') ? '/usr/bin/setpriv' : null;
  return setpriv ?? undefined;
}

/**
 * Starts podman in a process group of its own (cancelling stops what it started in the
 * foreground too), tied to the extension host's life where the system allows. A podman that is
 * not there is spawned as named, so its 'error' event says so.
 */
function launch(config: PodmanConfig, args: readonly string[], stdin: 'pipe' | 'ignore', cwd?: string): ChildProcess {
  const options = { shell: false, env: { ...process.env, ...config.env }, stdio: [stdin, 'pipe', 'pipe'] as ('pipe' | 'ignore')[], detached: true, cwd };
  const launcher = deathSignalLauncher();
  const executable = resolveExecutable(config.executable);
  return launcher && isExecutable(executable) ? spawn(launcher, ['--pdeathsig', 'TERM', '--', executable, ...args], options) : spawn(config.executable, args, options);
}

/** Signals the process group `launch` made (what podman started in the foreground too). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

/** Output kept per stream: enough for any real podman answer, bounded for a runaway one. */
export const MAX_OUTPUT = 8 * 1024 * 1024;

export interface RunPodmanOptions {
  stdin?: string;
  token?: Cancellation;
  log: Logger;
  maxOutput?: number;
  /** The working directory: where `kube play` looks for build folders. */
  cwd?: string;
  /** Sees each line of output as it comes (a build's steps). */
  onLine?: (line: string) => void;
}

export function runPodman(config: PodmanConfig, args: readonly string[], options: RunPodmanOptions): Promise<RunResult> {
  const maxOutput = options.maxOutput ?? MAX_OUTPUT;
  const { log, token } = options;
  log.info(`$ ${displayCommand(config.executable, args)}${options.stdin !== undefined ? ' < (editor text)' : ''}`);
  if (token?.isCancellationRequested) return Promise.reject(new CancelledError());
  return new Promise<RunResult>((resolve, reject) => {
    const child = launch(config, args, 'pipe', options.cwd);
    const out: string[] = [];
    let outLength = 0;
    let truncated = false;
    let stderr = '';
    let cancelled = false;
    let settled = false;
    const collect = (which: 'out' | 'err') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        if (which === 'err') log.warn(line);
        else log.info(line);
        options.onLine?.(line);
      }
      if (which === 'out') {
        if (outLength + text.length <= maxOutput) {
          out.push(text);
          outLength += text.length;
        } else truncated = true;
      }
      if (which === 'err' && stderr.length < MAX_OUTPUT) stderr += text;
    };
    child.stdout!.on('data', collect('out'));
    child.stderr!.on('data', collect('err'));
    const cancel = token?.onCancellationRequested(() => {
      cancelled = true;
      log.warn('Cancelled: stopping podman');
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 3000).unref();
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
        if (code === 0) return resolve(truncated ? { stdout: out.join(''), stderr, truncated } : { stdout: out.join(''), stderr });
        log.error(`podman exited with ${code ?? signal}`);
        reject(new PodmanFailedError(args, code, stderr));
      }),
    );
    child.stdin!.on('error', () => undefined); // podman may exit before reading all of stdin
    child.stdin!.end(options.stdin ?? '');
  });
}

/**
 * Runs another program podman ships (quadlet's generator) the same way: no shell, its own
 * process group, tied to the host's life, logged, bounded in time and output. Its exit code is
 * returned, not thrown: the generator exits 1 with output worth showing.
 */
export function runTool(executable: string, args: readonly string[], options: { env?: Record<string, string>; log: Logger; timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  options.log.info(`$ ${displayCommand(executable, args)}`);
  return new Promise((resolve) => {
    const child = launch({ executable, env: options.env ?? {} }, args, 'ignore');
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs ?? 15_000);
    child.stdout!.on('data', (d: Buffer) => stdout.length < MAX_OUTPUT && (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => stderr.length < MAX_OUTPUT && (stderr += d.toString()));
    child.on('error', (e) => (clearTimeout(timer), resolve({ code: null, stdout, stderr: e.message })));
    child.on('close', (code) => (clearTimeout(timer), resolve({ code, stdout, stderr })));
  });
}

export interface Stream {
  /** Stops podman (its process group). */
  stop(): void;
  /** Settles when podman exits: its exit code or signal, and the end of its stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; error?: PodmanNotFoundError }>;
}

/**
 * Runs a podman that keeps printing (`events`), handing each stdout line to `onLine`. Lines are not
 * logged: a stream's output is data, not a record of what the extension did.
 */
export function streamPodman(config: PodmanConfig, args: readonly string[], options: { onLine: (line: string) => void; log: Logger }): Stream {
  options.log.info(`$ ${displayCommand(config.executable, args)}`);
  const child = launch(config, args, 'ignore');
  let rest = '';
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    // A line past 1 MB is not an event podman prints: dropped rather than kept growing.
    if (rest.length > 1024 * 1024) rest = '';
    for (const line of lines) if (line.trim()) options.onLine(line);
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; error?: PodmanNotFoundError }>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => resolve({ code: null, signal: null, stderr, error: new PodmanNotFoundError(config.executable, e.code ?? e.message) }));
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
  return {
    exited,
    stop() {
      if (child.exitCode === null && child.signalCode === null) killGroup(child, 'SIGTERM');
    },
  };
}

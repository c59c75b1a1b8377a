// Runs the analyzer process for big manifests: one job at a time, only the newest text of each
// document waits, and a job that runs past its deadline is stopped (the process restarts) and
// reported, never a hang. The process starts with the first big file and stops after a minute
// without one: it holds the memory of the biggest file read, which an idle editor should not pay.
import { fork, type ChildProcess } from 'child_process';
import { setPriority } from 'os';
import { join } from 'path';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { Manifest, ModelOptions } from '../model';
import { ANALYZER_FLAG, type AnalyzerJob, type AnalyzerReply } from './analyzer';

export interface Result {
  manifest?: Manifest;
  diagnostics: Diagnostic[];
}

interface Request {
  key: string;
  text: string;
  options: ModelOptions;
  resolve: (r: Result | undefined) => void;
}

/** A manifest that takes longer than this to read is not checked (the variable is for tests). */
const DEADLINE_MS = Number(process.env.PODMAN_KUBE_ANALYZER_DEADLINE_MS) || 30_000;
/** The analyzer's heap limit, MiB: a 5 MB manifest needs ~300. */
const HEAP_MIB = 768;
/** The analyzer process is stopped after this long without a job (the variable is for tests). */
const IDLE_MS = Number(process.env.PODMAN_KUBE_ANALYZER_IDLE_MS) || 60_000;

export class Analysis {
  private child: ChildProcess | undefined;
  private running: { id: number; request: Request; timer: NodeJS.Timeout } | undefined;
  private readonly queue = new Map<string, Request>();
  private nextId = 1;
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly log: (message: string) => void) {}

  /**
   * The model and diagnostics of `text`. Resolves undefined when a newer text for the same key
   * replaced this one before it ran.
   */
  run(key: string, text: string, options: ModelOptions): Promise<Result | undefined> {
    return new Promise((resolve) => {
      // The same text already being read (an open and its first change event): share the answer.
      const running = this.running?.request;
      if (running?.key === key && running.text === text && sameOptions(running.options, options) && !this.queue.has(key)) {
        const first = running.resolve;
        running.resolve = (r) => (first(r), resolve(r));
        return;
      }
      this.queue.get(key)?.resolve(undefined);
      this.queue.set(key, { key, text, options, resolve });
      this.next();
    });
  }

  /** Forgets a waiting job (its document closed). */
  cancel(key: string): void {
    this.queue.get(key)?.resolve(undefined);
    this.queue.delete(key);
  }

  dispose(): void {
    clearTimeout(this.idle);
    this.child?.kill();
  }

  private next(): void {
    if (this.running) return;
    clearTimeout(this.idle);
    const request = this.queue.values().next().value;
    if (!request) {
      this.idle = setTimeout(() => this.stopIdle(), IDLE_MS);
      this.idle.unref();
      return;
    }
    this.queue.delete(request.key);
    const id = this.nextId++;
    const timer = setTimeout(() => this.timeout(), DEADLINE_MS);
    this.running = { id, request, timer };
    this.analyzer().send({ id, text: request.text, options: request.options } satisfies AnalyzerJob);
  }

  private analyzer(): ChildProcess {
    if (this.child) return this.child;
    // stdout stays closed: with --stdio it is the language server's own channel.
    // A heap limit: a file that needs more is reported like one past its deadline, not grown into.
    const child = fork(join(__dirname, 'server.js'), [ANALYZER_FLAG], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [`--max-old-space-size=${HEAP_MIB}`] });
    // Reading is background work: the editor comes first when they compete for a core.
    try {
      setPriority(child.pid!, 10);
    } catch {
      // Not permitted here: it runs at normal priority.
    }
    child.on('message', (m: AnalyzerReply) => {
      if (m.id !== this.running?.id) return;
      const { request, timer } = this.running;
      clearTimeout(timer);
      this.running = undefined;
      if (m.error !== undefined) this.log(`Reading ${request.key} failed: ${m.error}`);
      request.resolve(m.error !== undefined ? { diagnostics: [] } : { manifest: m.manifest, diagnostics: m.diagnostics });
      this.next();
    });
    child.on('error', (e) => this.child === child && this.restart(`The analyzer failed: ${e.stack ?? e.message}`));
    child.on('exit', (code, signal) => this.child === child && this.restart(`The analyzer exited (${signal ?? code})`));
    return (this.child = child);
  }

  private timeout(): void {
    const key = this.running?.request.key;
    this.restart(`Reading ${key} took over ${DEADLINE_MS / 1000} s: stopped`, {
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: 2,
          code: 'too-slow',
          source: 'podman',
          message: `This file took over ${DEADLINE_MS / 1000} s to read, so it is not checked. Split it into smaller files.`,
        },
      ],
    });
  }

  private stopIdle(): void {
    if (this.running || this.queue.size) return;
    const child = this.child;
    this.child = undefined;
    child?.kill();
  }

  /** Drops the analyzer process and the job it was running (its caller gets `result`), then goes on. */
  private restart(why: string, result: Result = { diagnostics: [] }): void {
    this.log(why);
    const running = this.running;
    this.running = undefined;
    if (running) {
      clearTimeout(running.timer);
      running.request.resolve(result);
    }
    const child = this.child;
    this.child = undefined;
    child?.kill('SIGKILL');
    this.next();
  }
}

/** Options are plain data made the same way each time: equal when their JSON is. */
export function sameOptions(a: ModelOptions, b: ModelOptions): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

// Reads manifests off the extension host's main thread, in one worker thread (dist/modelWorker.js)
// started on first use: the preview, Copy Mermaid, Play's result and Show Logs ask it. A reading
// past the deadline ends the worker (the next one starts afresh) and fails that request.
import { Worker } from 'worker_threads';
import type * as vscode from 'vscode';
import type { Diagram, DiagramOptions } from '../model/mermaid';
import type { ModelOptions } from '../model/types';
import type { ProblemLine } from '../shared/protocol';

export interface ModelJob {
  id: number;
  text: string;
  options: ModelOptions;
  /** Draw the diagram too, with these options. */
  diagram?: DiagramOptions;
}

/** What the views need of a model: cheap to copy between threads, whatever the file's size. */
export interface ModelSummary {
  id: number;
  problems: ProblemLine[];
  /** The YAML does not parse. */
  broken: boolean;
  pods: PodSummary[];
  resources: { kind: string; name: string }[];
  ignored: string[];
  diagram?: Diagram;
  /** With a live diagram: the same diagram without live state. */
  design?: string;
}

/** A pod as the views need it: where it is, what podman names, what a running one should match. */
export interface PodSummary {
  name: string;
  /** First and last line (zero-based); the line and column of its name. */
  lines: [number, number];
  nameAt: [number, number];
  /** Host ports podman publishes for it, as `host:container/protocol`. */
  published: string[];
  containers: { name: string; podmanName: string; image?: string; init: boolean; command: string[]; args: string[]; nameAt: [number, number] }[];
}

const DEADLINE_MS = 30_000;

export class ModelReader implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (s: ModelSummary) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  constructor(private readonly script: string) {}

  read(text: string, options: ModelOptions, diagram?: DiagramOptions): Promise<ModelSummary> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`reading the manifest took over ${DEADLINE_MS / 1000} s`)), DEADLINE_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.started().postMessage({ id, text, options, diagram } satisfies ModelJob);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (m: ModelSummary | { id: number; error: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      clearTimeout(p.timer);
      if ('error' in m) p.reject(new Error(m.error));
      else p.resolve(m);
    });
    worker.on('error', (e) => this.worker === worker && this.fail(e));
    worker.on('exit', () => this.worker === worker && this.fail(new Error('the manifest reader stopped')));
    worker.unref();
    return (this.worker = worker);
  }

  /** Ends the worker and every request waiting on it. */
  private fail(e: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
  }

  dispose(): void {
    this.fail(new Error('disposed'));
  }
}

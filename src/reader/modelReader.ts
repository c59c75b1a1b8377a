// Reads manifests off the extension host's main thread, in one worker thread (dist/modelWorker.js)
// started on first use: the preview, Copy Mermaid, Play's result and Show Logs ask it. A reading
// past the deadline ends the worker (the next one starts afresh) and fails that request.
import { Worker } from 'worker_threads';
import type * as vscode from 'vscode';
import type { Diagram, DiagramOptions } from '../model/mermaid';
import type { ModelOptions } from '../model/types';
import type { ProjectFile } from '../model/project';
import type { ImageSource } from '../model/types';
import type { ProblemLine } from '../shared/protocol';

export interface ModelJob {
  id: number;
  text: string;
  options: ModelOptions;
  /** Draw the diagram too, with these options. */
  diagram?: DiagramOptions;
  /** Read `text` as this file of a project: the project's pods drawn, this file's problems. */
  project?: { files: ProjectFile[]; index: number };
}

/** What the views need of a model: cheap to copy between threads, whatever the file's size. */
export interface ModelSummary {
  id: number;
  problems: ProblemLine[];
  /** The YAML does not parse. */
  broken: boolean;
  pods: PodSummary[];
  resources: { kind: string; name: string }[];
  /** Pods podman makes but refuses to finish (a container name it refuses): not drawn, yet left behind by a play. */
  refusedPods: string[];
  ignored: string[];
  diagram?: Diagram;
  /** With a live diagram: the same diagram without live state. */
  design?: string;
}

/** The model worker -> the host: the summary of one job, or why it failed. */
export type ModelReply = ModelSummary | { id: number; error: string };

/** A pod as the views need it: where it is, what podman names, what a running one should match. */
export interface PodSummary {
  name: string;
  /** In a project's preview, the path of the file of a pod from another file. */
  file?: string;
  /** First and last line (zero-based); the line and column of its name. */
  lines: [number, number];
  nameAt: [number, number];
  /** Host ports podman publishes for it, as `host:container/protocol`. */
  published: string[];
  containers: { name: string; podmanName: string; image?: string; imageSource?: ImageSource; init: boolean; command: string[]; args: string[]; nameAt: [number, number] }[];
}

const DEADLINE_MS = 30_000;
/** The worker's heap: a file that needs more fails alone (the worker restarts), never the host. */
const HEAP_MIB = 512;

interface Waiting {
  job: ModelJob;
  resolve: (s: ModelSummary) => void;
  reject: (e: Error) => void;
}

/**
 * One job at a time in the worker, the rest waiting here: a job past its deadline or its memory
 * ends the worker and fails alone; the jobs behind it go to a fresh worker.
 */
export class ModelReader implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly queue: Waiting[] = [];
  private running: (Waiting & { timer: NodeJS.Timeout }) | undefined;
  private disposed = false;

  constructor(
    private readonly script: string,
    private readonly deadlineMs = DEADLINE_MS,
  ) {}

  read(text: string, options: ModelOptions, diagram?: DiagramOptions, project?: ModelJob['project']): Promise<ModelSummary> {
    if (this.disposed) return Promise.reject(new Error('disposed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, text, options, diagram, project }, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    if (this.running || !this.queue.length) return;
    const waiting = this.queue.shift()!;
    const timer = setTimeout(() => this.failRunning(new Error(`reading the manifest took over ${this.deadlineMs / 1000} s`)), this.deadlineMs);
    this.running = { ...waiting, timer };
    this.started().postMessage(waiting.job);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: HEAP_MIB } });
    worker.on('message', (m: ModelReply) => {
      const r = this.running;
      if (!r || r.job.id !== m.id) return;
      this.running = undefined;
      clearTimeout(r.timer);
      if ('error' in m) r.reject(new Error(m.error));
      else r.resolve(m);
      this.next();
    });
    worker.on('error', (e) => this.worker === worker && this.failRunning(e.message.includes('memory') ? new Error(`reading the manifest needed over ${HEAP_MIB} MiB`) : e));
    worker.on('exit', () => this.worker === worker && this.failRunning(new Error('the manifest reader stopped')));
    worker.unref();
    return (this.worker = worker);
  }

  /** Ends the worker and the job it was running; the others go on in a fresh one. */
  private failRunning(e: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    const r = this.running;
    this.running = undefined;
    if (r) {
      clearTimeout(r.timer);
      r.reject(e);
    }
    if (!this.disposed) this.next();
  }

  dispose(): void {
    this.disposed = true;
    const e = new Error('disposed');
    for (const w of this.queue.splice(0)) w.reject(e);
    this.failRunning(e);
  }
}

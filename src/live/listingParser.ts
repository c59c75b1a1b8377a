// Where podman's listings are parsed: on the calling thread when small, in a worker thread
// (dist/listingWorker.js) when large, so a listing of thousands of containers never stalls the
// extension host. The worker starts on first use and ends after a minute without work.
import { Worker } from 'worker_threads';
import { parseListing, type Listing } from './state';

/** The extension host -> the listing worker: podman's JSON as it printed it. */
export interface ListingJob {
  id: number;
  pods: string;
  containers: string[];
}

/** The listing worker -> the host: the joined listing, or why it failed. */
export type ListingReply = { id: number; listing: Listing; error?: undefined } | { id: number; listing?: undefined; error: string };

/** Listings smaller than this (characters, all together) are parsed in place: a worker's start costs more. */
const IN_PLACE_CHARS = 512 * 1024;
const IDLE_MS = 60_000;

export type ParseListing = (pods: string, containers: string[]) => Promise<Listing>;

export const parseInPlace: ParseListing = (pods, containers) => Promise.resolve(parseListing(pods, containers));

export class ListingParser {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (l: Listing) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | undefined;

  constructor(private readonly script: string) {}

  readonly parse: ParseListing = (pods, containers) => {
    const size = containers.reduce((n, c) => n + c.length, pods.length);
    if (size < IN_PLACE_CHARS) return parseInPlace(pods, containers);
    clearTimeout(this.idle);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.started().postMessage({ id, pods, containers } satisfies ListingJob);
    });
  };

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script);
    worker.on('message', (m: ListingReply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.listing) p.resolve(m.listing);
      else p.reject(new Error(m.error ?? 'the listing parser failed'));
      if (!this.pending.size) this.idle = setTimeout(() => this.stop(), IDLE_MS);
    });
    const failed = (e: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on('error', failed);
    worker.on('exit', () => failed(new Error('the listing parser stopped')));
    worker.unref();
    return (this.worker = worker);
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  dispose(): void {
    clearTimeout(this.idle);
    for (const p of this.pending.values()) p.reject(new Error('disposed'));
    this.pending.clear();
    this.stop();
  }
}

// What runs in podman, kept current by one `podman events` stream: a listing (`pod ps`, `ps`,
// `network ls`) when the stream starts and after it reconnects, then each event applied as it
// comes; an event only a listing can explain (a pod created or removed) asks for one, and a burst
// of them gets one. Nothing is polled. When podman or the stream dies, the state says so and
// retries with backoff. Started only while someone looks (the Podman view, a live preview).
// No `vscode` import: unit-tested with a fake podman, and against real podman in the host.
import { containerListArgs, eventsArgs, networkListArgs, podListArgs } from '../podman/args';
import type { PodmanClient } from '../podman/client';
import { parseNetworks, type NetworkInfo } from '../podman/parse';
import { PodmanNotFoundError, type Logger, type Stream } from '../podman/runner';
import { parseInPlace, type ParseListing } from './listingParser';
import { applyEvent, parseEvent, podIds, type LivePod } from './state';

/** How the events stream stands (not a remote podman: that is the settings' connection). */
export type LiveStatus =
  | { state: 'stopped' }
  | { state: 'connecting' }
  | { state: 'connected' }
  /** podman could not be run at all. */
  | { state: 'not-found'; message: string; retryInMs: number }
  | { state: 'disconnected'; message: string; retryInMs: number };

/** Waits between reconnection attempts: doubling from the first, capped at the last. */
const BACKOFF_MS = [1000, 2000, 4000, 8000, 15_000, 30_000];
/** Events closer together than this share one listing. */
const COALESCE_MS = 50;
/** The container listing's output bound; past it (labels and arguments of thousands of containers) the containers are listed pod by pod. */
const LISTING_BYTES = 32 * 1024 * 1024;
/** One pod's containers past this are not shown (the pod still is), and the log says why. */
const POD_LISTING_BYTES = 8 * 1024 * 1024;

export class LiveState {
  private pods_: LivePod[] = [];
  private networks_: NetworkInfo[] = [];
  private status_: LiveStatus = { state: 'stopped' };
  private stream: Stream | undefined;
  private users = 0;
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  /** Bumped on each (re)start and stop: work of an older generation is dropped. */
  private generation = 0;
  private listing: Promise<void> | undefined;
  private listAgain = false;
  private listTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly imageListeners = new Set<() => void>();

  constructor(
    /** The podman the settings choose, on their connection, read at each start and listing. */
    private readonly podman: PodmanClient,
    private readonly log: Logger,
    /** Joins the listings: in place, or in a worker thread for big ones (the extension's). */
    private readonly parse: ParseListing = parseInPlace,
  ) {}

  get pods(): readonly LivePod[] {
    return this.pods_;
  }

  get networks(): readonly NetworkInfo[] {
    return this.networks_;
  }

  get status(): LiveStatus {
    return this.status_;
  }

  /** Called after every change of pods, networks or status. */
  /** podman built, pulled, tagged or removed an image (a rebuild changes what a name runs). */
  onImageEvent(listener: () => void): { dispose(): void } {
    this.imageListeners.add(listener);
    return { dispose: () => this.imageListeners.delete(listener) };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Starts watching for one more user; its `dispose` ends that use (the last one stops podman). */
  use(): { dispose(): void } {
    if (this.users++ === 0) this.start();
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        if (--this.users === 0) this.stop();
      },
    };
  }

  /** Starts again from a listing (the settings changed: another podman, another connection). */
  restart(): void {
    if (this.users === 0) return;
    this.stop();
    this.start();
  }

  /** A fresh listing now (after a command of ours changed something, or a Refresh). */
  refresh(): Promise<void> {
    if (this.status_.state !== 'connected') return Promise.resolve();
    return this.list(this.generation);
  }

  dispose(): void {
    this.users = 0;
    this.stop();
    clearImmediate(this.firing);
    this.listeners.clear();
    this.imageListeners.clear();
  }

  private start(): void {
    const generation = ++this.generation;
    this.set({ state: 'connecting' });
    // The stream first, then the listing: nothing that happens between them is missed.
    const stream = this.podman.stream(eventsArgs(), (line) => this.onLine(generation, line));
    this.stream = stream;
    void stream.exited.then((r) => {
      if (generation !== this.generation) return;
      this.stream = undefined;
      const message = r.error ? r.error.message : `podman events stopped (${r.signal ?? `exit ${r.code}`})${r.stderr.trim() ? `: ${r.stderr.trim().split('\n').pop()}` : ''}`;
      this.lost(generation, message, !!r.error);
    });
    void this.list(generation).then(
      () => {
        if (generation !== this.generation || !this.stream) return;
        this.attempt = 0;
        this.set({ state: 'connected' });
      },
      (e: unknown) => this.lost(generation, e instanceof Error ? e.message : String(e), e instanceof PodmanNotFoundError),
    );
  }

  private stop(): void {
    this.generation++;
    clearTimeout(this.retry);
    clearTimeout(this.listTimer);
    this.stream?.stop();
    this.stream = undefined;
    this.listing = undefined;
    this.listAgain = false;
    if (this.status_.state !== 'stopped') this.set({ state: 'stopped' });
  }

  /** The stream or a listing failed: say so, and try again later (each time a little later). */
  private lost(generation: number, message: string, notFound: boolean): void {
    if (generation !== this.generation) return;
    this.stop();
    const retryInMs = BACKOFF_MS[Math.min(this.attempt++, BACKOFF_MS.length - 1)];
    this.log.warn(`Podman view: ${message}; trying again in ${retryInMs / 1000} s`);
    this.set(notFound ? { state: 'not-found', message, retryInMs } : { state: 'disconnected', message, retryInMs });
    const again = this.generation;
    this.retry = setTimeout(() => {
      if (again === this.generation && this.users > 0) this.start();
    }, retryInMs);
  }

  private onLine(generation: number, line: string): void {
    if (generation !== this.generation) return;
    const event = parseEvent(line);
    if (!event) return;
    if (event.type === 'image') {
      for (const l of [...this.imageListeners]) l();
      return;
    }
    const effect = applyEvent(this.pods_, event);
    if (effect === 'unchanged') return;
    // A listing under way may have read podman before this event: its answer would undo it.
    if (this.listing) this.listAgain = true;
    if (effect === 'changed') this.fire();
    else this.listSoon(generation);
  }

  /** One listing for a burst of events: at most one runs, and at most one waits. */
  private listSoon(generation: number): void {
    if (this.listTimer) return;
    this.listTimer = setTimeout(() => {
      this.listTimer = undefined;
      void this.list(generation).catch((e: unknown) => this.lost(generation, e instanceof Error ? e.message : String(e), false));
    }, COALESCE_MS);
  }

  private list(generation: number): Promise<void> {
    if (this.listing) {
      this.listAgain = true;
      return this.listing;
    }
    const quiet: Logger = { info: () => undefined, warn: (m) => this.log.warn(m), error: (m) => this.log.error(m) };
    const run = (args: string[]) => this.podman.run(args, { log: quiet }).then((r) => r.stdout);
    this.listing = (async () => {
      try {
        do {
          this.listAgain = false;
          const [pods, all, networks] = await Promise.all([run(podListArgs()), this.podman.run(containerListArgs(), { log: quiet, maxOutput: LISTING_BYTES }), run(networkListArgs())]);
          if (generation !== this.generation) return;
          const whole = all.truncated ? undefined : await this.parse(pods, [all.stdout]);
          const listing = whole && !whole.unreadable.length ? whole : await this.perPod(pods, quiet);
          if (generation !== this.generation) return;
          this.pods_ = listing.pods;
          this.networks_ = parseNetworks(networks);
          this.fire();
        } while (this.listAgain && generation === this.generation);
      } finally {
        if (generation === this.generation) this.listing = undefined;
      }
    })();
    return this.listing;
  }

  /**
   * The containers listed pod by pod, when the one listing did not fit its bound or was not
   * JSON: a pod whose own listing still does not is shown without its containers, and logged.
   */
  private async perPod(podJson: string, log: Logger) {
    this.log.warn('Podman view: the container listing is too big to read at once; listing pod by pod.');
    const ids = podIds(podJson);
    const listings: string[] = [];
    const listed: string[] = [];
    // Four at a time: a few podman processes, not thousands at once.
    for (let i = 0; i < ids.length; i += 4) {
      const batch = ids.slice(i, i + 4);
      const results = await Promise.all(batch.map((id) => this.podman.run(containerListArgs(id), { log, maxOutput: POD_LISTING_BYTES }).catch(() => undefined)));
      results.forEach((r, j) => {
        if (r && !r.truncated) {
          listings.push(r.stdout);
          listed.push(batch[j]);
        } else this.log.warn(`Podman view: the containers of pod ${batch[j]} could not be listed${r?.truncated ? ` (over ${POD_LISTING_BYTES / 1024 / 1024} MB)` : ''}; the pod is shown without them.`);
      });
    }
    const listing = await this.parse(podJson, listings);
    for (const i of listing.unreadable) this.log.warn(`Podman view: the containers of pod ${listed[i]} are not JSON podman printed; the pod is shown without them.`);
    return listing;
  }

  private set(status: LiveStatus): void {
    this.status_ = status;
    this.fire();
  }

  /**
   * Tells the listeners once for everything that changed in this turn: a chunk of the stream holds
   * many events, and each listener (the view, every preview) redraws from the whole state.
   */
  private fire(): void {
    if (this.firing) return;
    this.firing = setImmediate(() => {
      this.firing = undefined;
      this.notify();
    });
  }

  private firing: NodeJS.Immediate | undefined;

  private notify(): void {
    for (const l of [...this.listeners]) {
      try {
        l();
      } catch (e) {
        this.log.error(`A listener of the Podman view failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

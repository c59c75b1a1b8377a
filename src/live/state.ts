// What runs in podman, as plain data: parsed from `podman pod ps`, `podman ps -a --pod` and
// `podman events` (JSON, as podman 4.3 to 5.x print them), and kept current by applying events.
// No `vscode` import: unit-tested on podman's real output.
import { objects, str } from '../podman/parse';

type Json = Record<string, unknown>;

export interface LivePort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface LiveContainer {
  id: string;
  name: string;
  podId: string;
  image: string;
  /** The image's ID when the container was made: a rebuild gives the name another. */
  imageId?: string;
  /** podman's state: created, running, exited, paused, stopping, configured, removing... */
  state: string;
  exitCode?: number;
  /** Unix seconds; absent when it never started. */
  startedAt?: number;
  /** podman 5 counts restarts (`Restarts`); 4.x does not say. */
  restarts?: number;
  /** Entrypoint and command as podman runs them. */
  command: string[];
  ports: LivePort[];
}

export interface LivePod {
  id: string;
  name: string;
  /** podman's pod status: Running, Degraded, Exited, Created, Stopped, Paused, Dead... */
  status: string;
  networks: string[];
  /** The infra container's published ports: the pod's. */
  ports: LivePort[];
  /** Its containers, the infra container left out. */
  containers: LiveContainer[];
  /** The infra container: not shown, but its state counts in the pod's status. */
  infra?: LiveContainer;
}

export interface LiveEvent {
  type: string;
  status: string;
  id: string;
  name: string;
  podId?: string;
  exitCode?: number;
  /** Unix seconds. */
  time: number;
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function ports(v: unknown): LivePort[] {
  if (!Array.isArray(v)) return [];
  const out: LivePort[] = [];
  for (const p of v as Json[]) {
    const hostPort = num(p?.host_port);
    const containerPort = num(p?.container_port);
    if (hostPort === undefined || containerPort === undefined) continue;
    // A range (`range: 3`) publishes consecutive ports.
    for (let i = 0; i < Math.min(Math.max(num(p.range) ?? 1, 1), 1000); i++) out.push({ hostIp: str(p.host_ip), hostPort: hostPort + i, containerPort: containerPort + i, protocol: str(p.protocol) || 'tcp' });
  }
  return out;
}

interface PsContainer extends LiveContainer {
  infra: boolean;
}

/** `podman ps -a --pod --format json`. */
export function parseContainers(json: string): PsContainer[] {
  return objects(json).map((c) => {
    const names = Array.isArray(c.Names) ? c.Names.map(str) : [str(c.Names)];
    const startedAt = num(c.StartedAt);
    return {
      id: str(c.Id ?? c.ID),
      name: names[0] ?? '',
      podId: str(c.Pod),
      image: str(c.Image),
      ...(str(c.ImageID) ? { imageId: str(c.ImageID) } : {}),
      state: str(c.State).toLowerCase(),
      exitCode: c.State === 'exited' || c.Exited === true ? num(c.ExitCode) : undefined,
      startedAt: startedAt && startedAt > 0 ? startedAt : undefined,
      restarts: num(c.Restarts),
      command: Array.isArray(c.Command) ? c.Command.map(str) : [],
      ports: ports(c.Ports),
      infra: c.IsInfra === true,
    };
  });
}

/** `podman pod ps --format json` joined with `podman ps -a --pod --format json`: the pods, newest podman order kept. */
export function parsePods(podJson: string, containerJson: string): LivePod[] {
  const { pods, unreadable } = parseListing(podJson, [containerJson]);
  if (unreadable.length) throw new Error('the container listing is not JSON');
  return pods;
}

export interface Listing {
  pods: LivePod[];
  /** Indexes of the container listings that were not JSON (cut, or not podman's): their containers are missing. */
  unreadable: number[];
}

/**
 * The pods joined with their containers, from one container listing or one per pod; a listing
 * that is not JSON is skipped and named. Containers are grouped by pod once, so the join is
 * linear. Throws when the pod listing itself is not JSON.
 */
export function parseListing(podJson: string, containerJsons: readonly string[]): Listing {
  const byPod = new Map<string, PsContainer[]>();
  const unreadable: number[] = [];
  containerJsons.forEach((json, i) => {
    let containers: PsContainer[];
    try {
      containers = parseContainers(json);
    } catch {
      unreadable.push(i);
      return;
    }
    for (const c of containers) {
      const list = byPod.get(c.podId);
      if (list) list.push(c);
      else byPod.set(c.podId, [c]);
    }
  });
  const pods = objects(podJson).map((p) => {
    const id = str(p.Id ?? p.ID);
    const mine = byPod.get(id) ?? [];
    const infra = mine.find((c) => c.infra) ?? mine.find((c) => c.id === str(p.InfraId));
    const plain = (c: PsContainer): LiveContainer => {
      const { infra, ...rest } = c;
      void infra;
      return rest;
    };
    // The pod's status from its containers as listed: `pod ps` and `ps` run side by side, and a
    // container that stopped between them would leave the pod's word behind its containers'.
    const pod: LivePod = {
      id,
      name: str(p.Name),
      status: str(p.Status),
      networks: Array.isArray(p.Networks) ? p.Networks.map(str).filter(Boolean) : [],
      ports: infra?.ports ?? [],
      containers: mine.filter((c) => c !== infra).map(plain),
      infra: infra && plain(infra),
    };
    if (mine.length) pod.status = podStatus(pod);
    return pod;
  });
  return { pods, unreadable };
}

/** The ids of the pods in a `podman pod ps --format json` listing. */
export function podIds(podJson: string): string[] {
  return objects(podJson)
    .map((p) => str(p.Id ?? p.ID))
    .filter(Boolean);
}

/** One line of `podman events --format json`; undefined for a line that is not one. */
export function parseEvent(line: string): LiveEvent | undefined {
  let e: Json;
  try {
    e = JSON.parse(line) as Json;
  } catch {
    return undefined;
  }
  if (typeof e !== 'object' || e === null || typeof e.Status !== 'string' || typeof e.Type !== 'string') return undefined;
  // 4.x prints `Time` (RFC 3339), 5.x `time` (Unix seconds) and `timeNano`.
  const time = num(e.time) ?? Date.parse(str(e.Time)) / 1000;
  return {
    type: e.Type,
    status: e.Status,
    id: str(e.ID),
    name: str(e.Name),
    podId: str(e.PodID) || undefined,
    exitCode: num(e.ContainerExitCode),
    time: Number.isFinite(time) ? time : Date.now() / 1000,
  };
}

/** A container's state after an event, for the events that say it outright. */
const STATE_AFTER: Record<string, string> = { start: 'running', unpause: 'running', pause: 'paused', died: 'exited', stop: 'exited', init: 'created' };

/**
 * Applies a container event to the pods in place, when it says a known container's new state.
 * Returns 'changed', 'unchanged', or 'unknown' when only a fresh listing can say what happened
 * (a container or pod created or removed, a container not seen yet).
 */
export function applyEvent(pods: LivePod[], e: LiveEvent): 'changed' | 'unchanged' | 'unknown' {
  if (e.type === 'pod') return ['create', 'remove', 'start', 'stop', 'kill', 'pause', 'unpause'].includes(e.status) ? 'unknown' : 'unchanged';
  if (e.type !== 'container') return e.type === 'network' ? 'unknown' : 'unchanged';
  if (e.status === 'create' || e.status === 'remove') return 'unknown';
  const next = STATE_AFTER[e.status];
  if (!next) return 'unchanged';
  for (const pod of pods) {
    const c = pod.infra?.id === e.id ? pod.infra : pod.containers.find((x) => x.id === e.id);
    if (!c) continue;
    // `stop` comes before `died` (which carries the exit code): keep a code already known.
    if (c.state === next && !(next === 'exited' && e.exitCode !== undefined)) return 'unchanged';
    c.state = next;
    if (next === 'exited') c.exitCode = e.exitCode ?? c.exitCode;
    if (next === 'running' && e.status !== 'unpause') {
      c.startedAt = e.time;
      c.exitCode = undefined;
    }
    pod.status = podStatus(pod);
    return 'changed';
  }
  return 'unknown';
}

/**
 * The pod's status from its containers' states, the infra container's included, as podman 4.3
 * to 5.x word it (libpod/pod_status.go, createPodStatusResults).
 */
export function podStatus(pod: LivePod): string {
  const states = [...pod.containers, ...(pod.infra ? [pod.infra] : [])].map((c) => c.state);
  if (!states.length) return 'Created';
  const count = (f: (s: string) => boolean) => states.filter(f).length;
  const running = count((s) => s === 'running');
  const stopped = count((s) => s === 'exited' || s === 'stopped');
  const created = count((s) => s === 'created' || s === 'configured');
  const paused = count((s) => s === 'paused');
  if (running === states.length) return 'Running';
  if (running > 0) return 'Degraded';
  if (paused === states.length) return 'Paused';
  if (stopped === states.length) return 'Exited';
  if (stopped > 0) return 'Stopped';
  if (states.length - stopped - created - paused > 0) return 'Error';
  return 'Created';
}

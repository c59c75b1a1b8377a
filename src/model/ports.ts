// The host ports a file's pods publish, as podman publishes them for a version: the one home of
// that question for the checks, the diagram, the prediction and hover.
import type { Container, Pod, Port } from './types';
import { features } from './version';

/** Whether every containerPort is published: before podman 4.8, or with `--publish-all`. */
export function publishesAll(version: string | undefined, publishAll = false): boolean {
  return publishAll || !features(version).onlyHostPorts;
}

/** Host ports a pod publishes: every hostPort, and every containerPort when `all` (publishesAll). */
export function publishedPorts(pod: Pod, all: boolean): { container: Container; port: Port; hostPort: number }[] {
  if (pod.hostNetwork) return [];
  const out: { container: Container; port: Port; hostPort: number }[] = [];
  for (const container of pod.containers) {
    if (container.init) continue; // podman publishes only the ports of `containers`
    for (const port of container.ports) {
      const hostPort = port.hostPort ?? (all ? port.containerPort : undefined);
      if (hostPort !== undefined) out.push({ container, port, hostPort });
    }
  }
  return out;
}

/** The first host port from `from` up that no port of the file publishes. */
export function freeHostPort(pods: Pod[], from: number, all = false): number {
  return nextFree(usedHostPorts(pods, all), from);
}

export function usedHostPorts(pods: Pod[], all: boolean): Set<number> {
  const used = new Set<number>();
  for (const pod of pods) for (const p of publishedPorts(pod, all)) used.add(p.hostPort);
  return used;
}

/** The first port from `from` up that is not in `used`. */
export function nextFree(used: Set<number>, from: number): number {
  let n = from;
  while (used.has(n) && n < 65535) n++;
  return n;
}

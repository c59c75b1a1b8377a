// What `podman kube play` will leave behind for a manifest: the outcome, and for a play that
// works, each pod with the containers, host ports and network podman gives it. The truth suite
// compares this with what real podman did.
import { DEFAULT_KUBE_NETWORK } from './network';
import type { Container, LeftPod, Manifest, Pod, Problem, Range } from './types';
import { publishedPorts, publishesAll } from './ports';

export interface PredictedPod {
  name: string;
  /** Containers as `podman ps -a` lists them afterwards (init containers that ran once are gone). */
  containers: string[];
  /** Published host ports, `6379/tcp`. */
  hostPorts: string[];
  /** `host` for the host's network, else the network's name. */
  network: string;
}

export interface Prediction {
  outcome: 'plays' | 'fails' | 'hangs';
  /** The problem that stops the play. */
  cause?: Problem;
  pods: PredictedPod[];
  /** For a play that stops: each pod podman has made by then, with the containers it made; undefined where the model does not know. */
  left?: LeftPod[];
}

export function predictPlay(m: Manifest): Prediction {
  const cause = m.problems.find((p) => p.stops === 'hangs') ?? m.problems.find((p) => p.stops === 'fails');
  const all = publishesAll(m.podmanVersion, m.publishAll);
  const pods = m.pods.map((pod) => {
    const hostPorts = new Set(publishedPorts(pod, all).map((p) => `${p.hostPort}/${p.port.protocol.toLowerCase()}`));
    return {
      name: pod.name,
      containers: podmanNames(pod.containers.filter((c) => !c.init)),
      hostPorts: [...hostPorts].sort(),
      network: pod.hostNetwork ? 'host' : (m.network ?? DEFAULT_KUBE_NETWORK),
    };
  });
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { outcome: cause?.stops ?? 'plays', cause, pods: pods.sort(byName), left: cause && leftBehind(m, cause)?.sort(byName) };
}

/** Stops before any pod: a flag of the play, nothing to play. */
const NOTHING = new Set(['no-pod-prefix-unsupported', 'remote-flag-unsupported', 'nothing-to-play', 'yaml-too-deep']);
/** A refused pod or container name: the model does not draw that pod; the problem says what podman made of it. */
const BAD_NAME = 'bad-name';
/** Fail while the pod's volumes or the pod itself are made (play.go playKubePod: volumes, then MakePod): no pod. */
const NO_POD = new Set(['unsupported-volume', 'duplicate-pod', 'host-network-ports', 'secret-volume-crash']);
/** Not a hard error: every document is played, and the CLI ends with "failed to start N containers". */
const EVERY_POD = new Set(['host-port-clash', 'rootless-privileged-port']);

/**
 * What a play that stops has made, read at v4.3.1, v5.4.2 and v5.8.2 (pkg/domain/infra/abi/play.go):
 * resources first, then each workload in file order, made and started before the next; the first
 * hard error stops it and nothing is rolled back. In a pod: volumes, the pod and its infra, init
 * containers then containers one by one (a container's own error stops it there), then the start.
 */
function leftBehind(m: Manifest, cause: Problem): LeftPod[] | undefined {
  if (NOTHING.has(cause.code)) return [];
  // A pod made and started: its init containers ran once and are gone.
  const run = (pod: Pod): LeftPod => ({ name: pod.name, containers: podmanNames(pod.containers.filter((c) => !c.init)) });
  if (cause.code === BAD_NAME) {
    const earlier = m.pods.filter((p) => before(p.range.end, cause.range.start)).map(run);
    return cause.made ? [...earlier, cause.made] : earlier;
  }
  if (EVERY_POD.has(cause.code)) return m.pods.some((p) => p.containers.some((c) => c.init)) ? undefined : m.pods.map(run);
  const at = m.pods.findIndex((p) => within(cause.range, p.range));
  // A resource document (played before every pod) or a place outside the pods.
  if (at < 0) return cause.stops === 'fails' ? [] : undefined;
  const made = m.pods.slice(0, at).map(run);
  const pod = m.pods[at];
  if (cause.stops === 'hangs') {
    // Started one by one: the init containers before the one that never ends ran and are gone.
    const hung = pod.containers.findIndex((c) => within(cause.range, c.range));
    return [...made, { name: pod.name, containers: podmanNames(pod.containers.filter((c, i) => !c.init || i >= hung)) }];
  }
  if (NO_POD.has(cause.code)) return made;
  const stopped = pod.containers.findIndex((c) => within(cause.range, c.range));
  // Outside every container (a volume's ConfigMap or Secret): the pod's volumes fail first.
  if (stopped < 0) return made;
  return [...made, { name: pod.name, containers: podmanNames(pod.containers.slice(0, stopped)) }];
}

function podmanNames(containers: Container[]): string[] {
  return containers.map((c) => c.podmanName).sort();
}

function within(inner: Range, outer: Range): boolean {
  return before(outer.start, inner.start) && before(inner.end, outer.end);
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

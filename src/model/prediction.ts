// What `podman kube play` will leave behind for a manifest: the outcome, and for a play that
// works, each pod with the containers, host ports and network podman gives it. The truth suite
// compares this with what real podman did.
import { DEFAULT_KUBE_NETWORK } from './network';
import type { Manifest, Problem } from './types';
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
}

export function predictPlay(m: Manifest): Prediction {
  const cause = m.problems.find((p) => p.stops === 'hangs') ?? m.problems.find((p) => p.stops === 'fails');
  const all = publishesAll(m.podmanVersion, m.publishAll);
  const pods = m.pods.map((pod) => {
    const hostPorts = new Set(publishedPorts(pod, all).map((p) => `${p.hostPort}/${p.port.protocol.toLowerCase()}`));
    return {
      name: pod.name,
      containers: pod.containers
        .filter((c) => !c.init)
        .map((c) => c.podmanName)
        .sort(),
      hostPorts: [...hostPorts].sort(),
      network: pod.hostNetwork ? 'host' : (m.network ?? DEFAULT_KUBE_NETWORK),
    };
  });
  return { outcome: cause?.stops ?? 'plays', cause, pods: pods.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
}

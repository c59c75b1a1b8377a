// Networks as podman sees them for kube play.

/** Where `podman kube play` attaches pods without `--network` (created on first use, DNS on). */
export const DEFAULT_KUBE_NETWORK = 'podman-default-kube-network';

/** `--network` values that are network modes, not networks (pkg/specgen/namespaces.go ParseNetworkFlag). */
const MODES = new Set(['host', 'none', 'private', 'slirp4netns', 'pasta']);

/** The network mode `network` names (`host`: the host's network; the others: no pod-to-pod DNS), if it is one. */
export function networkMode(network: string | undefined): string | undefined {
  return network && MODES.has(network) ? network : undefined;
}

/** Whether pod names resolve on a network: podman's plain `podman` network and the network modes have no DNS. */
export function networkHasDns(network: string | undefined): boolean {
  return network !== 'podman' && !networkMode(network);
}

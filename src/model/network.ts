// Networks as podman sees them for kube play.

/** Where `podman kube play` attaches pods without `--network` (created on first use, DNS on). */
export const DEFAULT_KUBE_NETWORK = 'podman-default-kube-network';

/** Whether pod names resolve on a network: podman's plain `podman` network has DNS off. */
export function networkHasDns(network: string | undefined): boolean {
  return network !== 'podman';
}

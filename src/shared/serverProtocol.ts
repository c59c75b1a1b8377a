// What the extension tells the language server that the server cannot see in a document: the
// podman version and the network each file is played on.

export const CONTEXT_NOTIFICATION = 'podmanKube/context';

export interface ServerContext {
  /** From `podman version --format json` or the `podmanKube.podman.version` setting; absent: the newest. */
  podmanVersion?: string;
  /** By document URI: whether the network the file is played on resolves names. */
  dns: Record<string, boolean>;
}

// What a play can create (pods, volumes, secrets; a build's working containers and images),
// listed before it, so that a play that fails can remove what it made and only that: Play Kube
// and Play Project undo through these.
import type { Removable } from './args';
import type { PodmanClient } from './client';

/** What podman has, by name (pods also by id); with `build`, buildah's working containers and the untagged images, by id. */
export interface Objects {
  pods: { id: string; name: string }[];
  volumes: string[];
  secrets: string[];
  build?: { containers: string[]; images: string[]; untagged: string[] };
}

export async function listObjects(client: PodmanClient, build = false): Promise<Objects | undefined> {
  try {
    const [pods, volumes, secrets, containers, images] = await Promise.all([client.pods(), client.volumeNames(), client.secretNames(), build ? client.workingContainers() : [], build ? client.images() : []]);
    return { pods, volumes, secrets, ...(build ? { build: { containers, images: images.map((i) => i.id), untagged: images.filter((i) => !i.names.length).map((i) => i.id) } } : {}) };
  } catch {
    return undefined; // the play will say what is wrong with podman
  }
}

/**
 * Removes the objects podman lists now and did not list `before`, among those `named` (a pod
 * another play made meanwhile stays); pods first, as a volume in use cannot go before its pod.
 * Returns what was removed, as `pod NAME`, `volume NAME`, `secret NAME`.
 */
export async function removeMade(client: PodmanClient, before: Objects, named: { pods: Set<string>; volumes: Set<string>; secrets: Set<string> }): Promise<string[]> {
  const after = await listObjects(client, !!before.build);
  if (!after) return [];
  const oldPods = new Set(before.pods.map((p) => p.id));
  const made: { what: Removable; name: string }[] = [
    // By id: a pod replaced by this play is new even though its name is not.
    ...after.pods.filter((p) => !oldPods.has(p.id) && named.pods.has(p.name)).map((p) => ({ what: 'pod' as const, name: p.name })),
    ...after.volumes.filter((v) => !before.volumes.includes(v) && named.volumes.has(v)).map((name) => ({ what: 'volume' as const, name })),
    ...after.secrets.filter((s) => !before.secrets.includes(s) && named.secrets.has(s)).map((name) => ({ what: 'secret' as const, name })),
    // A build stopped mid-way leaves its working container, and perhaps an image it committed
    // (new, untagged: an image that lost its tag to a rebuild was there before, and stays).
    ...(after.build?.containers ?? []).filter((id) => !before.build?.containers.includes(id)).map((id) => ({ what: 'container' as const, name: id })),
    ...(after.build?.untagged ?? []).filter((id) => !before.build?.images.includes(id)).map((id) => ({ what: 'image' as const, name: id })),
  ];
  const removed: string[] = [];
  for (const o of made) {
    try {
      await client.remove(o.what, o.name);
      removed.push(o.what === 'container' ? 'a build container' : o.what === 'image' ? `image ${o.name.slice(0, 12)}` : `${o.what} ${o.name}`);
    } catch {
      // It is logged; the message names only what is gone.
    }
  }
  return removed;
}

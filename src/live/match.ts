// Ties what runs to the manifests that describe it: each running pod under the file whose model
// names it (as podman names pods for the file's podman version), and what the file now says
// differently from what runs ("changed since play"). Pure: unit-tested.
import type { PodSummary } from '../reader/modelReader';
import { findLocalImage } from '../model/images';
import type { LocalImage } from '../model/types';
import type { LivePod } from './state';

export interface FileModel {
  uri: string;
  pods: PodSummary[];
}

/** A pod as this extension played it: from which file, as the file then said. */
export interface PlayedPod {
  uri: string;
  pod: PodSummary;
}

export interface MatchedPod {
  live: LivePod;
  /** The pod in the manifest; absent under "Other pods". */
  model?: PodSummary;
  /** What the manifest now says differently from what runs; empty when they agree. */
  drift: string[];
}

export interface Grouping {
  files: { uri: string; pods: MatchedPod[] }[];
  other: MatchedPod[];
}

/**
 * Groups the pods by file. A pod name that several files describe goes to the file it was last
 * played from by this extension (`played`), else to the first file in order.
 */
export function groupPods(live: readonly LivePod[], files: readonly FileModel[], played: Record<string, PlayedPod> = {}, images?: readonly LocalImage[]): Grouping {
  const byName = new Map<string, { file: FileModel; pod: PodSummary }[]>();
  for (const file of files) for (const pod of file.pods) byName.set(pod.name, [...(byName.get(pod.name) ?? []), { file, pod }]);
  const groups = new Map<string, MatchedPod[]>();
  const other: MatchedPod[] = [];
  for (const pod of live) {
    const candidates = byName.get(pod.name);
    const from = played[pod.name];
    const found = candidates?.find((c) => c.file.uri === from?.uri) ?? candidates?.[0];
    if (!found) {
      other.push({ live: pod, drift: [] });
      continue;
    }
    const list = groups.get(found.file.uri) ?? [];
    list.push({ live: pod, model: found.pod, drift: drift(found.pod, pod, from?.uri === found.file.uri ? from.pod : undefined, images) });
    groups.set(found.file.uri, list);
  }
  return { files: files.filter((f) => groups.has(f.uri)).map((f) => ({ uri: f.uri, pods: groups.get(f.uri)! })), other };
}

/**
 * What differs between the manifest's pod and the running one: containers added or removed,
 * another image, other published ports, another command. Init containers are not compared:
 * podman removes them once they have run.
 */
export function drift(model: PodSummary, live: LivePod, played?: PodSummary, images?: readonly LocalImage[]): string[] {
  const out: string[] = [];
  const wanted = model.containers.filter((c) => !c.init);
  const running = new Map(live.containers.map((c) => [c.name, c]));
  const added = wanted.filter((c) => !running.has(c.podmanName)).map((c) => c.name);
  const names = new Set(wanted.map((c) => c.podmanName));
  // Init containers that podman has not removed yet (still running, or failed) are the file's too.
  const initNames = new Set(model.containers.filter((c) => c.init).map((c) => c.podmanName));
  const removed = live.containers.filter((c) => !names.has(c.name) && !initNames.has(c.name)).map((c) => c.name);
  if (added.length) out.push(`added ${added.join(', ')}`);
  if (removed.length) out.push(`removed ${removed.join(', ')}`);
  for (const c of wanted) {
    const now = running.get(c.podmanName);
    if (!now) continue;
    if (c.image && !sameImage(c.image, now.image)) out.push(`${c.name}: image ${c.image} (runs ${now.image})`);
    // The same name, another image: rebuilt (or pulled) since the play.
    else if (c.image && now.imageId && images) {
      const current = findLocalImage(c.image, images);
      if (current && current.id !== now.imageId) out.push(`${c.name}: image ${c.image} ${c.imageSource?.buildFile ? `rebuilt from ${c.imageSource.buildFile}` : 'changed'} since play`);
    }
    // kube play makes `command` the entrypoint and `args` the command (pkg/specgen/generate/kube/kube.go,
    // "If only the yaml.Command is specified, set it as the entrypoint and drop the image Cmd"):
    // podman ps lists only the command, so `args` are checked there, and `command` against what
    // this extension played, when it did.
    const before = played?.containers.find((x) => x.podmanName === c.podmanName);
    const same = before ? sameList(before.command, c.command) && sameList(before.args, c.args) : !(c.command.length || c.args.length) || sameList(now.command, c.args);
    if (!same) out.push(`${c.name}: command changed`);
  }
  const want = new Set(model.published);
  const have = new Set(live.ports.map((p) => `${p.hostPort}:${p.containerPort}/${p.protocol.toLowerCase()}`));
  if (want.size !== have.size || [...want].some((p) => !have.has(p))) out.push(`ports ${[...want].join(', ') || 'none'} (published: ${[...have].join(', ') || 'none'})`);
  return out;
}

/** Whether a manifest's image names the one a container runs: a short name matches any registry's, as podman finds it. */
function sameImage(ref: string, running: string): boolean {
  return normaliseImage(ref) === normaliseImage(running) || findLocalImage(ref, [{ id: '', names: [running] }]) !== undefined;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * An image reference as podman stores it: `valkey/valkey:8` and `docker.io/valkey/valkey:8` name
 * the same image, `nginx` is `docker.io/library/nginx:latest`. (Short names resolve through
 * registries.conf aliases; docker.io is what Debian's and Fedora's configurations give.)
 */
export function normaliseImage(ref: string): string {
  let name = ref.trim();
  const digest = name.indexOf('@');
  const base = digest >= 0 ? name.slice(0, digest) : name;
  const lastSlash = base.lastIndexOf('/');
  const hasTag = base.lastIndexOf(':') > lastSlash;
  if (digest < 0 && !hasTag) name = `${name}:latest`;
  const first = name.split('/')[0];
  const hasRegistry = name.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) name = `docker.io/${name.includes('/') ? '' : 'library/'}${name}`;
  return name;
}

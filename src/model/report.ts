// What `check --format json` prints for a file: the prediction itself (each pod podman creates,
// with its network, published host ports and containers, the outcome) and every problem with its
// range. Plain data, stable for scripts: the truth suite compares real podman through it.
import { DEFAULT_KUBE_NETWORK } from './network';
import { publishedPorts, publishesAll } from './ports';
import { predictPlay } from './prediction';
import type { ImageSource } from './types';
import type { ProjectModel } from './project';
import type { LeftPod, Manifest, Problem, Range } from './types';

export interface ReportPort {
  /** Absent: every address of the host. */
  hostIP?: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface ReportPod {
  /** The pod's name in podman. */
  name: string;
  /** `host` for the host's network, else the network's name. */
  network: string;
  ports: ReportPort[];
  /** Every container of the pod's spec; init containers that ran once are gone after the play. */
  containers: { name: string; image?: string; init: boolean; imageSource?: ReportImageSource }[];
}

/** Where podman gets a container's image: `build` names the build file (relative to where podman plays). */
export interface ReportImageSource {
  how: 'build' | 'local' | 'pull' | 'build-unless-local';
  buildFile?: string;
  /** The local image's ID, for `local`. */
  id?: string;
}

export interface Report {
  file: string;
  podmanVersion: string;
  /** What `podman kube play` does with the file: plays, stops with an error, or never returns. */
  outcome: 'plays' | 'fails' | 'hangs';
  pods: ReportPod[];
  /** For a play that stops: the pods podman has made by then and their containers (absent where the model does not know). */
  left?: LeftPod[];
  problems: { severity: Problem['severity']; code: string; message: string; range: Range; stops?: Problem['stops'] }[];
}

export function report(file: string, m: Manifest): Report {
  const all = publishesAll(m.podmanVersion, m.publishAll);
  const prediction = predictPlay(m);
  return {
    file,
    podmanVersion: m.podmanVersion,
    outcome: prediction.outcome,
    ...(prediction.left ? { left: prediction.left } : {}),
    pods: m.pods.map((pod) => ({
      name: pod.name,
      network: pod.hostNetwork ? 'host' : (m.network ?? DEFAULT_KUBE_NETWORK),
      ports: publishedPorts(pod, all).map(({ port, hostPort }) => ({ ...(port.hostIP ? { hostIP: port.hostIP } : {}), hostPort, containerPort: port.containerPort, protocol: port.protocol.toLowerCase() })),
      containers: pod.containers.map((c) => ({ name: c.podmanName, ...(c.image ? { image: c.image } : {}), init: c.init, ...(c.imageSource ? { imageSource: imageReport(c.imageSource) } : {}) })),
    })),
    problems: m.problems.map((p) => ({ severity: p.severity, code: p.code, message: p.message, range: p.range, ...(p.stops ? { stops: p.stops } : {}) })),
  };
}

function imageReport(s: ImageSource): ReportImageSource {
  return { how: s.how, ...(s.buildFile ? { buildFile: s.buildFile } : {}), ...(s.local ? { id: s.local.id } : {}) };
}

export interface ProjectReport extends Omit<Report, 'file' | 'pods' | 'problems'> {
  /** The project's files, in the order they are played. */
  project: string[];
  pods: (ReportPod & { file: string })[];
  problems: (Report['problems'][number] & { file: string })[];
}

/** A project's prediction: each pod and problem names its file, ranges are that file's own. */
export function projectReport(p: ProjectModel): ProjectReport {
  const { podmanVersion, outcome, left, pods } = report('', p.manifest);
  return {
    project: p.files.map((f) => f.path),
    podmanVersion,
    outcome,
    ...(left ? { left } : {}),
    pods: pods.map((pod, i) => ({ file: p.files[p.locate(p.manifest.pods[i].range).file].path, ...pod })),
    problems: p.problems.flatMap((list, i) => list.map((q) => ({ file: p.files[i].path, severity: q.severity, code: q.code, message: q.message, range: q.range, ...(q.stops ? { stops: q.stops } : {}) }))),
  };
}

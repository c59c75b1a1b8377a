// Which container talks to which: inferred from host names in command, args and env values.
import type { LineCounter } from 'yaml';
import type { Connection, Container, IgnoredObject, Pod } from './types';
import { CHANGES } from './behaviour';
import { features, shortVersion } from './version';
import { offsetRange } from './yamlReader';

interface Options {
  version: string;
  /** Whether the network resolves names (the plain `podman` network does not). */
  dns: boolean;
  /** Where the manifest's objects are, in words: `this file`, or a project's files. */
  where: string;
}

interface Mention {
  host: string;
  port?: number;
  /** Written where a host is expected (URL, host:port, -h, *_HOST env), not just a word. */
  hostPosition: boolean;
  /** Offset of the host in the source, when found there. */
  offset?: number;
  /** The environment variable it is written in. */
  envName?: string;
  start: number;
  end: number;
}

interface NameTarget {
  pod: Pod;
  container?: Container;
  /** The podman version from which this name resolves, when it is not the pod name. */
  since?: string;
}

/**
 * The file's pods, containers and ports, looked up in constant time: each mention is resolved
 * against it, so a file of thousands of containers and mentions stays linear.
 */
interface Index {
  pods: Map<Pod, { running: Container[]; runningWithPorts: Container[]; byPort: Map<number, Container>; initByPort: Map<number, Container> }>;
  /** Port -> the running containers that declare it, pod by pod in file order. */
  servers: Map<number, { pod: Pod; container: Container }[]>;
  /** Host port -> what publishes it (hostPort, or a port of a host-network pod). */
  publishers: Map<number, { pod: string; container: string }>;
  /** Pods not on the host network with a container that declares a port, in file order, one per template (and their templates). */
  withPorts: Pod[];
  hasPorts: Set<string>;
  byPodmanName: Map<string, { pod: Pod; container: Container }>;
  ignored: Map<string, IgnoredObject>;
}

function index(pods: Pod[], ignored: IgnoredObject[]): Index {
  const idx: Index = { pods: new Map(), servers: new Map(), publishers: new Map(), withPorts: [], hasPorts: new Set(), byPodmanName: new Map(), ignored: new Map() };
  for (const o of ignored) if (o.name && !idx.ignored.has(o.name)) idx.ignored.set(o.name, o);
  for (const pod of pods) {
    const info = { running: [] as Container[], runningWithPorts: [] as Container[], byPort: new Map<number, Container>(), initByPort: new Map<number, Container>() };
    for (const c of pod.containers) {
      // With --no-pod-prefix a container's podman name is its own name, which is no mistake to use.
      if (c.podmanName !== c.name && !idx.byPodmanName.has(c.podmanName)) idx.byPodmanName.set(c.podmanName, { pod, container: c });
      if (!c.init) info.running.push(c);
      if (!c.init && c.ports.length) info.runningWithPorts.push(c);
      for (const p of c.ports) {
        const own = c.init ? info.initByPort : info.byPort;
        if (!own.has(p.containerPort)) own.set(p.containerPort, c);
        if (!c.init) {
          const list = idx.servers.get(p.containerPort) ?? [];
          if (list[list.length - 1]?.pod !== pod) list.push({ pod, container: c });
          idx.servers.set(p.containerPort, list);
        }
        for (const host of [p.hostPort, pod.hostNetwork ? p.containerPort : undefined]) {
          if (host !== undefined && !idx.publishers.has(host)) idx.publishers.set(host, { pod: pod.name, container: c.name });
        }
      }
    }
    if (!pod.hostNetwork && !idx.hasPorts.has(template(pod)) && pod.containers.some((c) => c.ports.length > 0)) {
      idx.withPorts.push(pod);
      idx.hasPorts.add(template(pod));
    }
    idx.pods.set(pod, info);
  }
  return idx;
}

/** The first entry of `list` not for pod `except` (and, when asked, not on the host network). */
function firstOther<T extends { pod: Pod }>(list: T[] | undefined, except: Pod, network = false): T | undefined {
  return list?.find((s) => !sameTemplate(s.pod, except) && !(network && s.pod.hostNetwork));
}

/** Podman 4.3's replicas of one Deployment are the same pod to the user: never suggest one from another. */
function sameTemplate(a: Pod, b: Pod): boolean {
  return a === b || template(a) === template(b);
}

const template = (p: Pod) => `${p.document} ${p.kind} ${p.objectName}`;

const LOCAL = new Set(['localhost', '127.0.0.1', '::1']);
// The scheme is bounded: unbounded, `a.a.a...` tried a scan to the end from every letter.
const URL_RE = /\b[a-z][a-z0-9+.-]{0,31}:\/\/(?:[^@/\s'"]*@)?([A-Za-z0-9][A-Za-z0-9.-]*)(?::(\d{1,5}))?[^\s'"]*/g;
const HOST_PORT_RE = /(?<![\w./@:-])([A-Za-z][A-Za-z0-9.-]*|\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})\b/g;
const HOST_FLAG_RE = /(?:^|\s)(?:-h|-H|--host|--hostname|--server|--address|--addr)(?:\s+|=)['"]?([A-Za-z0-9][A-Za-z0-9.-]*)/g;
const PORT_FLAG_RE = /(?:^|\s)(?:-p|--port)(?:\s+|=)(\d{1,5})\b/;
const HOST_ENV_RE = /(HOST|ADDR|ADDRESS|SERVER|ENDPOINT)$/i;
const WORD_RE = /[A-Za-z0-9][A-Za-z0-9.-]*[A-Za-z0-9]|[A-Za-z0-9]/g;
const LISTEN_BEFORE_RE = /(?:bind|listen|--bind|-b)\s*=?\s*$/i;
/** socat's address types (`TCP-LISTEN:5432`, `UDP4:host:53`, `UNIX-CONNECT:/x`), written like host:port. */
const SOCAT_ADDRESS = /^(?:tcp|udp|sctp|dccp|unix|ip|ssl|openssl|socks4a?|proxy|exec|system|pipe|pty|gopen|open|create|file|fd|stdio)[46]?(?:-[a-z]+)*$/i;

export function inferConnections(pods: Pod[], ignored: IgnoredObject[], source: string, lines: LineCounter, options: Options): Connection[] {
  const f = features(options.version);
  const names = new Map<string, NameTarget>();
  const add = (name: string | undefined, t: NameTarget) => {
    if (name && !names.has(name)) names.set(name, t);
  };
  for (const pod of pods) {
    if (pod.hostNetwork) continue; // a host-network pod has no name on any network
    add(pod.name, { pod });
  }
  for (const pod of pods) {
    if (pod.hostNetwork) continue;
    add(pod.hostname, { pod, since: f.hostnameAlias ? undefined : shortVersion(CHANGES.hostnameAlias.since) });
    // Only the infra container joins the network: `<pod>-<container>` is never a name on it.
    for (const c of pod.containers) if (!c.init) add(c.name, { pod, container: c, since: f.containerNameAlias ? undefined : shortVersion(CHANGES.containerNameAlias.since) });
  }
  const wordNames = new Set<string>();
  for (const pod of pods) {
    if (pod.hostNetwork) continue;
    wordNames.add(pod.name);
    if (pod.hostname) wordNames.add(pod.hostname);
    for (const c of pod.containers) wordNames.add(c.podmanName);
  }

  const idx = index(pods, ignored);
  const out: Connection[] = [];
  for (const pod of pods) {
    for (const c of pod.containers) {
      const seen = new Set<string>();
      for (const m of mentions(c, source, wordNames)) {
        // Two variables naming one host are two connections (MYSQL_HOST and REDIS_HOST both 127.0.0.1).
        const key = `${m.envName ?? ''}\u0000${m.host}:${m.port ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const range = m.offset !== undefined ? offsetRange(lines, m.offset, m.offset + m.host.length) : offsetRange(lines, m.start, m.end);
        const base = { from: { pod: pod.name, container: c.name }, host: m.host, envName: m.envName, port: m.port, range };
        const resolved = LOCAL.has(m.host) ? resolveLocal(idx, pod, c, m) : resolveName(idx, pod, m, names, options);
        if (resolved) out.push({ ...base, ...resolved });
      }
    }
  }
  return out;
}

type Resolution = Pick<Connection, 'via' | 'to' | 'status' | 'message' | 'suggestion'>;

function resolveLocal(idx: Index, pod: Pod, self: Container, m: Mention): Resolution {
  const hostPart = m.port ? `${m.host}:${m.port}` : m.host;
  if (pod.hostNetwork) {
    const target = m.port ? idx.publishers.get(m.port) : undefined;
    return target ? { via: 'localhost', to: target, status: 'ok' } : { via: 'localhost', status: 'unresolved', message: `${hostPart} in host-network pod ${pod.name} reaches the host itself; nothing in this file is known to listen there.` };
  }
  const info = idx.pods.get(pod)!;
  if (m.port !== undefined) {
    const here = info.byPort.get(m.port);
    if (here) return { via: 'localhost', to: { pod: pod.name, container: here.name }, status: 'ok' };
    // Podman runs init containers to completion before the others start (a sidecar there hangs the play).
    const init = info.initByPort.get(m.port);
    if (init && init !== self && !self.init) {
      return {
        via: 'localhost',
        to: { pod: pod.name, container: init.name },
        status: 'impossible',
        message: `Port ${m.port} is declared by init container ${init.name}, which podman runs to completion before ${self.name} starts: nothing listens on ${hostPart} then. Make ${init.name} a regular container to serve it.`,
      };
    }
    const elsewhere = firstOther(idx.servers.get(m.port), pod);
    if (elsewhere) {
      return {
        via: 'localhost',
        status: 'impossible',
        message: `${hostPart} stays inside pod ${pod.name}, but port ${m.port} is served in pod ${elsewhere.pod.name} (container ${elsewhere.container.name}): use the host name ${elsewhere.pod.name} instead.`,
        suggestion: elsewhere.pod.name,
      };
    }
    return { via: 'localhost', status: 'unresolved', message: `No container of pod ${pod.name} declares port ${m.port}, which ${hostPart} points at.` };
  }
  const selfRuns = !self.init;
  const others = info.running.length - (selfRuns ? 1 : 0);
  if (others === 1) {
    const other = info.running.find((c) => c !== self)!;
    return { via: 'localhost', to: { pod: pod.name, container: other.name }, status: 'ok' };
  }
  if (others > 1) {
    const withPorts = info.runningWithPorts.length - (selfRuns && self.ports.length ? 1 : 0);
    const only = withPorts === 1 ? info.runningWithPorts.find((c) => c !== self) : undefined;
    return { via: 'localhost', to: only ? { pod: pod.name, container: only.name } : { pod: pod.name }, status: 'ok' };
  }
  const elsewhere = idx.withPorts.find((p) => !sameTemplate(p, pod));
  if (elsewhere) {
    return {
      via: 'localhost',
      status: 'impossible',
      message: `${m.host} stays inside pod ${pod.name}, which has no other container; to reach pod ${elsewhere.name}, use its name ${elsewhere.name}.`,
      suggestion: elsewhere.name,
    };
  }
  return { via: 'localhost', to: { pod: pod.name, container: self.name }, status: 'ok' };
}

function resolveName(idx: Index, pod: Pod, m: Mention, names: Map<string, NameTarget>, options: Options): Resolution | undefined {
  const t = names.get(m.host);
  const podman = t ? undefined : idx.byPodmanName.get(m.host);
  if (podman) {
    const { pod: byPodmanName, container: c } = podman;
    const use = features(options.version).containerNameAlias && !c.init ? c.name : byPodmanName.name;
    return {
      via: 'dns',
      to: { pod: byPodmanName.name, container: c.name },
      status: 'impossible',
      message: `"${m.host}" is podman's name for container ${c.name} (for \`podman logs\` and \`exec\`), not a name on the network: only the pod's infra container joins it. Use ${byPodmanName === pod ? 'localhost' : use}.`,
      suggestion: byPodmanName === pod ? 'localhost' : use,
    };
  }
  if (!t) {
    // Names with a dot, IPs and mere words are outside the file's world: no opinion on them.
    if (!m.hostPosition || m.host.includes('.') || /^\d+$/.test(m.host)) return undefined;
    const service = idx.ignored.get(m.host);
    const what = service ? `"${m.host}" names a ${service.kind}, which podman ignores, so the name does not resolve` : `"${m.host}" is not a pod, hostname or container in ${options.where}`;
    const here = m.port !== undefined ? idx.pods.get(pod)!.byPort.get(m.port) : undefined;
    if (here) return { via: 'dns', status: 'unresolved', message: `${what}: use localhost, where ${here.name} serves port ${m.port} in this pod.`, suggestion: 'localhost' };
    const suggestion = suggestPod(idx, pod, m.port);
    return { via: 'dns', status: 'unresolved', message: suggestion ? `${what}: use the pod name ${suggestion}.` : `${what}.`, suggestion };
  }
  const to = { pod: t.pod.name, container: (t.container ?? servingContainer(idx, t.pod, m.port))?.name };
  if (t.since) {
    return { via: 'dns', to, status: 'impossible', message: `"${m.host}" resolves only from podman ${t.since} on; with podman ${options.version} use the pod name ${t.pod.name}.`, suggestion: t.pod.name };
  }
  if (t.pod !== pod && !options.dns) {
    return { via: 'dns', to, status: 'impossible', message: `"${m.host}" does not resolve: the chosen network has DNS off (the plain \`podman\` network). Play on a network with DNS, e.g. \`podman network create NAME\`.` };
  }
  if (t.pod !== pod && pod.hostNetwork) {
    return { via: 'dns', to, status: 'impossible', message: `Pod ${pod.name} uses the host network, where pod names do not resolve: publish the port with hostPort and use localhost.` };
  }
  return { via: 'dns', to, status: 'ok' };
}

/** The container of a pod a connection to the pod's name reaches: by port, else the only one. */
function servingContainer(idx: Index, pod: Pod, port: number | undefined): Container | undefined {
  const info = idx.pods.get(pod)!;
  return (port !== undefined ? info.byPort.get(port) : undefined) ?? (info.running.length === 1 ? info.running[0] : undefined);
}

function suggestPod(idx: Index, from: Pod, port: number | undefined): string | undefined {
  if (port !== undefined) {
    const serving = firstOther(idx.servers.get(port), from, true);
    if (serving) return serving.pod.name;
  }
  // The one other pod with ports, if there is exactly one (`withPorts` holds `from`'s template at most once).
  const others = idx.withPorts.length - (idx.hasPorts.has(template(from)) ? 1 : 0);
  return others === 1 ? idx.withPorts.find((p) => !sameTemplate(p, from))!.name : undefined;
}

/** Host names a container's command, args and env values mention. */
function mentions(c: Container, source: string, wordNames: Set<string>): Mention[] {
  const out: Mention[] = [];
  if (c.texts.length === 0) return out;
  // Flags like `-p 6379` may sit in another args item than `-h server`: read the argv as one line.
  let argv = '';
  for (const t of c.texts) if (t.field !== 'env') argv += t.text + ' ';
  const defaultPort = numberOr(PORT_FLAG_RE.exec(argv)?.[1]);
  const taken = new Set<number>();
  for (let i = 0; i < c.texts.length; i++) {
    const t = c.texts[i];
    const s = t.text;
    taken.clear();
    const push = (host: string, index: number, port: number | undefined, hostPosition: boolean) => {
      taken.add(index);
      if (LOCAL.has(host)) {
        // `--bind 127.0.0.1` is where a server listens, not a connection; the flag may be the previous item.
        const previous = i > 0 && c.texts[i - 1].field === t.field ? c.texts[i - 1].text + ' ' : '';
        if (LISTEN_BEFORE_RE.test((previous + s.slice(Math.max(0, index - 16), index)).slice(-16))) return;
      }
      out.push({ host, port, hostPosition, offset: locate(source, t.start, t.end, host), start: t.start, end: t.end, envName: t.envName });
    };
    // Words inside a URL (its path, user, query) are not host names.
    let urlStart = -1;
    let urlEnd = -1;
    let m: RegExpExecArray | null;
    if (s.includes('://')) {
      URL_RE.lastIndex = 0;
      while ((m = URL_RE.exec(s))) {
        if (urlStart < 0) urlStart = m.index;
        urlEnd = m.index + m[0].length;
        push(m[1], m.index + m[0].indexOf(m[1]), numberOr(m[2]), true);
      }
    }
    if (s.includes(':')) {
      HOST_PORT_RE.lastIndex = 0;
      while ((m = HOST_PORT_RE.exec(s))) {
        const index = m.index + m[0].indexOf(m[1]);
        if (SOCAT_ADDRESS.test(m[1])) continue; // `tcp-listen:5432,fork` is a socat address type, not a host
        if (!taken.has(index)) push(m[1], index, numberOr(m[2]), true);
      }
    }
    if (s.includes('-')) {
      HOST_FLAG_RE.lastIndex = 0;
      while ((m = HOST_FLAG_RE.exec(s))) {
        const index = m.index + m[0].lastIndexOf(m[1]);
        if (!taken.has(index)) push(m[1], index, defaultPort, true);
      }
    }
    if (t.field === 'env' && t.envName && HOST_ENV_RE.test(t.envName)) {
      const v = s.trim();
      const index = s.indexOf(v);
      if (v && /^[A-Za-z0-9.-]+$/.test(v) && !taken.has(index)) push(v, index, undefined, true);
    }
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(s))) {
      const w = m[0];
      if (taken.has(m.index) || (m.index >= urlStart && m.index < urlEnd)) continue;
      if (w === 'localhost' || w === '127.0.0.1' || wordNames.has(w)) push(w, m.index, defaultPort, false);
    }
  }
  return out;
}

function numberOr(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  return n >= 1 && n <= 65535 ? n : undefined;
}

/** Offset of `host` inside a scalar's source span (block scalars and quotes included). */
function locate(source: string, start: number, end: number, host: string): number | undefined {
  // Within the scalar only: a search on to the end of the file, for each mention, was quadratic.
  const i = source.slice(start, end).indexOf(host);
  return i >= 0 ? start + i : undefined;
}

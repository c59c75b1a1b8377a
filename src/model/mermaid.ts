// Manifest -> Mermaid flowchart, in the style of the podman documentation's diagrams: Host box
// holding the network box holding pod boxes holding containers; pods light blue with a blue
// stroke, networks dashed. Every id is generated and every label escaped, so no name from the
// manifest can add Mermaid syntax, HTML or links.
import { publishedPorts, publishesAll } from './ports';
import { DEFAULT_KUBE_NETWORK, networkHasDns, networkMode } from './network';
import { LIVE_STYLES, liveBox, stuck, type LiveBox, type LiveInput } from './liveOverlay';
import { comment, label } from './mermaidText';
import { predictPlay } from './prediction';
import type { Connection, Manifest, Pod, Range } from './types';

export interface DiagramOptions {
  /** Network the file is played on (`--net`); podman's default for kube play when absent. */
  network?: string;
  /** Whether that network resolves names; the plain `podman` network does not. */
  dns?: boolean;
  /** podman has no such network yet: the box says so (a play would fail until it is created). */
  missing?: boolean;
  /** 'full' draws every pod; 'focus' one pod and the pods it talks with; 'auto' picks by size. */
  detail?: 'auto' | 'full' | 'focus';
  /** The pod to centre a focused diagram on (default: the first). */
  focus?: string;
  /** What runs in podman now: each box then says its state (the preview's Live mode). */
  live?: LiveInput;
  /** A project's diagram: the file and line of a place, so each pod is marked with its file. */
  place?: (range: Range) => { file: string; line: number };
}

export interface Diagram {
  text: string;
  detail: 'full' | 'focus';
  /** Big enough to be focused unless the user asks for all of it (AUTO_CONTAINER_LIMIT). */
  large: boolean;
  /** The pod a focused diagram is centred on. */
  focus?: string;
  /** How many pods are drawn. */
  drawn: number;
  /** Mermaid id -> where its pod or container is defined, for click-to-reveal. */
  targets: Record<string, Range>;
  /** Mermaid id -> the name podman gives that pod or container (for its logs). */
  names: Record<string, string>;
  /** The live states drawn, when live: which legend entries to show. */
  liveStates?: LiveBox[];
}

/**
 * Above this many containers 'auto' draws the focused pod and its neighbours: Mermaid spends
 * ~10 ms measuring each box, so a whole large file takes seconds to lay out (see README).
 */
export const AUTO_CONTAINER_LIMIT = 60;
/** Neighbours drawn around a focused pod. */
export const FOCUS_NEIGHBOURS = 12;

export function toMermaid(manifest: Manifest, options: DiagramOptions = {}): Diagram {
  const network = options.network || DEFAULT_KUBE_NETWORK;
  const dns = options.dns ?? networkHasDns(network);
  const containerCount = manifest.pods.reduce((n, p) => n + p.containers.length, 0);
  const detail = options.detail === 'focus' || (options.detail !== 'full' && containerCount > AUTO_CONTAINER_LIMIT) ? 'focus' : 'full';
  let m = manifest;
  let focus: string | undefined;
  if (detail === 'focus' && m.pods.length) {
    focus = m.pods.some((p) => p.name === options.focus) ? options.focus! : m.pods[0].name;
    m = neighbourhood(m, focus);
  }
  const out: string[] = ['flowchart TB'];
  const targets: Record<string, Range> = {};
  const names: Record<string, string> = {};
  const podId = new Map<Pod, string>();
  const containerId = new Map<string, string>();
  m.pods.forEach((pod, i) => {
    podId.set(pod, `pod${i}`);
    targets[`pod${i}`] = pod.nameRange;
    names[`pod${i}`] = pod.name;
    pod.containers.forEach((c, j) => {
      const id = `pod${i}c${j}`;
      if (!containerId.has(key(pod.name, c.name))) containerId.set(key(pod.name, c.name), id);
      targets[id] = c.nameRange;
      names[id] = c.podmanName;
    });
  });

  // A play that stops: what podman never makes is drawn so, with the line that stops it (the
  // design only: live boxes say what exists).
  const { cause, left } = options.live ? {} : predictPlay(manifest);
  const made = cause?.stops === 'fails' && left ? new Map(left.map((p) => [p.name, new Set(p.containers)])) : undefined;
  const at = (r: Range) => {
    const p = options.place?.(r);
    return p ? `${p.file} line ${p.line + 1}` : `line ${r.start.line + 1}`;
  };
  const stops = cause ? ` (the play stops at ${at(cause.range)})` : '';
  // Live: each box's state, by Mermaid id; the classes and legend come from these.
  const liveBoxes = new Map<string, LiveBox>();
  const podLines = (pod: Pod, indent: string): string[] => {
    const id = podId.get(pod)!;
    const running = options.live?.pods[pod.name];
    const podMade = made?.get(pod.name);
    const podState = options.live ? (running ? `: ${running.status.toLowerCase()}` : ': not created') : made && !podMade ? `: ✗ not created${stops}` : '';
    const file = options.place ? `, ${options.place(pod.range).file}` : '';
    const title = `Pod ${pod.name}${pod.kind !== 'Pod' ? ` (${pod.kind} ${pod.objectName}${file})` : file ? ` (${file.slice(2)})` : ''}${podState}`;
    const lines = [`${indent}subgraph ${id}["${label(title)}"]`, `${indent}  direction TB`];
    pod.containers.forEach((c, j) => {
      const live = options.live && liveBox(pod, c, running);
      // Podman runs init containers once and removes them; a native sidecar never ends, so podman waits forever.
      const notMade = podMade && !podMade.has(c.podmanName) && !c.init ? `✗ not created${stops}\n` : '';
      const role = notMade || (c.sidecar ? '✗ init, never ends: podman waits for it\n' : c.init ? 'init, runs once: ' : stuck(pod) && !live ? 'never started: ' : '');
      const source = c.imageSource;
      const built = source?.buildFile && source.how === 'build' ? `\nbuilt from ${source.buildFile}` : source?.buildFile && source.how === 'build-unless-local' ? `\nbuilt from ${source.buildFile} if missing` : '';
      const text = `${live ? `${live.text}\n` : ''}${role}${c.name}${c.image ? `\n${c.image}` : ''}${built}`;
      if (live) liveBoxes.set(`${id}c${j}`, live.box);
      lines.push(`${indent}  ${id}c${j}["${label(text)}"]`);
    });
    if (pod.containers.length === 0) lines.push(`${indent}  ${id}empty["${label('no containers')}"]`);
    lines.push(`${indent}end`);
    return lines;
  };

  const all = publishesAll(m.podmanVersion, m.publishAll);
  const published = m.pods.flatMap((pod) => publishedPorts(pod, all).map(({ container: c, port: p, hostPort }) => ({ pod, c, p, hostPort })));
  out.push(`  subgraph host["${label('Host')}"]`);
  if (published.length) out.push(`    browser["${label('Web browser')}"]`);
  const onNetwork = m.pods.filter((p) => !p.hostNetwork);
  if (onNetwork.length) {
    const mode = networkMode(network);
    const note = options.missing ? ' (does not exist: create it before playing)' : dns ? '' : ' (DNS off: pod names do not resolve)';
    out.push(`    subgraph net["${label(`${mode ? `Network mode ${network}` : `Network ${network}`}${note}`)}"]`);
    for (const pod of onNetwork) out.push(...podLines(pod, '      '));
    out.push('    end');
  }
  for (const pod of m.pods.filter((p) => p.hostNetwork)) out.push(...podLines(pod, '    '));
  out.push('  end');

  // Edges, with a linkStyle per kind: published ports solid, localhost and DNS dotted in two
  // colours, impossible connections red.
  const styles: Record<'port' | 'localhost' | 'dns' | 'impossible', number[]> = { port: [], localhost: [], dns: [], impossible: [] };
  let edge = 0;
  const seenEdges = new Set<string>();
  for (const { pod, c, p, hostPort } of published) {
    const to = containerId.get(key(pod.name, c.name))!;
    const edgeKey = `browser>${to}>${hostPort}`;
    if (seenEdges.has(edgeKey)) continue;
    seenEdges.add(edgeKey);
    out.push(`  browser -->|"${label(`${hostPort} → ${p.containerPort}${p.protocol !== 'TCP' ? `/${p.protocol}` : ''}`)}"| ${to}`);
    styles.port.push(edge++);
  }
  for (const conn of m.connections) {
    const from = containerId.get(key(conn.from.pod, conn.from.container));
    if (!from) continue;
    const text = `${conn.envName ? `${conn.envName}: ` : ''}${conn.port ? `${conn.host}:${conn.port}` : conn.host}`;
    if (conn.status === 'impossible') {
      const target = impossibleTarget(m, conn, containerId, podId);
      if (!target || target === from) continue;
      out.push(`  ${from} -. "${label(`✗ ${text}`)}" .-x ${target}`);
      styles.impossible.push(edge++);
      continue;
    }
    if (conn.status !== 'ok' || !conn.to || (conn.to.pod === conn.from.pod && !conn.to.container)) continue;
    const to = targetId(m, conn.to, containerId, podId);
    if (!to || to === from) continue;
    const edgeKey = `${from}>${to}>${text}`;
    if (seenEdges.has(edgeKey)) continue;
    seenEdges.add(edgeKey);
    out.push(`  ${from} -.->|"${label(text)}"| ${to}`);
    styles[conn.via === 'dns' ? 'dns' : 'localhost'].push(edge++);
  }

  out.push('  classDef classPod fill:lightblue,stroke:blue,color:#000');
  const stuckIds = options.live ? [] : m.pods.flatMap((pod) => pod.containers.map((c, j) => (c.sidecar ? `${podId.get(pod)}c${j}` : '')).filter(Boolean));
  if (stuckIds.length) out.push('  classDef classStuck fill:#fdecea,stroke:#d32f2f,color:#000,stroke-dasharray: 4 4', `  class ${stuckIds.join(',')} classStuck`);
  const liveStates = [...new Set(liveBoxes.values())];
  for (const state of liveStates) {
    const ids = [...liveBoxes].filter(([, b]) => b === state).map(([id]) => id);
    out.push(`  classDef live_${state} ${LIVE_STYLES[state].style}`, `  class ${ids.join(',')} live_${state}`);
  }
  if (m.pods.length) out.push(`  class ${[...podId.values()].join(',')} classPod`);
  out.push('  classDef classNetwork stroke:black,stroke-dasharray: 5 5');
  if (onNetwork.length) out.push('  class net classNetwork');
  if ((!dns || options.missing) && onNetwork.length) out.push('  classDef classNoDns stroke:#c00,stroke-dasharray: 5 5', '  class net classNoDns');
  const linkStyle: Record<keyof typeof styles, string> = {
    port: 'stroke:#555,stroke-width:2px',
    localhost: 'stroke:#2e7d32,stroke-width:2px',
    dns: 'stroke:#1565c0,stroke-width:2px',
    impossible: 'stroke:#d32f2f,stroke-width:2px,color:#d32f2f',
  };
  for (const [kind, edges] of Object.entries(styles) as [keyof typeof styles, number[]][]) {
    if (edges.length) out.push(`  linkStyle ${edges.join(',')} ${linkStyle[kind]}`);
  }
  for (const o of m.ignored) out.push(`  %% ignored by podman: ${comment(`${o.kind} ${o.name ?? ''}`)}`);
  return { text: out.join('\n') + '\n', detail, large: containerCount > AUTO_CONTAINER_LIMIT, focus, drawn: m.pods.length, targets, names, liveStates: options.live ? liveStates : undefined };
}

/** The manifest cut down to one pod and the pods it connects with, either way. */
function neighbourhood(m: Manifest, focus: string): Manifest {
  const keep = new Set([focus]);
  for (const c of m.connections) {
    if (keep.size > FOCUS_NEIGHBOURS) break;
    if (c.from.pod === focus && c.to) keep.add(c.to.pod);
    if (c.to?.pod === focus) keep.add(c.from.pod);
  }
  return {
    ...m,
    pods: m.pods.filter((p) => keep.has(p.name)),
    connections: m.connections.filter((c) => keep.has(c.from.pod) && (!c.to || keep.has(c.to.pod))),
  };
}

/** Map key of a container: pod and container names may contain anything but NUL. */
function key(pod: string, container: string): string {
  return `${pod}\u0000${container}`;
}

/** The diagram id of a connection's target: its container's box, else its pod's. */
function targetId(m: Manifest, to: NonNullable<Connection['to']>, containerId: Map<string, string>, podId: Map<Pod, string>): string | undefined {
  if (to.container) return containerId.get(key(to.pod, to.container));
  const pod = m.pods.find((p) => p.name === to.pod);
  return pod && podId.get(pod);
}

/** Where an impossible connection was meant to go: its target, or the pod serving its port. */
function impossibleTarget(m: Manifest, conn: Connection, containerId: Map<string, string>, podId: Map<Pod, string>): string | undefined {
  if (conn.to) return targetId(m, conn.to, containerId, podId);
  for (const pod of m.pods) {
    if (pod.name === conn.from.pod) continue;
    for (const c of pod.containers) {
      if (conn.port === undefined ? c.ports.length > 0 : c.ports.some((p) => p.containerPort === conn.port)) return containerId.get(key(pod.name, c.name));
    }
  }
  return undefined;
}

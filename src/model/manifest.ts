// Text of a play.yml -> the pods, containers and objects podman will create, with problems.
import { Composer, isMap, LineCounter, Parser, type Document, type Node, type YAMLError, type YAMLMap } from 'yaml';
import { inferConnections } from './connections';
import type { Container, EnvVar, SourceText, Manifest, ModelOptions, Pod, Port, Problem, Range, Resource, Volume, VolumeMount, IgnoredObject } from './types';
import { atLeast, describeVersion, features, KIND_SINCE, NEWEST } from './version';
import { YamlReader } from './yamlReader';

const POD_KINDS = new Set(['Pod', 'Deployment', 'DaemonSet', 'Job']);
const RESOURCE_KINDS = new Set(['PersistentVolumeClaim', 'ConfigMap', 'Secret']);

/** Friendlier words for the YAML errors people meet most. */
const YAML_HINTS: Record<string, string> = {
  TAB_AS_INDENT: 'Tabs are not allowed for indentation in YAML: indent with spaces.',
  DUPLICATE_KEY: 'This key appears twice in the same mapping: YAML keeps only one, so remove or rename the other.',
  MISSING_CHAR: 'A closing character is missing (an unclosed quote or bracket?).',
  BAD_INDENT: 'The indentation here does not line up with the lines around it.',
  MULTILINE_IMPLICIT_KEY: 'A key cannot span several lines: is a colon or an indent missing?',
  ALIAS_PROPS: 'An alias cannot have an anchor or tag.',
  BAD_ALIAS: 'This alias does not refer to an anchor defined earlier.',
};

export function parseManifest(text: string, options: ModelOptions = {}): Manifest {
  const version = options.podmanVersion ?? NEWEST;
  const problems: Problem[] = [];
  const pods: Pod[] = [];
  const resources: Resource[] = [];
  const ignored: IgnoredObject[] = [];
  let kubeDocuments = 0;

  const lines = new LineCounter();
  // Documents are composed and read one at a time, so each one's syntax tree can be collected
  // before the next is built: a huge file never holds all its trees at once.
  const composer = new Composer({ prettyErrors: false });
  let index = -1;
  try {
    for (const doc of composer.compose(new Parser(lines.addNewLine).parse(text))) {
      index++;
      readDocument(doc as Document.Parsed, index);
    }
  } catch (e) {
    // `yaml` does not throw on bad input, but the model must never throw whatever happens.
    problems.push({ severity: 'error', code: 'yaml', message: `The YAML could not be read: ${String(e)}`, range: zeroRange() });
  }

  function readDocument(doc: Document.Parsed, index: number): void {
    const r = new YamlReader(doc, lines, problems);
    for (const e of doc.errors) problems.push(yamlProblem(r, e, 'error'));
    const root = doc.contents as Node | null;
    if (root == null) return;
    const rootRange = r.range(root);
    if (!isMap(root)) {
      r.report('warning', 'not-kube', 'This YAML document is not a kube object: podman expects a mapping with `apiVersion` and `kind`.', firstLine(rootRange));
      return;
    }
    const kind = r.string(r.get(root, 'kind'), 'kind', rootRange);
    const apiVersion = r.string(r.get(root, 'apiVersion'), 'apiVersion', rootRange);
    if (kind === undefined && apiVersion === undefined) {
      r.report('warning', 'not-kube', 'This YAML document has no `apiVersion` and `kind`: it is not a kube object, and podman cannot play it.', firstLine(rootRange));
      return;
    }
    kubeDocuments++;
    if (kind === undefined) {
      r.report('error', 'missing-kind', '`kind` is missing: podman cannot tell what to create from this document.', r.keyRange(root, 'apiVersion', rootRange));
      return;
    }
    if (apiVersion === undefined) {
      r.report('warning', 'missing-apiVersion', `\`apiVersion\` is missing (\`v1\` for a Pod, \`apps/v1\` for a Deployment).`, r.keyRange(root, 'kind', rootRange));
    }
    const kindRange = r.range(r.get(root, 'kind'), rootRange);
    const metadata = r.map(r.get(root, 'metadata'), 'metadata', rootRange);
    const nameNode = metadata ? r.get(metadata, 'name') : null;
    const name = r.string(nameNode, 'metadata.name', rootRange);
    const nameRange = nameNode ? r.range(nameNode) : metadata ? r.keyRange(root, 'metadata', rootRange) : kindRange;

    const since = KIND_SINCE[kind];
    if (!since) {
      const reason = `podman kube play skips ${kind} objects without a word: nothing is created for it.`;
      ignored.push({ kind, name, reason, document: index, range: rootRange });
      r.report('warning', 'ignored-kind', reason, kindRange);
      return;
    }
    if (!atLeast(version, since[0], since[1])) {
      const reason = `${kind} needs podman ${since[0]}.${since[1]} or newer; ${describeVersion(version)} skips it.`;
      ignored.push({ kind, name, reason, document: index, range: rootRange });
      r.report('warning', 'kind-needs-newer-podman', reason, kindRange);
      return;
    }
    if (name === undefined || name === '') {
      r.report('error', 'missing-name', `\`metadata.name\` is missing: podman needs it to name the ${kind === 'Pod' ? 'pod' : kind}.`, nameRange);
      return;
    }
    if (RESOURCE_KINDS.has(kind)) {
      resources.push({ kind: kind as Resource['kind'], name, document: index, range: rootRange });
      return;
    }
    if (POD_KINDS.has(kind)) {
      pods.push(...readPodObject(r, root, kind as Pod['kind'], name, nameRange, index, version));
    }
  }

  checkDuplicates(pods, problems);
  const connections = inferConnections(pods, ignored, text, lines, { version, dns: options.dns ?? true });
  for (const c of connections) {
    if (c.status === 'ok' || !c.message) continue;
    problems.push({
      severity: c.status === 'impossible' || c.via === 'dns' ? 'warning' : 'info',
      code: c.status === 'impossible' ? 'impossible-connection' : 'unresolved-host',
      message: c.message,
      range: c.range,
    });
  }
  return { podmanVersion: version, pods, resources, ignored, connections, problems, kubeDocuments };
}

/** One object of a pod-making kind -> the pods podman creates for it. */
function readPodObject(r: YamlReader, root: YAMLMap, kind: Pod['kind'], name: string, nameRange: Range, document: number, version: string): Pod[] {
  const rootRange = r.range(root);
  const spec = r.map(r.get(root, 'spec'), `spec`, rootRange);
  if (!spec) {
    r.report('error', 'missing-spec', `\`spec\` is missing: the ${kind} has no containers to run.`, nameRange);
    return [];
  }
  let podSpec: YAMLMap | undefined = spec;
  let specPath = 'spec';
  let names = [name];
  if (kind !== 'Pod') {
    specPath = 'spec.template.spec';
    const template = r.map(r.get(spec, 'template'), 'spec.template', rootRange);
    podSpec = template && r.map(r.get(template, 'spec'), specPath, rootRange);
    if (!podSpec) {
      r.report('error', 'missing-spec', `\`${specPath}\` is missing: the ${kind} has no pod template to run.`, r.keyRange(root, 'spec', nameRange));
      return [];
    }
    const replicas = kind === 'Deployment' ? r.integer(r.get(spec, 'replicas'), 'spec.replicas', rootRange) : undefined;
    names = features(version).singleDeploymentPod || kind !== 'Deployment'
      ? [`${name}-pod`]
      : Array.from({ length: Math.max(1, Math.min(replicas ?? 1, 100)) }, (_, i) => `${name}-pod-${i}`);
  }
  return names.map((podName) => readPodSpec(r, podSpec!, specPath, kind, podName, name, nameRange, document, rootRange));
}

function readPodSpec(r: YamlReader, spec: YAMLMap, path: string, kind: Pod['kind'], podName: string, objectName: string, nameRange: Range, document: number, range: Range): Pod {
  const specRange = r.range(spec, range);
  const pod: Pod = {
    name: podName,
    kind,
    objectName,
    hostNetwork: r.boolean(r.get(spec, 'hostNetwork'), `${path}.hostNetwork`, specRange) ?? false,
    hostname: r.string(r.get(spec, 'hostname'), `${path}.hostname`, specRange),
    containers: [],
    volumes: [],
    document,
    range,
    nameRange,
  };
  const containersNode = r.get(spec, 'containers');
  const containers = r.seq(containersNode, `${path}.containers`, specRange);
  if (!containersNode && !containers) {
    r.report('error', 'missing-containers', `\`${path}.containers\` is missing: a pod needs at least one container.`, nameRange);
  } else if (containers && containers.items.length === 0) {
    r.report('error', 'missing-containers', `\`${path}.containers\` is empty: a pod needs at least one container.`, r.range(containers, specRange));
  }
  const init = r.seq(r.get(spec, 'initContainers'), `${path}.initContainers`, specRange);
  for (const [list, isInit, listPath] of [[init, true, 'initContainers'], [containers, false, 'containers']] as const) {
    for (const node of r.items(list)) {
      const c = readContainer(r, node, `${path}.${listPath}[]`, pod, isInit, specRange);
      if (c) pod.containers.push(c);
    }
  }
  for (const node of r.items(r.seq(r.get(spec, 'volumes'), `${path}.volumes`, specRange))) {
    const v = readVolume(r, node, `${path}.volumes[]`, specRange);
    if (v) pod.volumes.push(v);
  }
  const volumeNames = new Set(pod.volumes.map((v) => v.name));
  for (const c of pod.containers) {
    for (const m of c.volumeMounts) {
      if (!volumeNames.has(m.name)) {
        r.report('error', 'unknown-volume', `Volume mount "${m.name}" names no volume of pod ${pod.name}: add it under \`${path}.volumes\`.`, m.range);
      }
    }
  }
  return pod;
}

function readContainer(r: YamlReader, node: Node, path: string, pod: Pod, init: boolean, fallback: Range): Container | undefined {
  const map = r.map(node, path, fallback);
  if (!map) return undefined;
  const range = r.range(map, fallback);
  const nameNode = r.get(map, 'name');
  const name = r.string(nameNode, `${path}.name`, range);
  if (!name) {
    r.report('error', 'missing-container-name', 'This container has no `name`: podman needs one to name it.', firstLine(range));
    return undefined;
  }
  const image = r.string(r.get(map, 'image'), `${path}.image`, range);
  if (!image) {
    r.report('error', 'missing-image', `Container "${name}" has no \`image\`: podman cannot create it.`, r.range(nameNode, range));
  }
  const texts: SourceText[] = [];
  const strings = (key: 'command' | 'args') => {
    const out: string[] = [];
    for (const n of r.items(r.seq(r.get(map, key), `${path}.${key}`, range))) {
      const text = r.string(n, `${path}.${key}[]`, range);
      if (text === undefined) continue;
      out.push(text);
      if (n.range) texts.push({ text, field: key, start: n.range[0], end: n.range[1] });
    }
    return out;
  };
  const command = strings('command');
  const args = strings('args');
  const env = readEnv(r, map, path, range, texts);
  return {
    name,
    podmanName: `${pod.name}-${name}`,
    image,
    init,
    command,
    args,
    env,
    ports: readPorts(r, map, path, range),
    volumeMounts: readMounts(r, map, path, range),
    texts,
    range,
    nameRange: r.range(nameNode, range),
  };
}

function readEnv(r: YamlReader, container: YAMLMap, path: string, fallback: Range, texts: SourceText[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const node of r.items(r.seq(r.get(container, 'env'), `${path}.env`, fallback))) {
    const m = r.map(node, `${path}.env[]`, fallback);
    if (!m) continue;
    const range = r.range(m, fallback);
    const name = r.string(r.get(m, 'name'), `${path}.env[].name`, range);
    if (!name) {
      r.report('error', 'missing-env-name', 'This environment variable has no `name`.', firstLine(range));
      continue;
    }
    const valueNode = r.get(m, 'value');
    const value = r.string(valueNode, `${path}.env[].value`, range);
    out.push({ name, value, range: valueNode ? r.range(valueNode) : range });
    if (value !== undefined && valueNode?.range) texts.push({ text: value, field: 'env', envName: name, start: valueNode.range[0], end: valueNode.range[1] });
  }
  return out;
}

function readPorts(r: YamlReader, container: YAMLMap, path: string, fallback: Range): Port[] {
  const out: Port[] = [];
  for (const node of r.items(r.seq(r.get(container, 'ports'), `${path}.ports`, fallback))) {
    const m = r.map(node, `${path}.ports[]`, fallback);
    if (!m) continue;
    const range = r.range(m, fallback);
    const containerPort = r.integer(r.get(m, 'containerPort'), `${path}.ports[].containerPort`, range);
    if (containerPort === undefined) {
      if (!r.pair(m, 'containerPort')) r.report('error', 'missing-container-port', 'This port has no `containerPort`.', firstLine(range));
      continue;
    }
    const hostPort = r.integer(r.get(m, 'hostPort'), `${path}.ports[].hostPort`, range);
    for (const [p, key] of [[containerPort, 'containerPort'], [hostPort, 'hostPort']] as const) {
      if (p !== undefined && (p < 1 || p > 65535)) {
        r.report('error', 'bad-port', `\`${key}\` ${p} is not a port number (1 to 65535).`, r.range(r.get(m, key), range));
      }
    }
    const protocol = (r.string(r.get(m, 'protocol'), `${path}.ports[].protocol`, range) ?? 'TCP').toUpperCase();
    out.push({ containerPort, hostPort, protocol, range });
  }
  return out;
}

function readMounts(r: YamlReader, container: YAMLMap, path: string, fallback: Range): VolumeMount[] {
  const out: VolumeMount[] = [];
  for (const node of r.items(r.seq(r.get(container, 'volumeMounts'), `${path}.volumeMounts`, fallback))) {
    const m = r.map(node, `${path}.volumeMounts[]`, fallback);
    if (!m) continue;
    const range = r.range(m, fallback);
    const name = r.string(r.get(m, 'name'), `${path}.volumeMounts[].name`, range);
    const mountPath = r.string(r.get(m, 'mountPath'), `${path}.volumeMounts[].mountPath`, range);
    if (!name || !mountPath) {
      r.report('error', 'incomplete-mount', 'A volume mount needs both `name` and `mountPath`.', firstLine(range));
      continue;
    }
    out.push({ name, mountPath, readOnly: r.boolean(r.get(m, 'readOnly'), `${path}.volumeMounts[].readOnly`, range) ?? false, range });
  }
  return out;
}

const VOLUME_SOURCES: [type: string, key: string][] = [
  ['hostPath', 'path'],
  ['persistentVolumeClaim', 'claimName'],
  ['configMap', 'name'],
  ['secret', 'secretName'],
  ['emptyDir', ''],
];

function readVolume(r: YamlReader, node: Node, path: string, fallback: Range): Volume | undefined {
  const m = r.map(node, path, fallback);
  if (!m) return undefined;
  const range = r.range(m, fallback);
  const name = r.string(r.get(m, 'name'), `${path}.name`, range);
  if (!name) {
    r.report('error', 'missing-volume-name', 'This volume has no `name`: mounts refer to volumes by name.', firstLine(range));
    return undefined;
  }
  for (const [type, key] of VOLUME_SOURCES) {
    if (!r.pair(m, type)) continue;
    const source = r.map(r.get(m, type), `${path}.${type}`, range);
    return { name, type, source: key && source ? r.string(r.get(source, key), `${path}.${type}.${key}`, range) : undefined, range };
  }
  return { name, type: 'unknown', range };
}

function checkDuplicates(pods: Pod[], problems: Problem[]): void {
  const seenPods = new Map<string, Pod>();
  for (const pod of pods) {
    const first = seenPods.get(pod.name);
    if (first) {
      problems.push({ severity: 'error', code: 'duplicate-pod', message: `Pod name "${pod.name}" is already used (line ${first.nameRange.start.line + 1}): podman stops with "pod already exists".`, range: pod.nameRange });
    } else {
      seenPods.set(pod.name, pod);
    }
    const seen = new Set<string>();
    for (const c of pod.containers) {
      if (seen.has(c.name)) {
        problems.push({ severity: 'error', code: 'duplicate-container', message: `Pod ${pod.name} already has a container named "${c.name}": container names must be unique in a pod.`, range: c.nameRange });
      }
      seen.add(c.name);
    }
  }
}

function yamlProblem(r: YamlReader, e: YAMLError, severity: 'error' | 'warning'): Problem {
  const [start, end] = e.pos;
  const detail = e.message.split('\n')[0];
  const hint = YAML_HINTS[e.code];
  return { severity, code: `yaml-${e.code.toLowerCase()}`, message: hint ? `YAML: ${hint}` : `YAML: ${detail}`, range: r.rangeOf(start, Math.max(end, start + 1)) };
}

function firstLine(range: Range): Range {
  return { start: range.start, end: range.start.line === range.end.line ? range.end : { line: range.start.line, character: range.start.character + 1 } };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

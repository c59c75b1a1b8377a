// Text of a play.yml -> the pods, containers and objects podman will create, with problems.
import { Composer, isMap, isScalar, isSeq, LineCounter, Parser, type Document, type Node, type Pair, type YAMLError, type YAMLMap } from 'yaml';
import { inferConnections } from './connections';
import { describeSupport, rootTable, TABLES, type Field } from './schema';
import type { Container, EnvVar, Fix, SourceText, Manifest, ModelOptions, Pod, Port, Problem, Range, Resource, Volume, VolumeMount, IgnoredObject } from './types';
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

  // The YAML parser's time grows with bracket depth: a file nested absurdly deep is read only up
  // to the document where that starts, and says so.
  const tooDeep = deepFlowOffset(text);
  if (tooDeep >= 0) {
    const line = countLines(text, tooDeep);
    const at = { line, character: tooDeep - text.lastIndexOf('\n', tooDeep - 1) - 1 };
    problems.push({
      severity: 'error',
      code: 'yaml-too-deep',
      message: `YAML: brackets nest over ${MAX_FLOW_DEPTH} levels deep here; no manifest needs that. The file is not read from this document on.`,
      range: { start: at, end: { line, character: at.character + 1 } },
    });
    const docStart = text.lastIndexOf('\n---', tooDeep);
    text = docStart < 0 ? '' : text.slice(0, docStart + 1);
  }
  const lines = new LineCounter();
  // Documents are composed and read one at a time, so each one's syntax tree can be collected
  // before the next is built: a huge file never holds all its trees at once.
  const composer = new Composer({ prettyErrors: false });
  let index = -1;
  try {
    const docs = composer.compose(new Parser(lines.addNewLine).parse(text));
    for (;;) {
      // Each YAML error is an Error: capturing a stack for each made a file of 100,000 errors
      // take seconds. Stacks are off only while `yaml` composes; our own code keeps them.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      let next: IteratorResult<unknown>;
      try {
        next = docs.next();
      } finally {
        Error.stackTraceLimit = limit;
      }
      if (next.done) break;
      index++;
      readDocument(next.value as Document.Parsed, index);
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
    checkFields(r, text, root, rootTable(kind), 0);
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
  checkNames(pods, problems);
  checkPorts(pods, problems);
  const connections = inferConnections(pods, ignored, text, lines, { version, dns: options.dns ?? true });
  for (const c of connections) {
    if (c.status === 'ok' || !c.message) continue;
    // Replace the host only where the range is exactly the host as written.
    const exact = c.range.start.line === c.range.end.line && c.range.end.character - c.range.start.character === c.host.length;
    problems.push({
      severity: c.status === 'impossible' || c.via === 'dns' ? 'warning' : 'info',
      code: c.status === 'impossible' ? 'impossible-connection' : 'unresolved-host',
      message: c.message,
      range: c.range,
      fixes: c.suggestion && exact ? [{ title: `Use ${c.suggestion} instead of ${c.host}`, edits: [{ range: c.range, newText: c.suggestion }] }] : undefined,
    });
  }
  return { podmanVersion: version, pods, resources, ignored, connections, problems: capped(problems), kubeDocuments };
}

/** More problems than this help nobody and cost the editor: the rest are counted, not listed. */
const MAX_PROBLEMS = 1000;

function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const at = problems[MAX_PROBLEMS - 1].range.start;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { severity: 'info', code: 'too-many-problems', message: `${problems.length - MAX_PROBLEMS} more problems after this one are not listed: mend the first ones.`, range: { start: at, end: at } },
  ];
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
    const replicasNode = r.get(spec, 'replicas');
    const replicas = kind === 'Deployment' ? r.integer(replicasNode, 'spec.replicas', rootRange) : undefined;
    if (replicas !== undefined && replicas > 1 && features(version).singleDeploymentPod) {
      r.report('info', 'replicas-ignored', `Podman runs one pod for a Deployment (${name}-pod): \`replicas: ${replicas}\` is ignored.`, r.range(replicasNode, rootRange));
    }
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
    const hostPortNode = r.get(m, 'hostPort');
    // `hostPort: N` goes on the line after containerPort, at its key's column (or inline in a flow map).
    const cpPair = r.pair(m, 'containerPort')!;
    const keyRange = r.range(cpPair.key as Node, range);
    const valueEnd = r.range(cpPair.value as Node, keyRange).end;
    out.push({
      containerPort,
      hostPort,
      protocol,
      range,
      hostPortRange: hostPortNode ? r.range(hostPortNode) : undefined,
      hostPortInsert: { position: valueEnd, prefix: m.flow ? ', ' : `\n${' '.repeat(keyRange.start.character)}` },
    });
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

/**
 * Fields podman ignores, reported where they stand. Walks only the fields the schema knows, so
 * the depth is bounded whatever the input; aliases are followed within the reader's budget.
 */
function checkFields(r: YamlReader, text: string, map: YAMLMap, table: Record<string, Field>, depth: number): void {
  for (const pair of map.items as Pair<Node, Node>[]) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    const field = table[key];
    if (!field) continue;
    const keyRange = r.range(pair.key);
    if (field.support !== 'yes') {
      const fix = removePair(r, text, pair);
      r.problems.push({
        severity: 'info',
        code: 'unsupported-field',
        message: `${describeSupport(field)} \`${key}\`: ${field.doc}`,
        range: keyRange,
        fixes: fix ? [fix] : undefined,
      });
      continue;
    }
    const child = field.type && TABLES[field.type.replace(/\[\]$/, '')];
    if (!child || depth > 8) continue;
    const value = r.resolve(pair.value);
    if (isMap(value)) checkFields(r, text, value, child, depth + 1);
    else if (isSeq(value)) for (const item of r.items(value)) if (isMap(item)) checkFields(r, text, item, child, depth + 1);
  }
}

/** Deletes a `key: value` pair's whole lines; none when another key shares its first line. */
function removePair(r: YamlReader, text: string, pair: Pair<Node, Node>): Fix | undefined {
  const start = pair.key.range![0];
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== '') return undefined;
  const valueEnd = (pair.value?.range ?? pair.key.range!)[1];
  const newline = text.indexOf('\n', Math.max(valueEnd - 1, start));
  const end = newline < 0 ? text.length : newline + 1;
  return { title: `Remove \`${String((pair.key as { value?: unknown }).value)}\` (podman ignores it)`, edits: [{ range: r.rangeOf(lineStart, end), newText: '' }] };
}

function checkDuplicates(pods: Pod[], problems: Problem[]): void {
  const seenPods = new Map<string, Pod>();
  const podNames = new Set(pods.map((p) => p.name));
  for (const pod of pods) {
    const first = seenPods.get(pod.name);
    if (first) {
      // A Deployment's pod is `<name>-pod`: rename the object so that its pod name is free.
      const suffix = pod.name.slice(pod.objectName.length);
      const free = unique(pod.objectName, (n) => !podNames.has(n + suffix));
      podNames.add(free + suffix);
      problems.push({
        severity: 'error',
        code: 'duplicate-pod',
        message: `Pod name "${pod.name}" is already used (line ${first.nameRange.start.line + 1}): podman stops with "pod already exists".`,
        range: pod.nameRange,
        fixes: [{ title: `Rename to ${free}`, edits: [{ range: pod.nameRange, newText: free }] }],
      });
    } else {
      seenPods.set(pod.name, pod);
    }
    const seen = new Set<string>();
    const names = new Set(pod.containers.map((c) => c.name));
    for (const c of pod.containers) {
      if (seen.has(c.name)) {
        const free = unique(c.name, (n) => !names.has(n));
        names.add(free);
        problems.push({
          severity: 'error',
          code: 'duplicate-container',
          message: `Pod ${pod.name} already has a container named "${c.name}": container names must be unique in a pod.`,
          range: c.nameRange,
          fixes: [{ title: `Rename to ${free}`, edits: [{ range: c.nameRange, newText: free }] }],
        });
      }
      seen.add(c.name);
    }
  }
}

/** `name-2`, `name-3`, ...: the first that is free. */
function unique(name: string, free: (n: string) => boolean): string {
  for (let i = 2; ; i++) if (free(`${name}-${i}`)) return `${name}-${i}`;
}

/** Podman's own rule for pod and container names; names outside it are refused. */
const PODMAN_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function checkNames(pods: Pod[], problems: Problem[]): void {
  const check = (name: string, what: string, range: Range) => {
    if (!PODMAN_NAME.test(name)) {
      problems.push({ severity: 'error', code: 'bad-name', message: `${what} "${name}" is refused by podman: names start with a letter or digit and hold only letters, digits, '_', '.' and '-'.`, range });
    } else if (!DNS_LABEL.test(name) || name.length > 63) {
      problems.push({
        severity: 'warning',
        code: 'not-dns-label',
        message: `${what} "${name}" is not a valid DNS label (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit): Kubernetes refuses it, and other containers may not reach it by this name.`,
        range,
      });
    }
  };
  const seenObjects = new Set<Range>();
  for (const pod of pods) {
    // A Deployment of several replicas (podman < 4.4) makes several pods from one name.
    if (!seenObjects.has(pod.nameRange)) check(pod.name, 'Pod name', pod.nameRange);
    seenObjects.add(pod.nameRange);
    for (const c of pod.containers) check(c.name, 'Container name', c.nameRange);
  }
}

/**
 * Containers of one pod share a network namespace: two cannot listen on one port. Ports
 * published on the host (hostPort, or any port of a host-network pod) must differ file-wide.
 */
function checkPorts(pods: Pod[], problems: Problem[]): void {
  const onHost = new Map<string, { pod: Pod; port: Port }>();
  for (const pod of pods) {
    const inPod = new Map<string, Container>();
    for (const c of pod.containers) {
      if (c.init) continue; // init containers have exited before the others start
      for (const port of c.ports) {
        const key = `${port.containerPort}/${port.protocol}`;
        const first = inPod.get(key);
        if (first) {
          problems.push({
            severity: 'warning',
            code: 'port-clash',
            message: first === c
              ? `Container ${c.name} declares port ${key} twice.`
              : `Containers ${first.name} and ${c.name} of pod ${pod.name} both declare port ${key}: they share one network namespace, so only one can listen on it.`,
            range: port.range,
          });
        } else {
          inPod.set(key, c);
        }
        const published = port.hostPort ?? (pod.hostNetwork ? port.containerPort : undefined);
        if (published === undefined) continue;
        const hostKey = `${published}/${port.protocol}`;
        const taken = onHost.get(hostKey);
        if (!taken) {
          onHost.set(hostKey, { pod, port });
          continue;
        }
        const free = freeHostPort(pods, published);
        problems.push({
          severity: 'error',
          code: 'host-port-clash',
          message: `Host port ${hostKey} is already published by pod ${taken.pod.name} (line ${taken.port.range.start.line + 1}): the second pod fails with "address already in use". Pick another hostPort.`,
          range: port.hostPortRange ?? port.range,
          fixes: port.hostPortRange ? [{ title: `Publish on host port ${free}`, edits: [{ range: port.hostPortRange, newText: String(free) }] }] : undefined,
        });
      }
    }
  }
}

/** The first host port from `from` up that no port of the file publishes. */
export function freeHostPort(pods: Pod[], from: number): number {
  const used = new Set<number>();
  for (const pod of pods) for (const c of pod.containers) for (const p of c.ports) if (p.hostPort !== undefined) used.add(p.hostPort);
  let n = from;
  while (used.has(n) && n < 65535) n++;
  return n;
}

function yamlProblem(r: YamlReader, e: YAMLError, severity: 'error' | 'warning'): Problem {
  const [start, end] = e.pos;
  const detail = e.message.split('\n')[0];
  const hint = YAML_HINTS[e.code];
  return { severity, code: `yaml-${e.code.toLowerCase()}`, message: hint ? `YAML: ${hint}` : `YAML: ${detail}`, range: r.rangeOf(start, Math.max(end, start + 1)) };
}

const MAX_FLOW_DEPTH = 500;

/** Offset of the first `[` or `{` nested deeper than MAX_FLOW_DEPTH (outside quotes and comments), or -1. */
function deepFlowOffset(text: string): number {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
      else if (c === 10 && quote === 35) quote = 0;
      continue;
    }
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 35 && (i === 0 || text.charCodeAt(i - 1) <= 32)) {
      quote = 35; // a comment, to the end of the line
      continue;
    } else if (c === 10 && depth > 0 && i + 1 < text.length && text.charCodeAt(i + 1) !== 32 && text.charCodeAt(i + 1) !== 9 && !'[]{},'.includes(text[i + 1])) {
      depth = 0; // a line at column 0 outside brackets: a new top-level entry
    }
  }
  return -1;
}

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function firstLine(range: Range): Range {
  return { start: range.start, end: range.start.line === range.end.line ? range.end : { line: range.start.line, character: range.start.character + 1 } };
}

function zeroRange(): Range {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

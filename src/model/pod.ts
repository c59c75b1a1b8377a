// One object of a pod-making kind (Pod, Deployment, DaemonSet, Job) -> the pods podman creates,
// with their containers, volumes and the ConfigMaps and Secrets they read.
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { CHANGES, RULES, VOLUME_SOURCES, type PodKind } from './behaviour';
import type { Container, EnvVar, Pod, Port, Range, Reference, SourceText, Volume, VolumeMount } from './types';
import { atLeast, capitalized, describeVersion, features, shortVersion } from './version';
import { checkInitContainer } from './initContainers';
import type { YamlReader } from './yamlReader';

export interface PodContext {
  version: string;
  /** `--network` given: it replaces `hostNetwork`. */
  network?: string;
  /** `--no-pod-prefix` given, on a podman that has it. */
  noPodPrefix?: boolean;
  /** Played by the remote client: hostPath paths are the service machine's. */
  remote?: boolean;
}

/** A container's name in podman: `<pod>-<container>`, or with --no-pod-prefix its own (init containers keep the prefix). */
function podmanName(pod: string, container: string, init: boolean, noPodPrefix: boolean | undefined): string {
  return noPodPrefix && !init ? container : `${pod}-${container}`;
}

export function readPodObject(r: YamlReader, root: YAMLMap, kind: PodKind, name: string, nameRange: Range, document: number, ctx: PodContext): Pod[] {
  const rootRange = r.range(root);
  const spec = r.map(r.get(root, 'spec'), `spec`, rootRange);
  if (!spec) {
    r.report('error', 'missing-spec', `\`spec\` is missing: the ${kind} has no containers to run.`, nameRange);
    return [];
  }
  const object: PodObject = { kind, name, nameRange, document, range: rootRange };
  if (kind === 'Pod') return [readPodSpec(r, spec, 'spec', name, object, ctx)];
  const specPath = 'spec.template.spec';
  const template = r.map(r.get(spec, 'template'), 'spec.template', rootRange);
  const podSpec = template && r.map(r.get(template, 'spec'), specPath, rootRange);
  if (!podSpec) {
    r.report('error', 'missing-spec', `\`${specPath}\` is missing: the ${kind} has no pod template to run.`, r.keyRange(root, 'spec', nameRange));
    return [];
  }
  let names = [`${name}-pod`];
  if (kind === 'Deployment') {
    const replicasNode = r.get(spec, 'replicas');
    const replicas = r.integer(replicasNode, 'spec.replicas', rootRange);
    const at = r.range(replicasNode, rootRange);
    if (features(ctx.version).singleDeploymentPod) {
      if (replicas !== undefined && replicas !== 1) r.report('info', 'replicas-ignored', `Podman runs one pod for a Deployment (${name}-pod): \`replicas: ${replicas}\` is ignored.`, at);
    } else {
      // Podman 4.3 makes one pod per replica, and none for `replicas: 0`.
      const count = Math.max(0, Math.min(replicas ?? 1, 100));
      names = Array.from({ length: count }, (_, i) => `${name}-pod-${i}`);
      if (count !== 1) r.report('info', 'replicas', count ? `${describeVersion(ctx.version)} runs one pod per replica: ${names.join(', ')}.` : `${describeVersion(ctx.version)} creates no pod for \`replicas: 0\`.`, at);
    }
  }
  // The template is read once, so its problems are reported once, whatever the replicas.
  const first = readPodSpec(r, podSpec, specPath, names[0] ?? `${name}-pod`, object, ctx);
  return names.map((podName) => (podName === first.name ? first : renamed(first, podName, ctx)));
}

function renamed(pod: Pod, name: string, ctx: PodContext): Pod {
  return { ...pod, name, containers: pod.containers.map((c) => ({ ...c, podmanName: podmanName(name, c.name, c.init, ctx.noPodPrefix) })) };
}

/** The kube object a pod comes from: a Pod, or the Deployment, Job... whose template it is. */
interface PodObject {
  kind: PodKind;
  name: string;
  nameRange: Range;
  document: number;
  /** The whole object. */
  range: Range;
}

function readPodSpec(r: YamlReader, spec: YAMLMap, path: string, podName: string, object: PodObject, ctx: PodContext): Pod {
  const { kind, name: objectName, nameRange, document, range } = object;
  const specRange = r.range(spec, range);
  const hostNetworkNode = r.get(spec, 'hostNetwork');
  const hostNetwork = r.boolean(hostNetworkNode, `${path}.hostNetwork`, specRange) ?? false;
  if (hostNetwork && ctx.network && ctx.network !== 'host') {
    r.report('info', 'host-network-replaced', `\`--network ${ctx.network}\` replaces \`hostNetwork\`: podman puts pod ${podName} on network ${ctx.network}.`, r.range(hostNetworkNode, specRange));
  }
  const pod: Pod = {
    name: podName,
    kind,
    objectName,
    // `--network host` puts every pod on the host's network; another --network replaces hostNetwork
    // (pkg/domain/infra/abi/play.go playKubePod: ParseNetworkFlag(options.Networks)).
    hostNetwork: ctx.network === 'host' || (hostNetwork && !ctx.network),
    hostname: r.string(r.get(spec, 'hostname'), `${path}.hostname`, specRange),
    hostnameRange: r.pair(spec, 'hostname') ? r.range(r.get(spec, 'hostname'), specRange) : undefined,
    containers: [],
    volumes: [],
    refs: [],
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
  const restartPolicy = r.string(r.get(spec, 'restartPolicy'), `${path}.restartPolicy`, specRange) ?? 'Always';
  if (init?.items.length && restartPolicy === 'Always' && !features(ctx.version).initOnce) {
    // Seen on 4.3.1: init containers restarted for ~20 s, then 1 to 4 plays in 5 failed at random.
    r.report(
      'warning',
      'init-restarts',
      `${capitalized(describeVersion(ctx.version))} restarts init containers under the pod's \`restartPolicy: Always\`${r.pair(spec, 'restartPolicy') ? '' : ' (the default)'}: they run again for a while, and the play may fail at random with "failed to remove once init container ... it is running" (fixed in ${shortVersion(CHANGES.initOnce.since)}). Set \`restartPolicy: OnFailure\` or \`Never\`.`,
      r.pair(spec, 'restartPolicy') ? r.range(r.get(spec, 'restartPolicy'), specRange) : r.keyRange(spec, 'initContainers', specRange),
    );
  }
  for (const [list, isInit, listPath] of [
    [init, true, 'initContainers'],
    [containers, false, 'containers'],
  ] as const) {
    for (const node of r.items(list)) {
      const c = readContainer(r, node, `${path}.${listPath}[]`, pod, isInit, specRange, containers, ctx.noPodPrefix);
      if (c) pod.containers.push(c);
    }
  }
  for (const node of r.items(r.seq(r.get(spec, 'volumes'), `${path}.volumes`, specRange))) {
    const v = readVolume(r, node, `${path}.volumes[]`, specRange, pod.refs, ctx);
    if (v) pod.volumes.push(v);
  }
  const volumeNames = new Set(pod.volumes.map((v) => v.name));
  for (const c of pod.containers) {
    for (const m of c.volumeMounts) {
      if (!volumeNames.has(m.name)) {
        r.report('error', 'unknown-volume', `Volume mount "${m.name}" names no volume of pod ${pod.name}: podman stops with "${RULES.undefinedVolume.error.replace('V', m.name)}". Add it under \`${path}.volumes\`.`, m.range, 'fails');
      }
    }
  }
  return pod;
}

function readContainer(r: YamlReader, node: Node, path: string, pod: Pod, init: boolean, fallback: Range, containers: YAMLSeq | undefined, noPodPrefix: boolean | undefined): Container | undefined {
  const map = r.map(node, path, fallback);
  if (!map) return undefined;
  const range = r.range(map, fallback);
  const nameNode = r.get(map, 'name');
  const name = r.string(nameNode, `${path}.name`, range) ?? '';
  if (!name) {
    // Podman has no check: the container is named `<pod>-`.
    r.report('warning', 'missing-container-name', `This container has no \`name\`: podman names it "${pod.name}-" (Kubernetes requires a name).`, firstLine(range));
  }
  const imageNode = r.get(map, 'image');
  const image = r.string(imageNode, `${path}.image`, range);
  if (!image) {
    r.report('error', 'missing-image', `Container "${name}" has no \`image\`: podman cannot create it.`, r.range(nameNode, range));
  }
  const sidecar = init && checkInitContainer(r, map, path, range, name, containers);
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
  const env = readEnv(r, map, path, range, texts, pod.refs);
  readEnvFrom(r, map, path, range, pod.refs);
  return {
    name,
    podmanName: podmanName(pod.name, name, init, noPodPrefix),
    image,
    ...(image ? { imageRange: r.range(imageNode, range) } : {}),
    pullPolicy: r.string(r.get(map, 'imagePullPolicy'), `${path}.imagePullPolicy`, range),
    init,
    sidecar,
    command,
    args,
    env,
    ports: readPorts(r, map, path, range),
    volumeMounts: readMounts(r, map, path, range),
    texts,
    range,
    nameRange: name ? r.range(nameNode, range) : firstLine(range),
  };
}

/** `{ name, optional }` of a ConfigMap or Secret reference, as a Reference. */
function readRef(r: YamlReader, node: Node | null, path: string, fallback: Range, kind: Reference['kind'], via: Reference['via'], nameKey = 'name'): Reference | undefined {
  const m = r.map(node, path, fallback);
  if (!m) return undefined;
  const pair = r.pair(m, nameKey);
  const nameNode = r.get(m, nameKey);
  const name = r.string(nameNode, `${path}.${nameKey}`, fallback);
  if (!name || !pair) return undefined;
  const range = r.range(nameNode, fallback);
  const keyColumn = r.range(pair.key, range).start.character;
  return {
    kind,
    name,
    key: r.string(r.get(m, 'key'), `${path}.key`, fallback),
    via,
    optional: r.boolean(r.get(m, 'optional'), `${path}.optional`, fallback) ?? false,
    range,
    optionalInsert: { position: range.end, prefix: m.flow ? ', ' : `\n${' '.repeat(keyColumn)}` },
  };
}

function readEnv(r: YamlReader, container: YAMLMap, path: string, fallback: Range, texts: SourceText[], refs: Reference[]): EnvVar[] {
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
    const from = r.map(r.get(m, 'valueFrom'), `${path}.env[].valueFrom`, range);
    if (!from) continue;
    checkFieldRefs(r, from, name, `${path}.env[].valueFrom`, range);
    for (const [key, kind] of [
      ['configMapKeyRef', 'ConfigMap'],
      ['secretKeyRef', 'Secret'],
    ] as const) {
      const ref = readRef(r, r.get(from, key), `${path}.env[].valueFrom.${key}`, range, kind, 'env');
      if (ref) refs.push(ref);
    }
  }
  return out;
}

/**
 * The values podman fills in from the pod (kube.go envVarValueFieldRef, envVarValueResourceFieldRef,
 * the same from 4.3 to 5.8): any other stops the play.
 */
const FIELD_PATHS = /^(metadata\.name|metadata\.uid|metadata.labels\['(.+)'\]|metadata.annotations\['(.+)'\])$/;
const RESOURCES = new Set(['limits.memory', 'limits.cpu', 'requests.memory', 'requests.cpu']);

function checkFieldRefs(r: YamlReader, from: YAMLMap, env: string, path: string, fallback: Range): void {
  for (const [key, field, supported, rule] of [
    ['fieldRef', 'fieldPath', (v: string) => FIELD_PATHS.test(v), RULES.fieldRef],
    ['resourceFieldRef', 'resource', (v: string) => RESOURCES.has(v), RULES.resourceFieldRef],
  ] as const) {
    const ref = r.map(r.get(from, key), `${path}.${key}`, fallback);
    if (!ref) continue;
    const node = r.get(ref, field);
    const value = r.string(node, `${path}.${key}.${field}`, fallback);
    if (value === undefined || supported(value)) continue;
    const said = rule.error.replace(/\bE\b/, env).replace(/\bF\b/, value);
    const which = key === 'fieldRef' ? "metadata.name, metadata.uid, metadata.labels['KEY'] and metadata.annotations['KEY']" : 'limits.cpu, limits.memory, requests.cpu and requests.memory';
    r.report('error', `unsupported-${key.toLowerCase()}`, `Podman cannot fill \`${value}\` in: it stops with "${said}". It fills ${which}.`, r.range(node, fallback), 'fails');
  }
}

function readEnvFrom(r: YamlReader, container: YAMLMap, path: string, fallback: Range, refs: Reference[]): void {
  for (const node of r.items(r.seq(r.get(container, 'envFrom'), `${path}.envFrom`, fallback))) {
    const m = r.map(node, `${path}.envFrom[]`, fallback);
    if (!m) continue;
    for (const [key, kind] of [
      ['configMapRef', 'ConfigMap'],
      ['secretRef', 'Secret'],
    ] as const) {
      const ref = readRef(r, r.get(m, key), `${path}.envFrom[].${key}`, r.range(m, fallback), kind, 'envFrom');
      if (ref) refs.push(ref);
    }
  }
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
    for (const [p, key] of [
      [containerPort, 'containerPort'],
      [hostPort, 'hostPort'],
    ] as const) {
      if (p !== undefined && (p < 1 || p > 65535)) {
        r.report('error', 'bad-port', `\`${key}\` ${p} is not a port number (1 to 65535).`, r.range(r.get(m, key), range));
      }
    }
    const protocol = (r.string(r.get(m, 'protocol'), `${path}.ports[].protocol`, range) ?? 'TCP').toUpperCase();
    const hostPortNode = r.get(m, 'hostPort');
    // `hostPort: N` goes on the line after containerPort, at its key's column (or inline in a flow map).
    const cpPair = r.pair(m, 'containerPort')!;
    const keyRange = r.range(cpPair.key, range);
    const valueEnd = r.range(cpPair.value, keyRange).end;
    out.push({
      containerPort,
      hostPort,
      // Passed to the binding as it is (kube.go getPodPorts); empty: every address.
      hostIP: r.string(r.get(m, 'hostIP'), `${path}.ports[].hostIP`, range) || undefined,
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

function readVolume(r: YamlReader, node: Node, path: string, fallback: Range, refs: Reference[], ctx: PodContext): Volume | undefined {
  const { version } = ctx;
  const m = r.map(node, path, fallback);
  if (!m) return undefined;
  const range = r.range(m, fallback);
  const name = r.string(r.get(m, 'name'), `${path}.name`, range);
  if (!name) {
    r.report('error', 'missing-volume-name', 'This volume has no `name`: mounts refer to volumes by name.', firstLine(range));
    return undefined;
  }
  for (const [type, { since, key }] of Object.entries(VOLUME_SOURCES)) {
    const pair = r.pair(m, type);
    if (!pair) continue;
    if (!atLeast(version, since)) {
      r.report('error', 'unsupported-volume', `Volume "${name}": \`${type}\` volumes need podman ${shortVersion(since)}; ${describeVersion(version)} fails the whole play ("failed to create volume").`, r.range(pair.key, range), 'fails');
      return { name, type: 'unknown', range };
    }
    const source = r.get(m, type);
    if (type === 'configMap' || type === 'secret') {
      const ref = readRef(r, source, `${path}.${type}`, range, type === 'configMap' ? 'ConfigMap' : 'Secret', 'volume', key);
      if (ref) refs.push(ref);
    }
    const sourceMap = r.map(source, `${path}.${type}`, range);
    const value = key && sourceMap ? r.string(r.get(sourceMap, key), `${path}.${type}.${key}`, range) : undefined;
    if (type === 'hostPath' && ctx.remote && value) {
      r.report(
        'info',
        'remote-host-path',
        `The remote podman service looks up \`${value}\` on its own machine, not on this computer (\`type: DirectoryOrCreate\` and \`FileOrCreate\` create it there). A podman machine shares only the folders given to \`podman machine init --volume\`, at the same path: by default your home folder (on macOS from podman 5 all of /Users, /private and /var/folders; on Windows from podman 5 your home, and C:\\ at /mnt/c).`,
        r.range(r.get(sourceMap!, key), range),
      );
    }
    return { name, type, source: value, range };
  }
  const other = (m.items as Pair<Node, Node>[]).find((p) => (p.key as { value?: unknown })?.value !== 'name');
  const what = other ? `\`${String((other.key as { value?: unknown }).value)}\` volumes are` : 'a volume without a source is';
  r.report(
    'error',
    'unsupported-volume',
    `Volume "${name}": ${what} not supported by podman, which fails the whole play ("failed to create volume"), mounted or not. Podman supports ${Object.keys(VOLUME_SOURCES)
      .filter((t) => atLeast(version, VOLUME_SOURCES[t as keyof typeof VOLUME_SOURCES].since))
      .join(', ')}.`,
    other ? r.range(other.key, range) : firstLine(range),
    'fails',
  );
  return { name, type: 'unknown', range };
}

export function firstLine(range: Range): Range {
  return { start: range.start, end: range.start.line === range.end.line ? range.end : { line: range.start.line, character: range.start.character + 1 } };
}

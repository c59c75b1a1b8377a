// Checks across the whole file, where podman's outcome depends on more than one object: names,
// duplicates, port clashes, the ConfigMaps and Secrets pods read.
import { CHANGES, RULES } from './behaviour';
import type { Container, Fix, ModelOptions, Pod, Port, Problem, Range, Reference, Resource } from './types';

type RefContext = Pick<ModelOptions, 'configMaps' | 'secrets'> & { podmanVersion: string; where: string };
import { nextFree, publishedPorts, publishesAll, usedHostPorts } from './ports';
import { describeVersion, features, shortVersion } from './version';

/**
 * `name-2`, `name-3`, ...: the first that is free. `tried` remembers where each name's search
 * stopped, so 20,000 pods of one name cost 20,000 steps, not 200 million.
 */
function unique(name: string, free: (n: string) => boolean, tried: Map<string, number>): string {
  for (let i = tried.get(name) ?? 2; ; i++) {
    if (free(`${name}-${i}`)) {
      tried.set(name, i + 1);
      return `${name}-${i}`;
    }
  }
}

export function checkDuplicates(pods: Pod[], problems: Problem[]): void {
  const seenPods = new Map<string, Pod>();
  const podNames = new Set(pods.map((p) => p.name));
  const tried = new Map<string, number>();
  for (const pod of pods) {
    const first = seenPods.get(pod.name);
    if (first) {
      // A Deployment's pod is `<name>-pod`: rename the object so that its pod name is free.
      const suffix = pod.name.slice(pod.objectName.length);
      const free = unique(pod.objectName, (n) => !podNames.has(n + suffix), tried);
      podNames.add(free + suffix);
      problems.push({
        severity: 'error',
        code: 'duplicate-pod',
        message: `Pod name "${pod.name}" is already used (line ${first.nameRange.start.line + 1}): podman stops with "${RULES.duplicatePod.error.replace('P', pod.name)}".`,
        range: pod.nameRange,
        fixes: [{ title: `Rename to ${free}`, edits: [{ range: pod.nameRange, newText: free }] }],
        stops: 'fails',
      });
    } else {
      seenPods.set(pod.name, pod);
    }
    const seen = new Set<string>();
    const names = new Set(pod.containers.map((c) => c.name));
    const triedInPod = new Map<string, number>();
    for (const c of pod.containers) {
      if (seen.has(c.name)) {
        const free = unique(c.name || 'container', (n) => !names.has(n), triedInPod);
        names.add(free);
        problems.push({
          severity: 'error',
          code: 'duplicate-container',
          message: `Pod ${pod.name} already has a container named "${c.name}": podman stops with "${RULES.duplicateContainer.error.replace('P', pod.name).replace('C', c.name)}". Names must be unique in a pod, init containers included.`,
          range: c.nameRange,
          fixes: c.name ? [{ title: `Rename to ${free}`, edits: [{ range: c.nameRange, newText: free }] }] : undefined,
          stops: 'fails',
        });
      }
      seen.add(c.name);
    }
  }
}

/** Podman's own rule for pod and container names (libpod/define NameRegex). */
const PODMAN_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Problems with names; returns the pods whose names podman refuses (it creates none of them). */
export function checkNames(pods: Pod[], problems: Problem[]): Set<Pod> {
  const refused = new Set<Pod>();
  const seenRanges = new Set<Range>();
  const once = (range: Range) => !seenRanges.has(range) && !!seenRanges.add(range);
  for (const pod of pods) {
    // Several replica pods of podman 4.3 share one name in the file: say it once.
    const podOk = PODMAN_NAME.test(pod.name);
    if (!podOk) {
      refused.add(pod);
      if (once(pod.nameRange)) problems.push(refusedName(`Pod name "${pod.objectName}"`, pod.nameRange));
    } else if (once(pod.nameRange)) {
      dnsLabel(`Pod name "${pod.objectName}"`, pod.objectName, pod.nameRange, problems);
    }
    // libpod/options.go WithPodHostname applies the same rule to the hostname.
    if (pod.hostname !== undefined && !PODMAN_NAME.test(pod.hostname)) {
      refused.add(pod);
      if (pod.hostnameRange && once(pod.hostnameRange)) problems.push(refusedName(`Hostname "${pod.hostname}"`, pod.hostnameRange));
    }
    for (const [i, c] of pod.containers.entries()) {
      // Podman checks the whole `<pod>-<container>` name, so a container name only needs the rest of the rule.
      if (podOk && !PODMAN_NAME.test(c.podmanName)) {
        refused.add(pod);
        if (!once(c.nameRange)) continue;
        const made = pod.containers.slice(0, i).map((x) => x.podmanName);
        const problem = refusedName(`Container name "${c.name}"`, c.nameRange, `Podman makes pod ${pod.name}${made.length ? `, its infra and ${made.join(', ')}` : ' and its infra'}, then stops at this container.`);
        problems.push({ ...problem, made: { name: pod.name, containers: [...made].sort() } });
      } else if (c.name && once(c.nameRange)) {
        dnsLabel(`Container name "${c.name}"`, c.name, c.nameRange, problems);
      }
    }
  }
  return refused;
}

// Played: a refused pod name or hostname leaves nothing of that pod; a refused container name leaves
// the pod with its infra and the containers before it (truth 31, 32, 56).
function refusedName(what: string, range: Range, outcome = 'Podman makes nothing of this pod and stops here.'): Problem {
  return {
    severity: 'error',
    code: 'bad-name',
    message: `${what} is refused by podman ("${RULES.names.error}"): names start with a letter or digit and hold only letters, digits, '_', '.' and '-'. ${outcome}`,
    range,
    stops: 'fails',
  };
}

function dnsLabel(what: string, name: string, range: Range, problems: Problem[]): void {
  if (DNS_LABEL.test(name) && name.length <= 63) return;
  problems.push({
    severity: 'warning',
    code: 'not-dns-label',
    message: `${what} is not a valid DNS label (lowercase letters, digits and '-', at most 63 characters, starting and ending with a letter or digit): Kubernetes refuses it, and other containers may not reach it by this name.`,
    range,
  });
}

/** Rootless podman binds host ports as the user: none below the sysctl's start. */
export interface Rootless {
  portStart: number;
  /** The sysctl was read on this machine (else it is the default, on the machine podman runs on). */
  known: boolean;
}

/**
 * Containers of one pod share a network namespace: two cannot listen on one port. A host port
 * can be bound once: the second pod that publishes it does not start, and the play fails; a
 * rootless podman binds none below net.ipv4.ip_unprivileged_port_start.
 */

export function checkPorts(pods: Pod[], version: string, publishAllFlag: boolean, problems: Problem[], rootless?: Rootless): void {
  const publishAll = publishesAll(version, publishAllFlag);
  const onHost = new Map<string, { pod: Pod; port: Port }>();
  // Host ports taken file-wide, made once for all the clashes' fixes (each fix takes the next free one).
  let used: Set<number> | undefined;
  // Replica pods of podman 4.3 share their template's ports: each problem of a port is said once.
  const said = { clash: new Set<Port>(), hostNetwork: new Set<Port>(), hostClash: new Set<Port>(), privileged: new Set<Port>() };
  const once = (set: Set<Port>, port: Port) => !set.has(port) && !!set.add(port);
  for (const pod of pods) {
    const inPod = new Map<string, Container>();
    for (const c of pod.containers) {
      if (c.init) continue; // init containers have exited before the others start
      for (const port of c.ports) {
        const key = `${port.containerPort}/${port.protocol}`;
        const first = inPod.get(key);
        if (first && once(said.clash, port)) {
          problems.push({
            severity: 'warning',
            code: 'port-clash',
            message: first === c ? `Container ${c.name} declares port ${key} twice.` : `Containers ${first.name} and ${c.name} of pod ${pod.name} both declare port ${key}: they share one network namespace, so only one can listen on it.`,
            range: port.range,
          });
        } else if (!first) {
          inPod.set(key, c);
        }
        if (!pod.hostNetwork) continue;
        // The host's network has no port mappings: podman refuses any (before 4.8, every containerPort is one).
        if ((port.hostPort !== undefined || publishAll) && once(said.hostNetwork, port)) {
          problems.push({
            severity: 'error',
            code: 'host-network-ports',
            message: `Pod ${pod.name} uses the host's network, where podman cannot publish ports: "${RULES.hostNetworkPorts.error}".${port.hostPort === undefined ? ` ${describeVersion(version)} publishes every containerPort (until ${shortVersion(CHANGES.onlyHostPorts.since)}); remove the port or \`hostNetwork\`.` : ' Remove `hostPort`: the container listens on the host directly.'}`,
            range: port.hostPortRange ?? port.range,
            stops: 'fails',
          });
        }
      }
    }
    const bound = new Set<string>();
    for (const { port, hostPort } of publishedPorts(pod, publishAll)) {
      const hostKey = `${hostPort}/${port.protocol}`;
      if (bound.has(hostKey)) continue; // podman merges one pod's duplicates into one binding
      bound.add(hostKey);
      if (rootless && hostPort < rootless.portStart && once(said.privileged, port)) {
        used ??= usedHostPorts(pods, publishAll);
        const free = nextFree(used, Math.max(hostPort + 8000, rootless.portStart));
        used.add(free);
        problems.push(privilegedPort(pod, port, hostPort, free, rootless, publishAllFlag, version));
      }
      const taken = onHost.get(hostKey);
      if (!taken) {
        onHost.set(hostKey, { pod, port });
        continue;
      }
      if (!once(said.hostClash, port)) continue;
      used ??= usedHostPorts(pods, publishAll);
      const free = nextFree(used, hostPort);
      used.add(free);
      const implicit = whyPublished(port, publishAllFlag, version);
      problems.push({
        severity: 'error',
        code: 'host-port-clash',
        message: `Host port ${hostKey} is already published by pod ${taken.pod.name} (line ${taken.port.range.start.line + 1})${implicit}: pod ${pod.name} cannot bind it and podman stops with "${RULES.hostPortInUse.error.replace('N', 'its')}".${port.hostPort === undefined ? '' : ' Pick another hostPort.'}`,
        range: port.hostPortRange ?? port.range,
        fixes: [publishOn(port, free)],
        stops: 'fails',
      });
    }
  }
}

/** Why a port without hostPort is on the host at all, for a message about it; '' for one with hostPort. */
function whyPublished(port: Port, publishAllFlag: boolean, version: string): string {
  if (port.hostPort !== undefined) return '';
  return publishAllFlag ? ' (`--publish-all` publishes every containerPort)' : ` (${describeVersion(version)} publishes every containerPort on the host, hostPort or not, until ${shortVersion(CHANGES.onlyHostPorts.since)})`;
}

function privilegedPort(pod: Pod, port: Port, hostPort: number, free: number, rootless: Rootless, publishAllFlag: boolean, version: string): Problem {
  const start = rootless.known ? `${rootless.portStart} here` : `${rootless.portStart} unless the machine podman runs on lowers it`;
  const implicit = whyPublished(port, publishAllFlag, version);
  return {
    severity: 'error',
    code: 'rootless-privileged-port',
    message: `Rootless podman cannot publish host port ${hostPort}${implicit}: ports below net.ipv4.ip_unprivileged_port_start (${start}) are root's. Pod ${pod.name} does not start ("${RULES.rootlessPrivilegedPort.error.replace('P', String(hostPort))}") and podman stops with "${RULES.hostPortInUse.error.replace('N', 'its')}". Publish on ${free}, or allow the port: \`sysctl net.ipv4.ip_unprivileged_port_start=${hostPort}\`.`,
    range: port.hostPortRange ?? port.range,
    fixes: [publishOn(port, free)],
    stops: 'fails',
  };
}

/** Sets the port's hostPort to `free`: the value when there is one, else a new `hostPort` line. */
function publishOn(port: Port, free: number): Fix {
  if (port.hostPortRange) return { title: `Publish on host port ${free}`, edits: [{ range: port.hostPortRange, newText: String(free) }] };
  const { position, prefix } = port.hostPortInsert;
  return { title: `Publish on host port ${free}`, edits: [{ range: { start: position, end: position }, newText: `${prefix}hostPort: ${free}` }] };
}

/**
 * ConfigMaps come from the file or `--configmap`; Secrets from the file (podman stores them) or
 * from podman's secrets. A reference to one that is not there fails the play, unless optional.
 */
export function checkRefs(pods: Pod[], resources: Resource[], m: RefContext, problems: Problem[]): void {
  const inFile = (kind: Reference['kind'], name: string) => resources.some((r) => r.kind === kind && r.name === name);
  const fileSecrets = features(m.podmanVersion).fileSecrets;
  const seen = new Set<Range>();
  for (const pod of pods) {
    for (const ref of pod.refs) {
      if (seen.has(ref.range)) continue; // one template, several replica pods
      seen.add(ref.range);
      const problem = refProblem(ref, inFile(ref.kind, ref.name), m, fileSecrets);
      if (problem) problems.push({ ...problem, range: ref.range });
    }
  }
}

function markOptional(ref: Reference): Fix {
  const { position, prefix } = ref.optionalInsert;
  return { title: `Mark ${ref.kind} ${ref.name} optional (podman then goes on without it)`, edits: [{ range: { start: position, end: position }, newText: `${prefix}optional: true` }] };
}

function refProblem(ref: Reference, inFile: boolean, m: RefContext, fileSecrets: boolean): Omit<Problem, 'range'> | undefined {
  const version = describeVersion(m.podmanVersion);
  if (ref.kind === 'ConfigMap') {
    if (inFile || m.configMaps?.includes(ref.name)) return undefined;
    // Podman's words differ: a volume's lookup says "no such ConfigMap", an env lookup "not found".
    const words = (ref.via === 'volume' ? RULES.configMapVolumeMissing : RULES.configMapMissing).error.replace(/\bC\b/, ref.name);
    if (ref.optional)
      return {
        severity: 'info',
        code: 'configmap-missing-optional',
        message: `ConfigMap ${ref.name} is neither in ${m.where} nor in a \`--configmap\` file: it is optional, so podman ${ref.via === 'volume' ? 'leaves the mount out' : 'leaves the variables unset'}.`,
      };
    // Which --configmap files the play gets is not known (the check CLI without --configmap).
    if (!m.configMaps)
      return {
        severity: 'warning',
        code: 'configmap-unknown',
        message: `ConfigMap ${ref.name} is not in ${m.where}: the play works only if a \`--configmap\` file given to it holds ConfigMap ${ref.name}; without one podman stops with "${words}".`,
      };
    return {
      severity: 'error',
      code: 'configmap-missing',
      message: `ConfigMap ${ref.name} is neither in ${m.where} nor in a \`--configmap\` file: podman stops with "${words}". Add it to the file, give its file with \`--configmap\`, or mark the reference \`optional: true\`.`,
      fixes: [markOptional(ref), { title: `Give a --configmap file with ConfigMap ${ref.name} to this play...`, edits: [], command: { name: 'chooseConfigMapFiles', args: [] } }],
      stops: 'fails',
    };
  }
  // Podman 4.3 reads a secret volume's `optional` through a nil pointer when it is not set
  // (kube.go VolumeFromSecret, fixed in 4.4 by 9a6b701558): it crashes whether the secret is there or not.
  if (ref.via === 'volume' && !ref.optional && !fileSecrets) {
    return {
      severity: 'error',
      code: 'secret-volume-crash',
      message: `${version} crashes on a secret volume without \`optional\`, whether Secret ${ref.name} exists or not (a nil pointer in podman; fixed in ${shortVersion(CHANGES.fileSecrets.since)}). Add \`optional: true\`, or use podman ${shortVersion(CHANGES.fileSecrets.since)} or newer.`,
      fixes: [markOptional(ref)],
      stops: 'fails',
    };
  }
  if (inFile) {
    if (fileSecrets) return undefined;
    // Podman 4.3 stores a file's Secret as YAML, then reads it back as JSON.
    if (ref.via === 'volume') return { severity: 'warning', code: 'secret-volume-skipped', message: `${version} does not mount a volume of Secret ${ref.name} marked optional (fixed in ${shortVersion(CHANGES.fileSecrets.since)}).` };
    if (ref.optional)
      return {
        severity: 'warning',
        code: 'file-secret-unreadable',
        message: `${version} cannot read Secret ${ref.name} from ${m.where} (it stores it as YAML and reads it as JSON; fixed in ${shortVersion(CHANGES.fileSecrets.since)}): the reference is optional, so the variables stay unset.`,
      };
    return {
      severity: 'error',
      code: 'file-secret-unreadable',
      message: `${version} cannot read Secret ${ref.name} from ${m.where}: it stores it as YAML and reads it as JSON, and stops with "secret ${ref.name} is not valid JSON" (fixed in ${shortVersion(CHANGES.fileSecrets.since)}). Create it as a podman secret of JSON instead, or use podman ${shortVersion(CHANGES.fileSecrets.since)} or newer.`,
      stops: 'fails',
    };
  }
  if (m.secrets?.includes(ref.name)) return undefined;
  const skipped = ref.optional && (ref.via !== 'volume' || fileSecrets);
  if (skipped)
    return {
      severity: 'info',
      code: 'secret-missing-optional',
      message: `Secret ${ref.name} is not in ${m.where}${m.secrets ? ' nor a podman secret' : ''}: it is optional, so podman ${ref.via === 'volume' ? 'leaves the mount out' : 'leaves the variables unset'}.`,
    };
  const create: Fix = { title: `Create the podman secret ${ref.name}...`, edits: [], command: { name: 'createSecret', args: [ref.name, ref.key] } };
  // kube.go secretKeyRef and volume.go VolumeFromSecret parse the secret's content: a plain value
  // stops the play ("secret S is not valid JSON"; from 5.6 a volume says "only secrets created via
  // the kube yaml file are supported").
  const shape = fileSecrets ? 'a kube Secret (YAML)' : 'a JSON map of base64 values';
  const by = `the quick fix creates it; \`podman secret create ${ref.name} FILE\` needs FILE to hold ${shape}, as podman reads no plain value`;
  if (!m.secrets) return { severity: 'warning', code: 'secret-unknown', message: `Secret ${ref.name} is not in ${m.where}: the play works only if a podman secret of that name exists (${by}).`, fixes: [create] };
  return {
    severity: 'error',
    code: 'secret-missing',
    message: `Secret ${ref.name} is neither in ${m.where} nor a podman secret: podman stops with "${RULES.secretMissing.error.replace('S', ref.name)}". Add it to the file or create it (${by}).`,
    fixes: [create],
    stops: 'fails',
  };
}

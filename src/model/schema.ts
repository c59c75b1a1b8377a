// What each kube field means and what podman kube play does with it, by version. One table
// serves the unsupported-field diagnostics, key completion and hover. Support was read in podman's
// source at the release tags (pkg/k8s.io/api/core/v1/types.go holds the fields podman decodes;
// pkg/specgen/generate/kube/kube.go ToSpecGen and ToPodOpt, the ones it acts on), where the docs'
// kubernetes_support.md is stale. `no` fields are accepted and silently ignored.
import { isPlayedKind, PLAYED_KINDS } from './behaviour';
import { atLeast, describeVersion, shortVersion } from './version';

export type Support = 'yes' | 'no' | 'n/a';

export interface Field {
  doc: string;
  support: Support;
  /** Type of the value, when it has fields of its own (a `[]` suffix: a list of them). */
  type?: string;
  /** Known values, offered by completion. */
  values?: string[];
  /** What podman does instead, when it does something other than the field says. */
  note?: string;
  /** The podman release that first acts on it (ignored before); absent: every version modelled. */
  since?: string;
  /** What podman does before `since`, when ignoring it changes what the container gets. */
  before?: string;
}

type Table = Record<string, Field>;

const yes = (doc: string, type?: string, extra: Partial<Field> = {}): Field => ({ doc, support: 'yes', type, ...extra });
const no = (doc: string, type?: string): Field => ({ doc, support: 'no', type });
const na = (doc: string): Field => ({ doc, support: 'n/a' });

const METADATA: Table = {
  name: yes('Name of the object. For a Pod it is the pod name podman uses; a Deployment makes a pod named `<name>-pod`.'),
  labels: yes('Key/value labels, copied to the pod.'),
  annotations: yes('Key/value annotations; some `io.podman.annotations.*` keys change what podman does.'),
  namespace: no('Namespace of the object. Podman has no namespaces.'),
};

const POD_SPEC: Table = {
  containers: yes('The containers of the pod. They share one network namespace and reach each other on `localhost`.', 'Container[]'),
  initContainers: yes('Containers run to completion, in order, before the other containers start.', 'Container[]'),
  volumes: yes('Volumes the containers can mount by name.', 'Volume[]'),
  restartPolicy: yes('What happens when a container exits.', undefined, { values: ['Always', 'OnFailure', 'Never'] }),
  hostNetwork: yes("Use the host's network instead of the pod's own: no name on any network, ports bind on the host."),
  hostname: yes('Host name inside the pod. From podman 4.7 it is also a name other pods can reach the pod by.'),
  hostAliases: yes('Extra `/etc/hosts` entries for the pod.'),
  dnsConfig: yes('Name servers, search domains and resolver options for the pod.'),
  hostPID: yes("Share the host's process namespace.", undefined, { since: '4.4.0' }),
  hostIPC: yes("Share the host's IPC namespace.", undefined, { since: '4.5.0' }),
  shareProcessNamespace: yes("Containers of the pod see each other's processes."),
  terminationGracePeriodSeconds: yes('Seconds podman waits after the stop signal before killing the containers.', undefined, { since: '4.7.0' }),
  securityContext: yes('Pod-wide user, group, SELinux and sysctl settings (runAsNonRoot, fsGroup and seccompProfile are ignored).'),
  imagePullSecrets: no('Registry credentials by Secret name. Podman uses your `podman login` credentials instead.'),
  enableServiceLinks: no('Service environment variables. Podman ignores Services.'),
  os: no('Operating system of the pod.'),
  nodeSelector: na('Node selection. A podman host is a single node.'),
  nodeName: na('Node to run on. A podman host is a single node.'),
  affinity: na('Scheduling affinity. A podman host is a single node.'),
  tolerations: na('Taint tolerations. A podman host is a single node (podman does not even decode this field).'),
  schedulerName: na('Scheduler to use. Podman has none.'),
  topologySpreadConstraints: na('Spreading over nodes. A podman host is a single node.'),
  runtimeClassName: no('Runtime class. Podman uses its configured OCI runtime.'),
  priorityClassName: no('Scheduling priority class.'),
  priority: no('Scheduling priority.'),
  activeDeadlineSeconds: no('Time limit for the pod.'),
  readinessGates: no('Extra readiness conditions.'),
  setHostnameAsFQDN: no('Use the fully qualified name as host name.'),
  subdomain: no('DNS subdomain of the pod.'),
  dnsPolicy: no("DNS policy. Podman resolves through the pod's network (aardvark-dns on a network with DNS)."),
  serviceAccountName: no('Service account. Podman has no API server to authenticate to.'),
  serviceAccount: no('Service account (deprecated alias). Podman has no API server.'),
  automountServiceAccountToken: no('Mount a service account token. Podman has none.'),
  preemptionPolicy: no('Preemption of lower-priority pods.'),
  overhead: no('Resource overhead of the runtime class.'),
  ephemeralContainers: no('Debug containers added to a running pod.'),
};

const TEMPLATE: Table = {
  metadata: yes('Labels and annotations for the pod.', 'Metadata'),
  spec: yes('The pod to run.', 'PodSpec'),
};

const CONTAINER: Table = {
  name: yes('Container name. Podman names the container `<pod>-<name>`; from podman 4.5 the bare name is also a network alias.'),
  image: yes('Image to run, e.g. `docker.io/valkey/valkey:8`. Podman pulls it when it is missing.'),
  imagePullPolicy: yes('When to pull the image.', undefined, { values: ['IfNotPresent', 'Always', 'Never'] }),
  command: yes("Replaces the image's entrypoint."),
  args: yes("Replaces the image's command (the arguments to the entrypoint)."),
  workingDir: yes('Working directory in the container.'),
  ports: yes('Ports the container listens on. `hostPort` publishes one on the host.', 'ContainerPort[]'),
  env: yes('Environment variables.', 'EnvVar[]'),
  envFrom: yes('Environment variables from a ConfigMap or Secret (`prefix` is ignored).'),
  volumeMounts: yes("Where the pod's volumes appear in the container.", 'VolumeMount[]'),
  resources: yes('CPU and memory limits and requests.', 'Resources'),
  securityContext: yes('User, capabilities, privileges and SELinux options (runAsNonRoot and seccompProfile are ignored).'),
  livenessProbe: yes('Becomes a podman healthcheck; the container restarts per restartPolicy when it fails. Podman refuses it on an init container.'),
  lifecycle: no('Hooks around start and stop. Podman runs no hooks, and refuses them on an init container.', 'Lifecycle'),
  readinessProbe: no('Readiness check for Service traffic. Podman has no Services; use livenessProbe for a healthcheck. Podman refuses it on an init container.'),
  startupProbe: yes('Check that delays the liveness probe until the container has started. Podman refuses it on an init container.', undefined, { since: '4.4.0' }),
  terminationMessagePath: no('File the container writes its termination message to.'),
  terminationMessagePolicy: no('How the termination message is read.'),
  volumeDevices: no('Raw block devices.'),
  stdin: no('Keep stdin open.'),
  stdinOnce: no('Close stdin after the first attach.'),
  tty: yes('Allocate a terminal (`podman run -t`).'),
};

const PORT: Table = {
  containerPort: yes('Port the container listens on, reachable from other pods by the pod name on a network with DNS.'),
  hostPort: yes('Publish the port on the host at this port number (`podman run -p hostPort:containerPort`).'),
  hostIP: yes('Host address to publish on.'),
  name: yes('Name of the port.'),
  protocol: yes('Protocol of the port.', undefined, { values: ['TCP', 'UDP', 'SCTP'] }),
};

const ENV: Table = {
  name: yes('Name of the variable.'),
  value: yes('Value of the variable. Host names in it are read as connections.'),
  valueFrom: yes('Value from a ConfigMap or Secret key, a field or a resource.'),
};

const MOUNT: Table = {
  name: yes('Name of a volume of the pod.'),
  mountPath: yes('Where the volume appears in the container.'),
  readOnly: yes('Mount read-only.'),
  subPath: yes('Mount only this path of the volume.', undefined, {
    since: '4.4.0',
    // Played on 4.3.1: a ConfigMap volume with subPath app.conf at /etc/app/app.conf gave a directory there, holding app.conf and other.conf.
    before: 'mounts the whole volume at `mountPath` instead: a file path becomes a directory holding every file of the volume',
  }),
  subPathExpr: no('Sub-path with environment variables expanded.'),
  mountPropagation: yes('Mount propagation mode: None, HostToContainer (rslave) or Bidirectional (rshared).', undefined, { values: ['None', 'HostToContainer', 'Bidirectional'] }),
};

const VOLUME: Table = {
  name: yes('Name that mounts refer to.'),
  hostPath: yes('A file or directory of the host (`path`, `type`).'),
  persistentVolumeClaim: yes('A podman named volume (`claimName`).'),
  configMap: yes('A ConfigMap from the same play, as files.'),
  secret: yes('A podman secret or a Secret from the same play, as files.'),
  emptyDir: yes('An empty volume that lives as long as the pod.'),
  image: yes('The files of an image, read-only (`reference`, `pullPolicy`).', undefined, { since: '5.3.0' }),
};

const LIFECYCLE: Table = {
  postStart: no('Hook run right after the container starts.'),
  preStop: no('Hook run before the container is stopped.'),
  stopSignal: no('Signal that stops the container.'),
};

const RESOURCES: Table = {
  limits: yes('Upper bounds (`cpu`, `memory`), enforced by podman.'),
  requests: yes('Reservations (`cpu`, `memory`).'),
};

const DEPLOYMENT_SPEC: Table = {
  replicas: yes('Number of pods. Podman 4.4 and later run one, whatever the number; 4.3 runs one per replica.', undefined, { note: 'Podman 4.4 and later run one pod.' }),
  selector: yes('Which pods belong to the Deployment.'),
  template: yes('The pod to run.', 'PodTemplate'),
  minReadySeconds: no('Seconds a new pod must be ready before it counts.'),
  strategy: no('How pods are replaced on update. Podman replaces with `kube play --replace`.'),
  revisionHistoryLimit: no('Old revisions to keep.'),
  progressDeadlineSeconds: no('Time limit for a rollout.'),
  paused: no('Pause rollouts.'),
};

const DAEMONSET_SPEC: Table = {
  selector: yes('Which pods belong to the DaemonSet.'),
  template: yes('The pod to run (one, on this host).', 'PodTemplate'),
  minReadySeconds: no('Seconds a new pod must be ready before it counts.'),
  updateStrategy: no('How pods are replaced on update.'),
  revisionHistoryLimit: no('Old revisions to keep.'),
};

const JOB_SPEC: Table = {
  template: yes('The pod to run to completion.', 'PodTemplate'),
  activeDeadlineSeconds: no('Time limit for the job.'),
  backoffLimit: no('Retries before the job fails.'),
  completions: no('Successful pods needed. Podman runs one.'),
  parallelism: no('Pods run at once. Podman runs one.'),
  completionMode: no('How completions are counted.'),
  manualSelector: no('Set the selector by hand.'),
  podFailurePolicy: no('How pod failures count.'),
  suspend: no('Suspend the job.'),
  ttlSecondsAfterFinished: no('Delete the job this long after it finished.'),
  selector: no('Set by Kubernetes; podman ignores it.'),
};

const PVC_SPEC: Table = {
  accessModes: yes('How the volume may be mounted.'),
  storageClassName: yes('Storage class.'),
  resources: yes('Requested size (`requests.storage`).'),
  volumeName: no('A specific volume to bind.'),
  volumeMode: no('Filesystem or block.'),
  selector: no('Which volumes may bind.'),
};

export const TABLES: Record<string, Table> = {
  Metadata: METADATA,
  PodSpec: POD_SPEC,
  PodTemplate: TEMPLATE,
  Container: CONTAINER,
  ContainerPort: PORT,
  EnvVar: ENV,
  VolumeMount: MOUNT,
  Volume: VOLUME,
  Resources: RESOURCES,
  Lifecycle: LIFECYCLE,
  DeploymentSpec: DEPLOYMENT_SPEC,
  DaemonSetSpec: DAEMONSET_SPEC,
  JobSpec: JOB_SPEC,
  PersistentVolumeClaimSpec: PVC_SPEC,
};

/** Top-level fields of an object of `kind`. */
export function rootTable(kind: string | undefined): Table {
  const t: Table = {
    apiVersion: yes('API version of the object: `v1` for Pod, ConfigMap, Secret and PersistentVolumeClaim; `apps/v1` for Deployment and DaemonSet; `batch/v1` for Job.'),
    kind: yes(
      `What to create. Podman plays ${Object.entries(PLAYED_KINDS)
        .map(([k, v]) => (v.since === '4.3.0' ? k : `${k} (${shortVersion(v.since)}+)`))
        .join(', ')}; it skips every other kind.`,
      undefined,
      { values: Object.keys(PLAYED_KINDS) },
    ),
    metadata: yes('Name, labels and annotations.', 'Metadata'),
  };
  const spec = kind && isPlayedKind(kind) ? PLAYED_KINDS[kind].spec : undefined;
  if (spec) t.spec = yes(kind === 'PersistentVolumeClaim' ? 'The volume to claim.' : `What the ${kind} runs.`, spec);
  if (kind === 'ConfigMap' || kind === 'Secret') {
    t.data = yes(kind === 'Secret' ? 'Base64-encoded values by key.' : 'Values by key.');
    if (kind === 'Secret') t.stringData = yes('Plain-text values by key.');
    if (kind === 'ConfigMap') t.binaryData = yes('Base64-encoded binary values by key.');
    t.immutable = no('Forbid updates.');
  }
  return t;
}

/** Where a key is: the object's kind and the keys above it (`[]` marks a list item). */
export type KeyPath = string[];

/** The table that holds the keys at `path` (the path of their parent), if known. */
export function tableAt(kind: string | undefined, path: KeyPath): Table | undefined {
  let table: Table | undefined = rootTable(kind);
  for (let i = 0; i < path.length && table; i++) {
    const field: Field | undefined = table[path[i]];
    if (!field?.type) return undefined;
    const list = field.type.endsWith('[]');
    if (list) {
      if (path[i + 1] !== '[]') return undefined;
      i++;
    }
    table = TABLES[list ? field.type.slice(0, -2) : field.type];
  }
  return table;
}

/** The field at `path` (its last element is the key itself). */
export function fieldAt(kind: string | undefined, path: KeyPath): Field | undefined {
  if (path.length === 0) return undefined;
  return tableAt(kind, path.slice(0, -1))?.[path[path.length - 1]];
}

/** Whether podman `version` acts on the field. */
export function honoured(f: Field, version: string | undefined): boolean {
  return f.support === 'yes' && (!f.since || atLeast(version, f.since));
}

export function describeSupport(f: Field, version?: string): string {
  if (f.support === 'yes' && f.since && !atLeast(version, f.since)) return `Podman ignores it before ${shortVersion(f.since)}: ${describeVersion(version)} ignores it${f.before ? ` and ${f.before}` : ''}.`;
  const from = f.since ? ` from ${shortVersion(f.since)}` : '';
  if (f.support === 'yes') return f.note ? `Podman supports it${from}. ${f.note}` : `Podman supports it${from}.`;
  if (f.support === 'n/a') return 'Podman ignores it: it cannot apply on a single podman host.';
  return f.note ? `Podman ignores it: ${f.note}` : 'Podman ignores it.';
}

// What `podman kube play` does, by version: the one table the model, the diagnostics, hover,
// completion and the diagram read. Each row names the podman source that decides it and the first
// release tag that behaves so (read at the tag; the docs' support table is stale in places).
// Rows with no `since` hold for every version modelled (4.3.1 on). Field support is in schema.ts.

/** A behaviour that begins at a podman release. */
export interface Change {
  since: string;
  source: string;
  what: string;
}

const PLAY = 'pkg/domain/infra/abi/play.go';
const KUBE = 'pkg/specgen/generate/kube/kube.go';
const VOLUME = 'pkg/specgen/generate/kube/volume.go';

export const CHANGES = {
  singleDeploymentPod: { since: '4.4.0', source: `${PLAY} playKubeDeployment`, what: 'A Deployment makes one pod, `<name>-pod` ("Limiting replica count to 1"); 4.3 made one per replica, `<name>-pod-<i>`, and none for `replicas: 0`.' },
  fileSecrets: {
    since: '4.4.0',
    source: `${KUBE} k8sSecretFromSecretManager; ${VOLUME} VolumeFromSecret`,
    what: 'A Secret from the file can be read through secretKeyRef, envFrom and secret volumes; 4.3 stored it as YAML and then read it as JSON ("is not valid JSON"), and crashed on a secret volume without `optional`.',
  },
  initOnce: {
    since: '4.4.0',
    source: `${KUBE} ToSpecGen (init containers get restart policy "no", commit 10e020c651)`,
    what: "Init containers run once; 4.3 gave them the pod's restart policy, so under `Always` (the default) they restarted, and the play could fail removing one still running.",
  },
  containerNameAlias: { since: '4.5.0', source: `${PLAY} playKubePod ctrNameAliases (PR #17412)`, what: 'Container names from the YAML become network aliases of the pod.' },
  hostnameAlias: { since: '4.7.0', source: 'libpod/networking_common.go getExtraNetworkAliases (PR #19193)', what: 'The pod hostname becomes a network alias.' },
  listItems: { since: '4.7.0', source: `${PLAY} splitMultiDocYAML (kind List)`, what: '`kind: List` documents are played item by item; before, List was an unknown kind.' },
  noPodPrefix: {
    since: '5.7.0',
    source: `${KUBE} ToSpecGen; ${PLAY} playKubePod (commit 098d8efecc)`,
    what: '`--no-pod-prefix` names each container `<container>`, not `<pod>-<container>`; init containers keep the prefix. Older podmans stop at the flag ("unknown flag: --no-pod-prefix").',
  },
  configMapFiles: { since: '4.6.0', source: `${PLAY} readConfigMapFromFile (commit 26f1e95ab4)`, what: 'A `--configmap` file may hold several ConfigMaps; before, only its first document was read.' },
  severalFiles: {
    since: '5.7.0',
    source: 'cmd/podman/kube/play.go, down.go (commit 9bda788edf)',
    what: '`kube play` and `kube down` take several files, joined into one YAML stream in the order given; before, one file a command.',
  },
  onlyHostPorts: { since: '4.8.0', source: `${KUBE} getPodPorts (PR #19823)`, what: 'Only `hostPort` is published (or every port with `--publish-all`); before, every containerPort was published on the host at the same number.' },
} satisfies Record<string, Change>;

export type ChangeName = keyof typeof CHANGES;

/**
 * Kinds podman plays: from which release, what they make, the apiVersion Kubernetes expects and
 * the schema table of their `spec` (schema.ts).
 */
export const PLAYED_KINDS = {
  Pod: { since: '4.3.0', makes: 'pod', apiVersion: 'v1', spec: 'PodSpec', source: `${PLAY} PlayKube` },
  Deployment: { since: '4.3.0', makes: 'pod', apiVersion: 'apps/v1', spec: 'DeploymentSpec', source: `${PLAY} playKubeDeployment` },
  DaemonSet: { since: '4.7.0', makes: 'pod', apiVersion: 'apps/v1', spec: 'DaemonSetSpec', source: `${PLAY} playKubeDaemonSet` },
  Job: { since: '5.3.0', makes: 'pod', apiVersion: 'batch/v1', spec: 'JobSpec', source: `${PLAY} playKubeJob` },
  PersistentVolumeClaim: { since: '4.3.0', makes: 'resource', apiVersion: 'v1', spec: 'PersistentVolumeClaimSpec', source: `${PLAY} playKubePVC` },
  ConfigMap: { since: '4.3.0', makes: 'resource', apiVersion: 'v1', spec: undefined, source: `${PLAY} PlayKube (kept for the pods; not an object of its own)` },
  Secret: { since: '4.3.0', makes: 'resource', apiVersion: 'v1', spec: undefined, source: `${PLAY} playKubeSecret` },
} as const;

export type PlayedKind = keyof typeof PLAYED_KINDS;
export type PodKind = { [K in PlayedKind]: (typeof PLAYED_KINDS)[K]['makes'] extends 'pod' ? K : never }[PlayedKind];
export type ResourceKind = Exclude<PlayedKind, PodKind>;

export function isPlayedKind(kind: string): kind is PlayedKind {
  return Object.prototype.hasOwnProperty.call(PLAYED_KINDS, kind);
}

/** Volume sources podman mounts; any other fails the whole play. */
export const VOLUME_SOURCES = {
  hostPath: { since: '4.3.0', key: 'path' },
  persistentVolumeClaim: { since: '4.3.0', key: 'claimName' },
  configMap: { since: '4.3.0', key: 'name' },
  secret: { since: '4.3.0', key: 'secretName' },
  emptyDir: { since: '4.3.0', key: '' },
  image: { since: '5.3.0', key: 'reference' },
} as const;

/**
 * The remote client: podman through a connection, and podman on macOS and Windows, where every
 * call goes to a podman machine. It reads the manifest (a file, stdin or a URL) and sends it to the
 * service, which plays it on its own machine.
 */
export const REMOTE = {
  /** Flags `podman kube play` registers only `if !registry.IsRemote()`: the remote client stops with "unknown flag". */
  localOnlyFlags: {
    source: 'cmd/podman/kube/play.go init (`if !registry.IsRemote()`)',
    flags: ['--build', '--context-dir', '--cert-dir', '--seccomp-profile-root', '--signature-policy', '--service-container', '--service-exit-code-propagation'],
  },
  /** `--configmap` left that block in 4.6.0: the client reads the files and sends them with the manifest. */
  configMapFlag: { since: '4.6.0', source: 'cmd/podman/kube/play.go; pkg/bindings/kube/kube.go PlayWithBody (commit 5ff6fc5596)' },
  /** Before 4.7.0 the service dropped `--userns` from a remote play. */
  userns: { since: '4.7.0', source: 'pkg/api/handlers/libpod/kube.go KubePlay (commit c6b5b9a02c)' },
  hostPath: { source: `${VOLUME} VolumeFromHostPath (run by the service: the path is stat'ed and created on its machine)` },
  volumeImport: { since: '4.4.0', source: `${PLAY} PlayKube (options.IsRemote)`, annotation: 'volume.podman.io/import-source', error: 'importing volumes is not supported for remote requests' },
} as const;

/** Rules that hold for every version modelled, each with podman's own words where it fails. */
export const RULES = {
  noPlayableKind: { source: `${PLAY} PlayKube`, error: 'YAML document does not contain any supported kube kind' },
  onlyConfigMaps: { source: `${PLAY} PlayKube`, error: 'ConfigMaps in podman are not a standalone object and must be used in a container' },
  names: { source: 'libpod/define/config.go NameRegex, applied by libpod/options.go WithName and WithPodName', error: 'names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*' },
  duplicateContainer: { source: `${PLAY} playKubePod`, error: 'the pod "P" is invalid; duplicate container name "C" detected' },
  duplicatePod: { source: 'libpod/boltdb_state.go AddPod', error: 'adding pod to state: name "P" is in use: pod already exists' },
  initContainerProbes: { source: `${PLAY} playKubePod`, error: 'cannot create an init container that has either of lifecycle, livenessProbe, readinessProbe, or startupProbe set' },
  configMapMissing: { source: `${KUBE} envVarValue, envVarsFrom`, error: 'configmap C not found' },
  configMapVolumeMissing: { source: `${VOLUME} VolumeFromConfigMap`, error: 'no such ConfigMap "C"' },
  secretMissing: { source: `${KUBE} envVarValue; containers/common pkg/secrets`, error: 'no secret with name or id "S": no such secret' },
  fieldRef: { source: `${KUBE} envVarValueFieldRef`, error: 'can not set env E. Reason: fieldPath F is either not valid or not supported' },
  resourceFieldRef: { source: `${KUBE} envVarValueResourceFieldRef`, error: 'can not set env E. Reason: resource F is either not valid or not supported' },
  undefinedVolume: { source: `${KUBE} ToSpecGen`, error: 'volume mount V specified for container but not configured in volumes' },
  hostPortInUse: { source: 'cmd/podman/kube/play.go (a pod that cannot bind its ports does not start)', error: 'failed to start N containers' },
  rootlessPrivilegedPort: {
    source: 'rootlesskit pkg/port/builtin/parent/parent.go (vendored, 4.3.1 to 5.8.2); test/e2e/play_kube_test.go v5.8.2 "with privileged container ports - should fail"',
    error: 'rootlessport cannot expose privileged port P',
  },
  hostNetworkPorts: { source: 'pkg/specgen/pod_validate.go Validate', error: 'PortMappings can only be used with Bridge or slirp4netns networking' },
} as const;

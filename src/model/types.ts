// The topology podman will create from a manifest. Plain data: no `vscode` import, so the
// preview, the commands, the CLI and the language server all read the same model.

/** Zero-based, like LSP and VS Code positions. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Problem {
  severity: Severity;
  /** Stable identifier, used by quick fixes and tests. */
  code: string;
  message: string;
  range: Range;
  /** Edits that mend it, when the model knows them (offered as quick fixes). */
  fixes?: Fix[];
  /** What `podman kube play` does because of it, when it stops the play: exits with an error, or never returns. */
  stops?: 'fails' | 'hangs';
  /** What podman has made of the pod when it stops here, where the model does not draw that pod (a refused container name). */
  made?: LeftPod;
}

/** A pod a play that stops has made. */
export interface LeftPod {
  name: string;
  /** Containers that exist afterwards (init containers that ran once are gone; made ones that never started stay). */
  containers: string[];
}

export interface Edit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: Edit[];
  /** The extension's command that mends it instead of an edit (by its name in shared/commands.ts), with its arguments after the file's URI. */
  command?: { name: 'chooseConfigMapFiles' | 'createSecret'; args: unknown[] };
}

import type { PodKind, ResourceKind } from './behaviour';

export interface Port {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol: string;
  range: Range;
  /** The `hostPort` value, when there is one. */
  hostPortRange?: Range;
  /** Where `hostPort: N` goes to publish the port: after this position, with this prefix. */
  hostPortInsert: { position: Position; prefix: string };
}

export interface EnvVar {
  name: string;
  value?: string;
  range: Range;
}

export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly: boolean;
  range: Range;
}

export interface Volume {
  name: string;
  /** hostPath, persistentVolumeClaim, configMap, secret, emptyDir, image, or 'unknown'. */
  type: string;
  /** Host path, claim, config map or secret name, when the type has one. */
  source?: string;
  range: Range;
}

/** A command, args item or env value with its place in the source (offsets into the text). */
export interface SourceText {
  text: string;
  field: 'command' | 'args' | 'env';
  envName?: string;
  start: number;
  end: number;
}

export interface Container {
  /** Name in the YAML (`server`). */
  name: string;
  /** Name podman gives it: `<pod>-<container>` (`valkey0-server`). */
  podmanName: string;
  image?: string;
  imageRange?: Range;
  /** `imagePullPolicy`, as written. */
  pullPolicy?: string;
  /** Where podman gets the image (built, local, pulled), when that is known. */
  imageSource?: ImageSource;
  init: boolean;
  /** An init container with `restartPolicy: Always` (a Kubernetes native sidecar): podman waits for it forever. */
  sidecar: boolean;
  command: string[];
  args: string[];
  env: EnvVar[];
  ports: Port[];
  volumeMounts: VolumeMount[];
  /** Where command, args and env values stand in the source, for connection inference. */
  texts: SourceText[];
  range: Range;
  nameRange: Range;
}

/** A ConfigMap or Secret a pod reads, from env, envFrom or a volume. */
export interface Reference {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  /** The key read (configMapKeyRef, secretKeyRef). */
  key?: string;
  optional: boolean;
  via: 'env' | 'envFrom' | 'volume';
  range: Range;
  /** Where `optional: true` goes, after the name. */
  optionalInsert: { position: Position; prefix: string };
}

export interface Pod {
  /** Name podman gives the pod. */
  name: string;
  kind: PodKind;
  /** `metadata.name` of the object that made this pod. */
  objectName: string;
  hostNetwork: boolean;
  hostname?: string;
  hostnameRange?: Range;
  containers: Container[];
  volumes: Volume[];
  /** ConfigMaps and Secrets its containers and volumes read. */
  refs: Reference[];
  /** Index of the YAML document the pod comes from. */
  document: number;
  range: Range;
  nameRange: Range;
}

/** A non-pod object podman plays (PersistentVolumeClaim, ConfigMap, Secret). */
export interface Resource {
  kind: ResourceKind;
  name: string;
  document: number;
  range: Range;
}

/** An object podman skips: a kind it does not know, or one newer than the given podman. */
export interface IgnoredObject {
  kind: string;
  name?: string;
  /** Why podman skips it, in words for a person. */
  reason: string;
  document: number;
  range: Range;
}

export interface ContainerRef {
  pod: string;
  container: string;
}

/**
 * A connection one container makes to another, inferred from its command, args or env.
 * `localhost` ones stay inside the pod; `dns` ones go through the network by name.
 */
export interface Connection {
  from: ContainerRef;
  /** The host as written (`localhost`, `valkey1-server`). */
  host: string;
  /** The environment variable it is written in, when it is one. */
  envName?: string;
  port?: number;
  via: 'localhost' | 'dns';
  /** The pod (and container, when known) it reaches. Absent when unresolved. */
  to?: { pod: string; container?: string };
  status: 'ok' | 'unresolved' | 'impossible';
  /** Why it is unresolved or impossible, and what would work. */
  message?: string;
  /** The host name that would work instead, when one does. */
  suggestion?: string;
  range: Range;
}

export interface Manifest {
  podmanVersion: string;
  /** The network given with `--network`; absent: podman's default. */
  network?: string;
  /** `--publish-all` given. */
  publishAll?: boolean;
  /** Played by the remote client: published ports are on the service's machine. */
  remote?: boolean;
  pods: Pod[];
  resources: Resource[];
  ignored: IgnoredObject[];
  connections: Connection[];
  problems: Problem[];
  /** Number of YAML documents that hold a kube object (apiVersion + kind). */
  kubeDocuments: number;
}

export interface ModelOptions {
  /** Podman version whose behaviour to model, e.g. "4.3.1". Default: the newest behaviour. */
  podmanVersion?: string;
  /** A remote client's own version, when it is not the service's: which flags it has is its own. */
  clientVersion?: string;
  /** Whether the network the file is played on resolves names (false for the plain `podman` network). */
  dns?: boolean;
  /** The network given with `--network`; absent: podman's default. */
  network?: string;
  /** `--publish-all` given (podman 4.8+): every containerPort is published, as before 4.8. */
  publishAll?: boolean;
  /** ConfigMap names from the `--configmap` files given to podman; absent when unknown (a reference to another is then a warning, not an error). */
  configMaps?: string[];
  /** Names of the podman secrets that exist; absent when unknown. */
  secrets?: string[];
  /** `--no-pod-prefix` given (podman 5.7+): containers keep their own names. */
  noPodPrefix?: boolean;
  /** The flags of the play (`--build`, `--userns`...), for those this podman lacks. */
  flags?: string[];
  /**
   * Played by the remote client (a connection, or podman on macOS and Windows): it lacks some
   * flags, and the service plays the file on its own machine, where hostPath paths are looked up.
   */
  remote?: boolean;
  /** Rootless podman: it cannot publish host ports below net.ipv4.ip_unprivileged_port_start. */
  rootless?: boolean;
  /** That sysctl on the machine podman runs on, when known (the kernel's default is 1024). */
  unprivilegedPortStart?: number;
  /** `--build` given (true), `--build=false` (false), or neither: podman then builds only the images it lacks. */
  build?: boolean;
  /** The build folders where podman plays (its working directory, or `--context-dir`); absent when unknown. */
  buildContext?: BuildContext;
  /** The images podman has; absent when unknown. */
  images?: LocalImage[];
  /** Where the manifest's objects are, in the messages' words: `this file` (default), or a project's files. */
  where?: string;
}

/** An image podman has (`podman images --format json`). */
export interface LocalImage {
  id: string;
  /** `docker.io/valkey/valkey:8`, `localhost/web:latest`. */
  names: string[];
  /** `repo@sha256:...` */
  digests?: string[];
  size?: number;
  /** Unix seconds. */
  created?: number;
}

/** The build folders of the folder podman plays in: by folder name, the build file podman takes there. */
export interface BuildContext {
  /** The folder podman looks in (its working directory, or `--context-dir`). */
  dir: string;
  files: Record<string, 'Containerfile' | 'Dockerfile'>;
}

/** Where podman gets an image, when that is known. */
export interface ImageSource {
  /** `build`: from `buildFile`; `local`: an image podman has; `pull`: from a registry; `build-unless-local`: the local images are not known. */
  how: 'build' | 'local' | 'pull' | 'build-unless-local';
  /** The build file podman builds it from (or would with `--build`), as `web/Containerfile`, and its full path. */
  buildFile?: string;
  buildPath?: string;
  /** The image podman has, for `local`. */
  local?: LocalImage;
}

// What the extension tells the language server that the server cannot see in a document: the
// podman version, the podman secrets that exist, and how each file is played.
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import type { LocalImage } from '../model/types';
import type { ModelOptions } from '../model/types';

/** What the model needs of how a file is played, beside what holds for every file. */
export const FILE_OPTIONS = ['dns', 'network', 'publishAll', 'noPodPrefix', 'configMaps', 'flags', 'build', 'buildContext'] as const;
export type FileOptions = Pick<ModelOptions, (typeof FILE_OPTIONS)[number]>;

export function fileOptions(o: ModelOptions): FileOptions {
  return Object.fromEntries(FILE_OPTIONS.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

export interface ServerContext {
  /** From `podman version` or the `podmanKube.podman.version` setting; absent: the newest. */
  podmanVersion?: string;
  /** Names of podman's secrets; absent when unknown. */
  secrets?: string[];
  /** Podman is the remote client (a connection, or podman on macOS and Windows), and its own version when not the service's. */
  remote?: boolean;
  clientVersion?: string;
  /** Podman runs rootless, and the lowest host port it may publish when known. */
  rootless?: boolean;
  unprivilegedPortStart?: number;
  /** The images podman has (the service's, for a remote client); absent when unknown. */
  images?: LocalImage[];
  /** Projects the repository defines: a Quadlet `.kube` unit naming several files (ConfigMap= files, then Yaml= in order), by paths. */
  projects?: { name: string; files: string[] }[];
  /** By document URI: the `--network` it is played on, whether that network resolves names, `--publish-all`, the ConfigMaps of its `--configmap` files, its flags, its build folders. */
  files: Record<string, FileOptions>;
}

/** One type for both ends: the client cannot send, nor the server read, another shape. */
export const CONTEXT_NOTIFICATION = new NotificationType<ServerContext>('podmanKube/context');

/** A project as the language server knows it (the files of a folder that reference each other). */
export interface ProjectInfo {
  /** Its folder's name. */
  name: string;
  /** In play order; a file of ConfigMaps only is given to the others as `--configmap`. */
  files: { path: string; name: string; configMapsOnly: boolean }[];
  /** Volumes podman makes for its ConfigMap and Secret volumes, which `kube down` leaves. */
  volumes: string[];
}

/** The project of a document (by URI); null when it is in none. */
export const PROJECT_REQUEST = new RequestType<{ uri: string }, ProjectInfo | null, void>('podmanKube/project');

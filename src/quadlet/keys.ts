// The keys podman's quadlet reads in `.kube` and `.network` units, with the first release that
// reads each (pkg/systemd/quadlet/quadlet.go: supportedKubeKeys / supportedNetworkKeys at each
// tag from v4.4.0 to v5.6.0) and what it turns them into. Unknown keys make quadlet refuse the
// whole unit ("unsupported key 'X' in group 'Kube'"), so this table is the whole language.

export type Shape = 'path' | 'bool' | 'text' | 'args' | 'port' | 'network' | 'choice';

export interface UnitKey {
  since: string;
  shape: Shape;
  /** For 'choice': the values quadlet accepts (case-insensitive). */
  choices?: string[];
  doc: string;
  deprecated?: string;
}

export const QUADLET_SINCE = '4.4.0';
/** `podman quadlet install|list|print|rm` (cmd/podman/quadlet, v5.6.0). */
export const QUADLET_COMMAND_SINCE = '5.6.0';

export const KUBE_KEYS: Record<string, UnitKey> = {
  Yaml: { since: '4.4.0', shape: 'path', doc: 'The kube YAML to play (required): `podman kube play … FILE`, and `podman kube down FILE` when the service stops. A relative path is relative to this unit file.' },
  Network: {
    since: '4.4.0',
    shape: 'network',
    doc: "`--network`: a podman network name or mode, or `NAME.network` for a `.network` unit (then the service requires that network's service, and the network is named by its `NetworkName=`, else `systemd-NAME`). May repeat.",
  },
  ConfigMap: { since: '4.4.0', shape: 'path', doc: '`--configmap FILE`: a file of ConfigMaps the YAML reads. Relative to this unit file. May repeat.' },
  PublishPort: { since: '4.4.0', shape: 'port', doc: '`--publish [IP:][HOST:]CONTAINER[/PROTOCOL]`. May repeat.' },
  RemapUsers: { since: '4.4.0', shape: 'text', doc: 'Deprecated user namespace mapping (`auto`, `keep-id`).', deprecated: 'use UserNS=' },
  RemapUid: { since: '4.4.0', shape: 'text', doc: 'Deprecated user namespace mapping.', deprecated: 'use UserNS=' },
  RemapGid: { since: '4.4.0', shape: 'text', doc: 'Deprecated user namespace mapping.', deprecated: 'use UserNS=' },
  RemapUidSize: { since: '4.4.0', shape: 'text', doc: 'Deprecated user namespace mapping.', deprecated: 'use UserNS=' },
  LogDriver: { since: '4.5.0', shape: 'text', doc: '`--log-driver`: where container logs go (`journald`, `k8s-file`, `none`...).' },
  UserNS: { since: '4.5.0', shape: 'text', doc: "`--userns MODE[:OPTIONS]`: the pods' user namespace (`auto`, `keep-id`, `host`...)." },
  ExitCodePropagation: { since: '4.6.0', shape: 'choice', choices: ['all', 'any', 'none'], doc: "`--service-exit-code-propagation`: how the containers' exit codes become the service's (`all`, `any`, `none`)." },
  PodmanArgs: { since: '4.6.0', shape: 'args', doc: 'Arguments added to `podman kube play` just before the YAML, e.g. `--publish-all`, `--annotation=k=v`. May repeat.' },
  AutoUpdate: { since: '4.7.0', shape: 'text', doc: '`registry` or `local` (or `CONTAINER/registry`): `podman auto-update` updates the images. May repeat.' },
  SetWorkingDirectory: { since: '4.7.0', shape: 'choice', choices: ['yaml', 'unit'], doc: "The service's working directory: the YAML's folder (`yaml`) or this unit's (`unit`)." },
  ContainersConfModule: { since: '4.8.0', shape: 'path', doc: '`--module`: a containers.conf module for this podman. May repeat.' },
  GlobalArgs: { since: '4.8.0', shape: 'args', doc: 'Arguments between `podman` and `kube`, e.g. `--log-level=debug`. May repeat.' },
  KubeDownForce: { since: '4.8.0', shape: 'bool', doc: '`podman kube down --force` when the service stops: also removes the volumes.' },
  LogOpt: { since: '5.2.0', shape: 'text', doc: '`--log-opt NAME=VALUE`. May repeat.' },
  ServiceName: { since: '5.3.0', shape: 'text', doc: "The generated service's name, instead of this unit's name." },
};

export const NETWORK_KEYS: Record<string, UnitKey> = {
  NetworkName: { since: '4.7.0', shape: 'text', doc: "The network's name in podman (default `systemd-` and this unit's name): what `Network=NAME.network` in a `.kube` unit then uses." },
  DisableDNS: { since: '4.4.0', shape: 'bool', doc: "`--disable-dns`: containers on it no longer resolve each other's names." },
  Driver: { since: '4.4.0', shape: 'text', doc: '`--driver` (`bridge`, `macvlan`, `ipvlan`).' },
  Gateway: { since: '4.4.0', shape: 'text', doc: '`--gateway` (needs a Subnet=). May repeat.' },
  Internal: { since: '4.4.0', shape: 'bool', doc: '`--internal`: no route out of the network.' },
  IPRange: { since: '4.4.0', shape: 'text', doc: '`--ip-range` (needs a Subnet=). May repeat.' },
  IPAMDriver: { since: '4.4.0', shape: 'text', doc: '`--ipam-driver`.' },
  IPv6: { since: '4.4.0', shape: 'bool', doc: '`--ipv6`.' },
  Label: { since: '4.4.0', shape: 'text', doc: '`--label KEY=VALUE`. May repeat.' },
  Options: { since: '4.4.0', shape: 'text', doc: '`--opt KEY=VALUE`. May repeat.' },
  Subnet: { since: '4.4.0', shape: 'text', doc: '`--subnet`. May repeat.' },
  PodmanArgs: { since: '4.6.0', shape: 'args', doc: 'Arguments added to `podman network create`. May repeat.' },
  DNS: { since: '4.7.0', shape: 'text', doc: '`--dns`: a DNS server for the network. May repeat.' },
  ContainersConfModule: { since: '4.8.0', shape: 'path', doc: '`--module`. May repeat.' },
  GlobalArgs: { since: '4.8.0', shape: 'args', doc: 'Arguments between `podman` and `network`. May repeat.' },
  ServiceName: { since: '5.3.0', shape: 'text', doc: "The generated service's name." },
  NetworkDeleteOnStop: { since: '5.5.0', shape: 'bool', doc: 'Remove the network when the service stops.' },
  InterfaceName: { since: '5.6.0', shape: 'text', doc: "`--interface-name`: the bridge's name on the host." },
};

/** The groups quadlet checks each unit kind's keys in; other groups are systemd's own. */
export const CHECKED_GROUP: Record<'kube' | 'network', { group: string; keys: Record<string, UnitKey> }> = {
  kube: { group: 'Kube', keys: KUBE_KEYS },
  network: { group: 'Network', keys: NETWORK_KEYS },
};

/** What quadlet's parser reads as true (pkg/systemd/parser/unitfile.go, LookupBoolean); anything else is false. */
export const TRUE_WORDS = ['1', 'yes', 'true', 'on'];
export const FALSE_WORDS = ['0', 'no', 'false', 'off'];

// What podman does differs by version; everything version-dependent is decided here.

export const NEWEST = 'newest';

/** [major, minor, patch]; unparseable or "newest" means the newest behaviour. */
export function parseVersion(version: string | undefined): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec((version ?? '').trim());
  if (!m) return [Infinity, 0, 0];
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

export function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const [a, b] = parseVersion(version);
  return a > major || (a === major && b >= minor);
}

/** The podman version that first plays each kind. */
export const KIND_SINCE: Record<string, [number, number]> = {
  Pod: [4, 3],
  Deployment: [4, 3],
  PersistentVolumeClaim: [4, 3],
  ConfigMap: [4, 3],
  Secret: [4, 3],
  DaemonSet: [4, 7],
  Job: [5, 3],
};

export interface Features {
  /** 4.4+: a Deployment makes one pod `<name>-pod`; before, one per replica, `<name>-pod-<i>`. */
  singleDeploymentPod: boolean;
  /** 4.5+: YAML container names become network aliases. */
  containerNameAlias: boolean;
  /** 4.7+: the pod hostname becomes a network alias. */
  hostnameAlias: boolean;
}

export function features(version: string | undefined): Features {
  return {
    singleDeploymentPod: atLeast(version, 4, 4),
    containerNameAlias: atLeast(version, 4, 5),
    hostnameAlias: atLeast(version, 4, 7),
  };
}

export function describeVersion(version: string | undefined): string {
  return parseVersion(version)[0] === Infinity ? 'the newest podman' : `podman ${version}`;
}

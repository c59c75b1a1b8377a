// Parsers for podman's output. Pure; each tolerates the shapes podman 4.x and 5.x print.
import type { LocalImage } from '../model/types';

export interface NetworkInfo {
  name: string;
  driver: string;
  dns: boolean;
}

/** The objects of a JSON array podman printed (nothing printed: none); throws when it is not JSON (cut, or not podman's). */
export function objects(json: string): Record<string, unknown>[] {
  const data = JSON.parse(json || '[]') as unknown;
  return Array.isArray(data) ? data.filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null) : [];
}

/** A field podman prints as a string; anything else is none. */
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function parseNetworks(json: string): NetworkInfo[] {
  return objects(json)
    .map((n) => ({
      name: str(n.name ?? n.Name),
      driver: str(n.driver ?? n.Driver),
      // netavark reports dns_enabled; CNI networks use the dnsname plugin, shown in Plugins.
      dns: n.dns_enabled === true || (Array.isArray(n.Plugins) && n.Plugins.includes('dnsname')),
    }))
    .filter((n) => n.name);
}

/** Pods or volumes as `pod ps`/`volume ls --format json` list them: id (pods only) and name. */
export function parseNamed(json: string): { id: string; name: string }[] {
  return objects(json)
    .map((o) => ({ id: str(o.Id ?? o.ID), name: str(o.Name) }))
    .filter((o) => o.name);
}

export const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** `podman images --format json`: an untagged image has no Names (null). */
export function parseImages(json: string): LocalImage[] {
  return objects(json)
    .map((o) => ({
      id: str(o.Id ?? o.ID),
      names: strings(o.Names),
      digests: strings(o.RepoDigests),
      ...(typeof o.Size === 'number' ? { size: o.Size } : {}),
      ...(typeof o.Created === 'number' ? { created: o.Created } : {}),
    }))
    .filter((i) => i.id);
}

export interface VersionInfo {
  client: string;
  /** The podman that runs containers: the remote one for `--connection`. */
  server: string;
  /** The remote client: only it prints a Server (podman's SystemVersionReport, "populated in tunnel mode"). */
  remote: boolean;
}

export function parseVersion(json: string): VersionInfo {
  const data = JSON.parse(json) as { Client?: { Version?: string }; Server?: { Version?: string } };
  const client = data.Client?.Version ?? '';
  if (!client) throw new Error('podman version printed no Client.Version');
  return { client, server: data.Server?.Version ?? client, remote: data.Server != null };
}

/** Names from `podman secret ls --format {{.Name}}`, one a line. */
export function parseSecretNames(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export interface ConnectionInfo {
  name: string;
  uri: string;
  isDefault: boolean;
}

export function parseConnections(json: string): ConnectionInfo[] {
  return objects(json)
    .map((c) => ({ name: str(c.Name), uri: str(c.URI ?? c.Uri), isDefault: c.Default === true }))
    .filter((c) => c.name);
}

/** What podman's error text means for the user, and what to offer. */
export function classifyError(stderr: string): 'already-exists' | 'no-network' | 'image-missing' | undefined {
  if (/already exists/i.test(stderr)) return 'already-exists';
  if (/network .* not found|unable to find network/i.test(stderr)) return 'no-network';
  if (/(image not known|manifest unknown|initializing source|pinging container registry|name unknown)/i.test(stderr)) return 'image-missing';
  return undefined;
}

/** podman's error text without its log prefixes, for a notification. */
export function errorText(stderr: string): string {
  const lines = stderr
    .split('\n')
    .filter((l) => !/^time="[^"]*" level=(warning|info|debug)/.test(l))
    .map((l) =>
      l
        .replace(/^time="[^"]*" level=\w+ msg="(.*)"$/, '$1')
        .replace(/^Error: /, '')
        .trim(),
    )
    .filter(Boolean);
  return lines.slice(-3).join(' · ') || stderr.trim();
}

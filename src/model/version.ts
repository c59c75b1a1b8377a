// Which of podman's behaviours (behaviour.ts) a given version has.
import { CHANGES, type ChangeName } from './behaviour';

export const NEWEST = 'newest';

/** [major, minor, patch]; unparseable or "newest" means the newest behaviour. */
export function parseVersion(version: string | undefined): [number, number, number] {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec((version ?? '').trim());
  if (!m) return [Infinity, 0, 0];
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** Whether `version` is `since` ("4.4.0", "4.4") or newer. */
export function atLeast(version: string | undefined, since: string): boolean {
  // Asked for every field of every object: a handful of distinct pairs, each parsed once.
  const key = `${version}|${since}`;
  let answer = compared.get(key);
  if (answer === undefined) {
    const [a, b, c] = parseVersion(version);
    const [x, y, z] = parseVersion(since);
    answer = a !== x ? a > x : b !== y ? b > y : c >= z;
    if (compared.size < 1000) compared.set(key, answer);
  }
  return answer;
}

const compared = new Map<string, boolean>();

export type Features = Record<ChangeName, boolean>;

const known = new Map<string | undefined, Features>();

/** The behaviours `version` has (kept per version: the model asks for each pod). */
export function features(version: string | undefined): Features {
  let f = known.get(version);
  if (!f) {
    f = Object.fromEntries(Object.entries(CHANGES).map(([name, c]) => [name, atLeast(version, c.since)])) as Features;
    // Versions come from settings and podman: a handful. Never let the cache grow with odd input.
    if (known.size < 64) known.set(version, f);
  }
  return f;
}

/** "4.7" from "4.7.0", for messages. */
export function shortVersion(since: string): string {
  return since.replace(/\.0$/, '');
}

export function describeVersion(version: string | undefined): string {
  return parseVersion(version)[0] === Infinity ? 'the newest podman' : `podman ${version}`;
}

/** A sentence's first word: "Podman 4.3.1" from describeVersion's "podman 4.3.1". */
export function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

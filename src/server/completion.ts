// Completion: keys from the schema (the ones podman ignores marked so), kind and other known
// values, and the names a container can reach where a host name is expected.
import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range } from 'vscode-languageserver/node';
import { atLeast, describeSupport, features, honoured, isPlayedKind, PLAYED_KINDS, shortVersion, tableAt, type Field, type Manifest, type PlayedKind, type Pod } from '../model';
import { imageAge } from '../model/images';
import type { LocalImage } from '../model/types';
import { placeAt, type Place } from './cursor';

export function complete(lines: string[], position: Position, manifest: Manifest | undefined, images?: readonly LocalImage[]): CompletionItem[] {
  const place = placeAt(lines, position.line, position.character);
  const range = { start: { line: position.line, character: place.word.start }, end: { line: position.line, character: place.word.end } };
  if (place.at === 'key') {
    const table = tableAt(place.kind, place.path);
    if (table) return keyItems(table, place, range, manifest?.podmanVersion);
    // A `- ` item of args or command, or a line of a block scalar in one of them.
    return inHostText(place.path) ? hostItems(manifest, position.line, range) : [];
  }
  const key = place.key!;
  if (place.path.length === 0 && key === 'kind') return kindItems(manifest?.podmanVersion, range);
  if (place.path.length === 0 && key === 'apiVersion') return apiVersionItems(place.kind, range);
  const field = tableAt(place.kind, place.path)?.[key];
  if (key === 'image' && field && images) return imageItems(images, range);
  if (field?.values) return field.values.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: v } }));
  return inHostText([...place.path, key]) ? hostItems(manifest, position.line, range) : [];
}

/** The images podman has, the newest first: each with its id, size and age. */
function imageItems(images: readonly LocalImage[], range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  const newest = [...images].sort((a, b) => (b.created ?? 0) - (a.created ?? 0));
  newest.forEach((i, rank) => {
    for (const name of i.names) {
      const age = imageAge(i.created);
      items.push({
        label: name,
        kind: CompletionItemKind.Value,
        detail: `local image ${i.id.slice(0, 12)}${i.size !== undefined ? `, ${(i.size / 1e6).toFixed(1)} MB` : ''}${age ? `, made ${age}` : ''}`,
        sortText: String(rank).padStart(4, '0'),
        textEdit: { range, newText: name },
      });
    }
  });
  return items;
}

/** Whether text at `path` holds host names: command and args items, env values. */
function inHostText(path: string[]): boolean {
  let i = path.length - 1;
  while (i >= 0 && path[i] === '[]') i--;
  return path[i] === 'command' || path[i] === 'args' || (path[i] === 'value' && path[i - 1] === '[]' && path[i - 2] === 'env');
}

function keyItems(table: Record<string, Field>, place: Place, range: Range, version: string | undefined): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const [key, f] of Object.entries(table)) {
    if (place.siblings.has(key) && key !== place.key) continue;
    const ignored = !honoured(f, version);
    const list = f.type?.endsWith('[]');
    const body = list ? `${key}:\n  - $0` : f.type ? `${key}:\n  $0` : `${key}: $0`;
    items.push({
      label: key,
      kind: CompletionItemKind.Property,
      detail: ignored ? 'podman ignores this field' : undefined,
      tags: ignored ? [CompletionItemTag.Deprecated] : undefined,
      documentation: { kind: MarkupKind.Markdown, value: `${f.doc}\n\n${describeSupport(f, version)}` },
      // Fields podman acts on come first.
      sortText: `${ignored ? 1 : 0}${key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: body },
    });
  }
  return items;
}

function kindItems(version: string | undefined, range: Range): CompletionItem[] {
  return (Object.keys(PLAYED_KINDS) as PlayedKind[]).map((k, i) => {
    const since = shortVersion(PLAYED_KINDS[k].since);
    const played = atLeast(version, since);
    return {
      label: k,
      kind: CompletionItemKind.EnumMember,
      detail: played ? `podman ${since}+` : `needs podman ${since}; this podman skips it`,
      tags: played ? undefined : [CompletionItemTag.Deprecated],
      sortText: String(i).padStart(2, '0'),
      textEdit: { range, newText: k },
    };
  });
}

function apiVersionItems(kind: string | undefined, range: Range): CompletionItem[] {
  const versions = kind && isPlayedKind(kind) ? [PLAYED_KINDS[kind].apiVersion] : [...new Set(Object.values(PLAYED_KINDS).map((k) => k.apiVersion))];
  return versions.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: v } }));
}

/** Names the container at `line` can reach, with where each one works. */
function hostItems(manifest: Manifest | undefined, line: number, range: Range): CompletionItem[] {
  if (!manifest) return [];
  const from = manifest.pods.find((p) => p.range.start.line <= line && line <= p.range.end.line);
  const f = features(manifest.podmanVersion);
  const items: CompletionItem[] = [];
  const add = (label: string, detail: string, rank: number) => {
    if (!items.some((i) => i.label === label)) {
      items.push({ label, kind: CompletionItemKind.Reference, detail, sortText: `${rank}${label}`, textEdit: { range, newText: label } });
    }
  };
  if (from) add('localhost', `containers of pod ${from.name}${portsOf(from)}`, 0);
  for (const pod of manifest.pods) {
    if (pod.hostNetwork) continue;
    const other = pod !== from;
    const where = other ? 'from other pods on a network with DNS' : 'this pod';
    add(pod.name, `pod ${pod.name}${portsOf(pod)}, ${where}`, other ? 1 : 3);
    if (pod.hostname && f.hostnameAlias) add(pod.hostname, `hostname of pod ${pod.name}, ${where}`, 2);
    for (const c of pod.containers) {
      if (!c.init && f.containerNameAlias) add(c.name, `container ${c.name} of pod ${pod.name} (podman 4.5+), ${where}`, 2);
    }
  }
  return items;
}

function portsOf(pod: Pod): string {
  const ports = pod.containers.flatMap((c) => (c.init ? [] : c.ports.map((p) => p.containerPort)));
  return ports.length ? ` (port ${ports.join(', ')})` : '';
}

// Hover: on a key, what it means and whether podman acts on it; on a pod or container name, the
// names it is reachable by and from where; on a kind, whether this podman plays it.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import { atLeast, describeSupport, describeVersion, features, isPlayedKind, PLAYED_KINDS, publishedPorts, publishesAll, shortVersion, tableAt, type Container, type Manifest, type Pod, type Range } from '../model';
import { pathToFileURL } from 'url';
import { imageAge } from '../model/images';
import { code, md } from './markdown';
import { placeAt } from './cursor';
import { overlaps } from './ranges';

export function hover(lines: string[], position: Position, manifest: Manifest | undefined): Hover | null {
  if (!manifest) return null;
  const image = imageAt(manifest, position);
  if (image) return markdown(imageText(image.container), image.container.imageRange!);
  const named = nameAt(manifest, position);
  if (named) return markdown(named.container ? containerText(manifest, named.pod, named.container) : podText(manifest, named.pod), named.range);
  const place = placeAt(lines, position.line, position.character);
  if (!place.word.text) return null;
  const range = { start: { line: position.line, character: place.word.start }, end: { line: position.line, character: place.word.end } };
  if (place.at === 'key' && place.key === place.word.text) {
    const field = tableAt(place.kind, place.path)?.[place.key];
    return field ? markdown(`**${place.key}**: ${field.doc}\n\n${md(describeSupport(field, manifest.podmanVersion))}`, range) : null;
  }
  if (place.at === 'value' && place.key === 'kind' && place.path.length === 0) return markdown(kindText(place.word.text, manifest.podmanVersion), range);
  return null;
}

function nameAt(manifest: Manifest, p: Position): { pod: Pod; container?: Container; range: Range } | undefined {
  for (const pod of manifest.pods) {
    if (p.line < pod.range.start.line || p.line > pod.range.end.line) continue;
    const at = { start: p, end: p };
    if (overlaps(pod.nameRange, at)) return { pod, range: pod.nameRange };
    for (const c of pod.containers) if (overlaps(c.nameRange, at)) return { pod, container: c, range: c.nameRange };
  }
  return undefined;
}

function imageAt(manifest: Manifest, p: Position): { container: Container } | undefined {
  const at = { start: p, end: p };
  for (const pod of manifest.pods) {
    if (p.line < pod.range.start.line || p.line > pod.range.end.line) continue;
    for (const c of pod.containers) if (c.imageRange && overlaps(c.imageRange, at)) return { container: c };
  }
  return undefined;
}

/** Where podman gets the image: a link to the build file, the local image's id, size and age, or a pull. */
function imageText(c: Container): string {
  const out = [`**Image ${md(c.image ?? '')}**`, ''];
  const s = c.imageSource;
  const file = s?.buildFile && s.buildPath ? `[${md(s.buildFile)}](${pathToFileURL(s.buildPath).toString()})` : undefined;
  if (s?.how === 'build') out.push(`Podman builds it from ${file} before it creates the pod.`);
  else if (s?.how === 'build-unless-local') out.push(`Podman builds it from ${file} unless it has that image already.`);
  else if (s?.how === 'local' && s.local) {
    const i = s.local;
    const facts = [`ID ${code(i.id.slice(0, 12))}`, i.size !== undefined ? `${(i.size / 1e6).toFixed(1)} MB` : undefined, imageAge(i.created) ? `made ${imageAge(i.created)}` : undefined].filter(Boolean).join(', ');
    out.push(`Podman has it: ${facts}.`);
    if (file) out.push('', `Not rebuilt from ${file} unless played with \`--build\` (Build & Play).`);
  } else if (s?.how === 'pull') out.push(`Podman has no such image: it pulls it${file ? ` (\`--build=false\`: ${file} is not built)` : ''}.`);
  else out.push('Podman builds it from a folder of this name with a Containerfile where it plays, else uses the image it has, else pulls it.');
  return out.join('\n');
}

function podText(manifest: Manifest, pod: Pod): string {
  const from = pod.kind === 'Pod' ? '' : ` (made by ${pod.kind} ${md(pod.objectName)})`;
  const out = [`**Pod ${md(pod.name)}**${from}, ${pod.containers.length} container${pod.containers.length === 1 ? '' : 's'}`, ''];
  if (pod.hostNetwork) {
    out.push("Uses the host's network: it has no name on any network. Its ports are the host's ports: `localhost:PORT` from the host and from other host-network pods.");
    return out.join('\n');
  }
  const f = features(manifest.podmanVersion);
  const version = md(describeVersion(manifest.podmanVersion));
  out.push('Reachable as:', '');
  out.push(`- ${code(pod.name)} from other pods on the same network with DNS (not on the plain \`podman\` network)`);
  if (pod.hostname) out.push(f.hostnameAlias ? `- ${code(pod.hostname)} (its hostname), from the same pods` : `- ${code(pod.hostname)} only from podman 4.7 (${version} does not make the hostname an alias)`);
  out.push('- `localhost` from its own containers');
  const published = publishedPorts(pod, publishesAll(manifest.podmanVersion, manifest.publishAll)).map((p) => `${p.hostPort}→${p.port.containerPort}`);
  if (published.length) {
    const where = manifest.remote ? "from the machine podman runs on (a podman machine forwards them to this computer's localhost; a connection to another host publishes them there)" : 'from the host';
    out.push(`- the host's ports ${[...new Set(published)].join(', ')} ${where}`);
  }
  out.push(...reachedBy(manifest, pod.name));
  return out.join('\n');
}

function containerText(manifest: Manifest, pod: Pod, c: Container): string {
  const ports = c.ports.map((p) => p.containerPort);
  const port = ports.length ? `:${ports[0]}` : '';
  const out = [`**Container ${md(c.podmanName)}**${c.init ? ' (init container: runs once, to completion, before the others; podman then removes it)' : ''}, in pod ${md(pod.name)}`, ''];
  if (c.init) return out.join('\n');
  if (pod.hostNetwork) {
    out.push(`Uses the host's network: \`localhost${port}\` from the host and from host-network pods.`);
    return out.join('\n');
  }
  const f = features(manifest.podmanVersion);
  out.push('Reachable as:', '');
  out.push(`- \`localhost${port}\` from the other containers of pod ${md(pod.name)}`);
  out.push(`- ${code(pod.name + port)} (the pod name) from other pods on the same network with DNS`);
  out.push(f.containerNameAlias ? `- ${code(c.name + port)}, from the same pods` : `- ${code(c.name)} only from podman 4.5 (${md(describeVersion(manifest.podmanVersion))} does not make it an alias)`);
  if (c.podmanName !== c.name) out.push(`- not as ${code(c.podmanName)}: that is its name for podman commands (${code(`podman logs ${c.podmanName}`)}), not a name on the network`);
  out.push(...reachedBy(manifest, pod.name, c.name));
  return out.join('\n');
}

/** The connections in the file that reach this pod or container. */
function reachedBy(manifest: Manifest, pod: string, container?: string): string[] {
  const lines = manifest.connections
    .filter((k) => k.status === 'ok' && k.to?.pod === pod && (!container || k.to.container === container))
    .map((k) => `- ${md(`${k.from.pod}/${k.from.container}`)} → ${code(`${k.host}${k.port ? `:${k.port}` : ''}`)} (line ${k.range.start.line + 1})`);
  return lines.length ? ['', 'Reached in this file by:', '', ...lines] : [];
}

function kindText(kind: string, version: string): string {
  if (!isPlayedKind(kind)) return `**${md(kind)}**: podman kube play skips this kind: nothing is created for it.`;
  const since = shortVersion(PLAYED_KINDS[kind].since);
  return atLeast(version, since) ? `**${kind}**: played by podman from ${since}.` : `**${kind}**: needs podman ${since} or newer; ${md(describeVersion(version))} skips it.`;
}

function markdown(value: string, range: Range): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, range };
}

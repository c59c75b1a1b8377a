// What podman does with an init container that the Kubernetes API allows: a native sidecar
// (`restartPolicy: Always`) and the probes and hooks it refuses; each problem with its fix.
import type { Node, Pair, YAMLMap, YAMLSeq } from 'yaml';
import { RULES } from './behaviour';
import type { Fix, Range } from './types';
import type { YamlReader } from './yamlReader';

/** Keys podman refuses on an init container. */
const INIT_REFUSED = ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'];

/** Reports what podman does with this init container; true when it is a native sidecar. */
export function checkInitContainer(r: YamlReader, map: YAMLMap, path: string, range: Range, name: string, containers: YAMLSeq | undefined): boolean {
  // Init containers are started and waited for one by one (libpod/pod_api.go startInitContainers);
  // podman's Container type has no restartPolicy up to 5.8 (pkg/k8s.io/api/core/v1/types.go).
  let sidecar = false;
  const restart = r.pair(map, 'restartPolicy');
  if (restart && r.string(r.resolve(restart.value), `${path}.restartPolicy`, range) === 'Always') {
    sidecar = true;
    const fix = moveToContainers(r, map, restart, containers, name);
    r.problems.push({
      severity: 'error',
      code: 'native-sidecar',
      message: `Podman has no native sidecars: it ignores \`restartPolicy\` here, runs "${name}" as an init container and waits for it to end before starting the others. A sidecar never ends, so \`podman kube play\` hangs. Move it into \`containers\`.`,
      range: r.range(restart.value, range),
      fixes: fix && [fix],
      stops: 'hangs',
    });
  }
  for (const key of INIT_REFUSED) {
    const p = r.pair(map, key);
    if (!p) continue;
    const fix = r.removePair(p, `Remove \`${key}\` (podman refuses it on an init container)`);
    r.problems.push({
      severity: 'error',
      code: 'init-container-refused-field',
      message: `Podman refuses an init container with \`${key}\`: "${RULES.initContainerProbes.error}". Remove it, or make "${name}" a regular container.`,
      range: r.range(p.key, range),
      fixes: fix && [fix],
      stops: 'fails',
    });
  }
  return sidecar;
}

/**
 * Moves an init container into `containers` (as its first item, re-indented, without its
 * `restartPolicy`), where podman runs it beside the others. Block lists only.
 */
function moveToContainers(r: YamlReader, item: YAMLMap, restart: Pair<Node, Node>, containers: YAMLSeq | undefined, name: string): Fix | undefined {
  const first = containers?.items[0] as Node | undefined;
  if (!containers || containers.flow || item.flow || !item.range || !first?.range) return undefined;
  const from = r.lineSpan(item.range[0], item.range[1]);
  const to = r.lineSpan(first.range[0], first.range[1]);
  const drop = r.lineSpan(restart.key.range![0], restart.value!.range![1]);
  if (!from || !to || !drop || drop.lead.trim() !== '') return undefined;
  const shift = to.lead.indexOf('-') - from.lead.indexOf('-');
  let body = r.text.slice(from.start, drop.start) + r.text.slice(drop.end, from.end);
  if (!body.endsWith('\n')) body += '\n';
  body = body.replace(/^( *)(?=\S)/gm, (spaces) => ' '.repeat(Math.max(0, spaces.length + shift)));
  return {
    title: `Move ${name} into containers, where podman runs it beside the others`,
    edits: [
      { range: r.rangeOf(from.start, from.end), newText: '' },
      { range: r.rangeOf(to.start, to.start), newText: body },
    ],
  };
}

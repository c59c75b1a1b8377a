// Runs in a worker thread of the extension host: reads a manifest and draws its diagram, so a big
// or hostile file never holds up the editor. Answers with what the views need, not the whole model.
import { parentPort } from 'worker_threads';
import { parseManifest, publishedPorts, publishesAll } from '../model';
import { toMermaid } from '../model/mermaid';
import type { ModelJob, ModelReply, ModelSummary } from './modelReader';

const reply = (m: ModelReply) => parentPort!.postMessage(m);

parentPort!.on('message', (job: ModelJob) => {
  try {
    const manifest = parseManifest(job.text, job.options);
    const all = publishesAll(manifest.podmanVersion, manifest.publishAll);
    const broken = manifest.problems.some((p) => p.code.startsWith('yaml-') && p.severity === 'error');
    const summary: ModelSummary = {
      id: job.id,
      problems: manifest.problems.map((p) => ({ message: p.message, line: p.range.start.line + 1, severity: p.severity })),
      broken,
      pods: manifest.pods.map((p) => ({
        name: p.name,
        lines: [p.range.start.line, p.range.end.line],
        nameAt: [p.nameRange.start.line, p.nameRange.start.character],
        published: publishedPorts(p, all).map((x) => `${x.hostPort}:${x.port.containerPort}/${x.port.protocol.toLowerCase()}`),
        containers: p.containers.map((c) => ({ name: c.name, podmanName: c.podmanName, image: c.image, init: c.init, command: c.command, args: c.args, nameAt: [c.nameRange.start.line, c.nameRange.start.character] })),
      })),
      resources: manifest.resources.map((r) => ({ kind: r.kind, name: r.name })),
      ignored: manifest.ignored.map((o) => `${o.kind}${o.name ? ` ${o.name}` : ''} (line ${o.range.start.line + 1}): ${o.reason}`),
      diagram: job.diagram && !broken ? toMermaid(manifest, job.diagram) : undefined,
      // The design without live state, for an export of what the file says.
      design: job.diagram?.live && !broken ? toMermaid(manifest, { ...job.diagram, live: undefined }).text : undefined,
    };
    reply(summary);
  } catch (e) {
    reply({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});

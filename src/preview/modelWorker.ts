// Runs in a worker thread of the extension host: reads a manifest and draws its diagram, so a big
// or hostile file never holds up the editor. Answers with what the views need, not the whole model.
import { parentPort } from 'worker_threads';
import { parseManifest } from '../model';
import { toMermaid } from '../model/mermaid';
import type { ModelJob, ModelSummary } from './modelReader';

parentPort!.on('message', (job: ModelJob) => {
  try {
    const manifest = parseManifest(job.text, job.options);
    const broken = manifest.problems.some((p) => p.code.startsWith('yaml-') && p.severity === 'error');
    const summary: ModelSummary = {
      id: job.id,
      problems: manifest.problems.map((p) => ({ message: p.message, line: p.range.start.line + 1, severity: p.severity })),
      broken,
      pods: manifest.pods.map((p) => ({
        name: p.name,
        lines: [p.range.start.line, p.range.end.line],
        containers: p.containers.map((c) => ({ name: c.name, podmanName: c.podmanName, image: c.image, init: c.init })),
      })),
      resources: manifest.resources.map((r) => ({ kind: r.kind, name: r.name })),
      ignored: manifest.ignored.map((o) => `${o.kind}${o.name ? ` ${o.name}` : ''} (line ${o.range.start.line + 1}): ${o.reason}`),
      diagram: job.diagram && !broken ? toMermaid(manifest, job.diagram) : undefined,
    };
    parentPort!.postMessage(summary);
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});

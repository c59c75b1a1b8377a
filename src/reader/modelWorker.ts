// Runs in a worker thread of the extension host: reads a manifest and draws its diagram, so a big
// or hostile file never holds up the editor. Answers with what the views need, not the whole model.
import { parentPort } from 'worker_threads';
import { parseManifest, parseProject, publishedPorts, publishesAll, type Manifest, type Problem, type Range } from '../model';
import { toMermaid, type Diagram, type DiagramOptions } from '../model/mermaid';
import type { ModelJob, ModelReply, ModelSummary } from './modelReader';

const reply = (m: ModelReply) => parentPort!.postMessage(m);

parentPort!.on('message', (job: ModelJob) => {
  try {
    const { manifest, problems, draw, fileOf } = read(job);
    const all = publishesAll(manifest.podmanVersion, manifest.publishAll);
    const broken = problems.some((p) => p.code.startsWith('yaml-') && p.severity === 'error');
    const summary: ModelSummary = {
      id: job.id,
      problems: problems.map((p) => ({ message: p.message, line: p.range.start.line + 1, severity: p.severity })),
      broken,
      pods: manifest.pods.map((p) => ({
        name: p.name,
        ...(fileOf(p) ? { file: fileOf(p) } : {}),
        lines: [p.range.start.line, p.range.end.line],
        nameAt: [p.nameRange.start.line, p.nameRange.start.character],
        published: publishedPorts(p, all).map((x) => `${x.hostPort}:${x.port.containerPort}/${x.port.protocol.toLowerCase()}`),
        containers: p.containers.map((c) => ({ name: c.name, podmanName: c.podmanName, image: c.image, imageSource: c.imageSource, init: c.init, command: c.command, args: c.args, nameAt: [c.nameRange.start.line, c.nameRange.start.character] })),
      })),
      resources: manifest.resources.map((r) => ({ kind: r.kind, name: r.name })),
      refusedPods: problems.flatMap((p) => (p.made ? [p.made.name] : [])),
      ignored: manifest.ignored.map((o) => `${o.kind}${o.name ? ` ${o.name}` : ''} (line ${o.range.start.line + 1}): ${o.reason}`),
      diagram: job.diagram && !broken ? draw(job.diagram) : undefined,
      // The design without live state, for an export of what the file says.
      design: job.diagram?.live && !broken ? draw({ ...job.diagram, live: undefined }).text : undefined,
    };
    reply(summary);
  } catch (e) {
    reply({ id: job.id, error: e instanceof Error ? e.message : String(e) });
  }
});

/**
 * The model a job asks for: one file, or a project whose diagram draws every file's pods (each
 * marked with its file, its places in its own file) while the problems and pods are this file's.
 */
function read(job: ModelJob): { manifest: Manifest; problems: Problem[]; draw: (o: DiagramOptions) => Diagram; fileOf: (p: Manifest['pods'][number]) => string | undefined } {
  if (!job.project) {
    const manifest = parseManifest(job.text, job.options);
    return { manifest, problems: manifest.problems, draw: (o) => toMermaid(manifest, o), fileOf: () => undefined };
  }
  const { files, index } = job.project;
  const p = parseProject(
    files.map((f, i) => (i === index ? { ...f, text: job.text } : f)),
    job.options,
  );
  const draw = (o: DiagramOptions): Diagram => {
    const d = toMermaid(p.manifest, { ...o, place: p.place });
    const targets = Object.fromEntries(
      Object.entries(d.targets).map(([id, r]) => {
        const at = p.locate(r);
        return [id, at.file === index ? at.range : { ...at.range, file: p.files[at.file].path }];
      }),
    );
    return { ...d, targets };
  };
  // Every pod at its own file's lines; another file's marked with its path (live state reads them all, the cursor this file's).
  const manifest = { ...p.manifest, pods: p.manifest.pods.map((pod) => shift(pod, p.files[p.locate(pod.range).file].firstLine)) };
  const file = new Map(p.manifest.pods.map((pod, i) => [manifest.pods[i], p.locate(pod.range).file]));
  return { manifest, problems: p.problems[index], draw, fileOf: (pod) => (file.get(pod) === index ? undefined : p.files[file.get(pod)!].path) };
}

/** A pod of a project's joined stream, at its own file's lines (for the summary's line numbers). */
function shift(pod: Manifest['pods'][number], by: number): Manifest['pods'][number] {
  const r = (x: Range): Range => ({ start: { line: x.start.line - by, character: x.start.character }, end: { line: x.end.line - by, character: x.end.character } });
  return { ...pod, range: r(pod.range), nameRange: r(pod.nameRange), containers: pod.containers.map((c) => ({ ...c, nameRange: r(c.nameRange) })) };
}

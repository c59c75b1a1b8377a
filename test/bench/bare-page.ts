// The benchmarks' baseline: a bare page with the same Mermaid bundle as the preview (same
// version, same esbuild config) that renders the text in its URL hash, or on request.
import mermaid from 'mermaid';

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', maxTextSize: 2_000_000, maxEdges: 5000, flowchart: { htmlLabels: true, useMaxWidth: false } });
let n = 0;

async function draw(text: string): Promise<number> {
  const started = performance.now();
  const { svg } = await mermaid.render(`bare${++n}`, text);
  document.getElementById('out')!.innerHTML = svg;
  return performance.now() - started;
}

(window as unknown as { draw: typeof draw }).draw = draw;
if (location.hash.length > 1) void draw(decodeURIComponent(location.hash.slice(1)));

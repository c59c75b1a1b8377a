// Runs inside the topology preview webview. Renders the Mermaid text the extension sends; keeps
// the last good diagram while the YAML is broken; drops stale renders; follows the theme.
import mermaid from 'mermaid';
import type { FromWebview, PreviewState, ProblemLine, ToWebview } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PreviewState | undefined;
  setState(state: PreviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const initial = JSON.parse($('podman-kube-preview').dataset.state!) as PreviewState;
let state: PreviewState = vscode.getState() ?? initial;
vscode.setState(state);

const diagram = $('diagram');
const banner = $('banner');
const networkButton = $<HTMLButtonElement>('network');
const detailBar = $('detail');
const ignoredList = $('ignored');

let lastRender: Extract<ToWebview, { type: 'render' }> | undefined;
let renderSeq = 0;
let targets: Record<string, { start: { line: number; character: number } }> = {};

function theme(): 'default' | 'dark' | 'base' {
  const c = document.body.classList;
  if (c.contains('vscode-high-contrast') && !c.contains('vscode-high-contrast-light')) return 'dark';
  return c.contains('vscode-dark') ? 'dark' : 'default';
}

function configure(): void {
  const hc = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  mermaid.initialize({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: theme(),
    // Large files are cut down by the extension; this only guards against a runaway text.
    maxTextSize: 2_000_000,
    maxEdges: 5000,
    fontFamily: 'var(--vscode-font-family)',
    themeVariables: hc ? { lineColor: 'var(--vscode-contrastBorder)' } : undefined,
    flowchart: { htmlLabels: true, useMaxWidth: false },
  });
}
configure();
// Load the flowchart code now, while the extension computes the first diagram.
void mermaid.parse('flowchart TB\n a --> b').catch(() => undefined);

function showProblems(problems: ProblemLine[], broken: boolean): void {
  banner.replaceChildren();
  banner.hidden = problems.length === 0;
  banner.className = broken ? 'banner broken' : 'banner';
  if (broken) banner.append(text('p', lastRender ? 'The YAML does not parse: showing the last good diagram.' : 'The YAML does not parse: mend it to see the diagram.'));
  for (const p of problems.slice(0, 8)) banner.append(text('p', `Line ${p.line}: ${p.message}`, p.severity));
  if (problems.length > 8) banner.append(text('p', `… and ${problems.length - 8} more (see the Problems panel).`));
}

function text(tag: string, content: string, className?: string): HTMLElement {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
}

async function render(msg: Extract<ToWebview, { type: 'render' }>): Promise<void> {
  const seq = ++renderSeq;
  lastRender = msg;
  state = { uri: msg.uri, locked: msg.locked };
  vscode.setState(state);
  networkButton.textContent = `Network: ${msg.network.name}${msg.network.chosen ? '' : ' (podman default)'}${msg.network.dns ? '' : ' — DNS off'}`;
  networkButton.classList.toggle('nodns', !msg.network.dns);
  $('lock').hidden = !msg.locked;
  ignoredList.replaceChildren(...msg.ignored.map((i) => text('li', i)));
  $('ignored-box').hidden = msg.ignored.length === 0;
  detailBar.replaceChildren();
  if (msg.detail === 'focus') {
    detailBar.append(text('span', `Large manifest (${msg.counts.pods} pods, ${msg.counts.containers} containers): showing pod ${msg.focus} and the pods it talks with. Move the cursor to another pod to follow it. `));
    const all = text('button', 'Draw all pods (slow)');
    all.addEventListener('click', () => vscode.postMessage({ type: 'setDetail', uri: state.uri, detail: 'full' }));
    detailBar.append(all);
  } else if (msg.counts.containers > 60) {
    const back = text('button', 'Back to the focused view');
    back.addEventListener('click', () => vscode.postMessage({ type: 'setDetail', uri: state.uri, detail: 'auto' }));
    detailBar.append(back);
  }
  detailBar.hidden = detailBar.childElementCount === 0;
  showProblems(msg.problems, false);
  const started = performance.now();
  try {
    const { svg, bindFunctions } = await mermaid.render(`topology${seq}`, msg.mermaid);
    if (seq !== renderSeq) return; // a newer document version arrived while this one rendered
    diagram.innerHTML = svg;
    bindFunctions?.(diagram);
    targets = msg.targets;
    document.body.dataset.renderedVersion = String(msg.version);
    vscode.postMessage({ type: 'rendered', uri: msg.uri, version: msg.version, ms: Math.round(performance.now() - started) });
  } catch (e) {
    if (seq !== renderSeq) return;
    const message = e instanceof Error ? e.message : String(e);
    showProblems([{ line: 0, message: `Mermaid could not draw this diagram: ${message}`, severity: 'error' }], true);
    vscode.postMessage({ type: 'renderError', uri: msg.uri, version: msg.version, message });
  }
}

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const msg = event.data;
  switch (msg.type) {
    case 'render':
      void render(msg);
      break;
    case 'broken':
      if (msg.uri !== state.uri) return;
      renderSeq++; // a pending render of an older version must not replace the banner
      showProblems(msg.problems, true);
      break;
    case 'requestSvg':
      if (msg.uri !== state.uri) return;
      vscode.postMessage({ type: 'svg', uri: msg.uri, requestId: msg.requestId, svg: diagram.querySelector('svg')?.outerHTML });
      break;
  }
});

// Click a pod or container: reveal its definition. Mermaid ids end with our generated id.
diagram.addEventListener('click', (event) => {
  const el = (event.target as Element).closest('g.node, g.cluster');
  if (!el?.id) return;
  for (const [id, range] of Object.entries(targets)) {
    if (new RegExp(`(^|-)${id}(-\\d+)?$`).test(el.id)) {
      vscode.postMessage({ type: 'reveal', uri: state.uri, range: range as never });
      return;
    }
  }
});

networkButton.addEventListener('click', () => vscode.postMessage({ type: 'pickNetwork', uri: state.uri }));

// VS Code changes the body class when the theme changes: draw again in the new colours.
new MutationObserver(() => {
  configure();
  if (lastRender) void render(lastRender);
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// The first diagram comes with the HTML, saving a round trip when the preview opens.
const first = JSON.parse($('podman-kube-preview').dataset.first ?? 'null') as ToWebview | null;
if (first?.type === 'render') void render(first);
else if (first?.type === 'broken') showProblems(first.problems, true);
vscode.postMessage({ type: 'ready', uri: state.uri });

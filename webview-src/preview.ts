// Runs inside the topology preview webview. Renders the Mermaid text the extension sends; keeps
// the last good diagram while the YAML is broken; drops stale renders; follows the theme.
import mermaid from 'mermaid';
import type { FromWebview, LiveInfo, PreviewState, ProblemLine, ToWebview } from '../src/shared/protocol';

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
const liveButton = $<HTMLButtonElement>('live');
const legend = $('legend');
const boxMenu = $('box-menu');
const canvas = $('canvas');
const zoomLabel = $('zoom-level');

let lastRender: Extract<ToWebview, { type: 'render' }> | undefined;
let renderSeq = 0;
let targets: Record<string, { start: { line: number; character: number } }> = {};
let names: Record<string, string> = {};

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

/** The Live toggle and the legend of the states drawn: colour, stroke and words for each. */
function showLive(live: LiveInfo): void {
  liveButton.hidden = !live.available && !live.on;
  liveButton.textContent = live.on ? 'Live: on' : 'Live: off';
  liveButton.setAttribute('aria-pressed', String(live.on));
  liveButton.title = live.why ?? (live.on ? 'Boxes show what runs in podman now: click to show the design only' : 'Colour each box by what runs in podman now');
  legend.replaceChildren(
    ...live.legend.map((entry) => {
      const swatch = text('span', '', 'swatch');
      // The diagram's own colours: `fill:…,stroke:…,stroke-dasharray: …` from the extension's table.
      const style = Object.fromEntries(entry.style.split(',').map((kv) => kv.split(':').map((x) => x.trim()) as [string, string]));
      swatch.style.background = style.fill ?? '';
      swatch.style.borderColor = style.stroke ?? '';
      if (style['stroke-dasharray']) swatch.style.borderStyle = 'dashed';
      const item = text('span', '', 'entry');
      item.dataset.state = entry.state;
      item.append(swatch, text('span', entry.words));
      return item;
    }),
  );
  legend.hidden = !live.on || live.legend.length === 0;
}

function hideMenu(): void {
  boxMenu.hidden = true;
  boxMenu.replaceChildren();
}

/** Live mode: a click on a box offers its logs, beside going to its definition. */
function showMenu(x: number, y: number, id: string, range: unknown): void {
  const name = names[id];
  const logs = text('button', `Show logs of ${name}`);
  logs.setAttribute('role', 'menuitem');
  logs.addEventListener('click', () => {
    hideMenu();
    vscode.postMessage({ type: 'showLogs', uri: state.uri, name });
  });
  const go = text('button', 'Go to definition');
  go.setAttribute('role', 'menuitem');
  go.addEventListener('click', () => {
    hideMenu();
    vscode.postMessage({ type: 'reveal', uri: state.uri, range: range as never });
  });
  boxMenu.replaceChildren(logs, go);
  boxMenu.style.left = `${x}px`;
  boxMenu.style.top = `${y}px`;
  boxMenu.hidden = false;
  logs.focus();
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
  const n = msg.network;
  networkButton.textContent = `Network: ${n.name}${n.running ? ' (where the pods run now)' : n.source ? ` (${n.source})` : ' (podman default)'}${n.missing ? ' — does not exist' : n.dns ? '' : ' — DNS off'}`;
  networkButton.title = n.missing ? `Podman has no network ${n.name}: Play offers to create it. Click to choose another.` : 'Choose the network this file is played on';
  networkButton.classList.toggle('nodns', !n.dns || !!n.missing);
  $('lock').hidden = !msg.locked;
  ignoredList.replaceChildren(...msg.ignored.map((i) => text('li', i)));
  $('ignored-box').hidden = msg.ignored.length === 0;
  detailBar.replaceChildren();
  if (msg.detail === 'focus') {
    detailBar.append(text('span', `Large manifest (${msg.counts.pods} pods, ${msg.counts.containers} containers): showing pod ${msg.focus} and the pods it talks with. Move the cursor to another pod to follow it. `));
    const all = text('button', 'Draw all pods (slow)');
    all.addEventListener('click', () => vscode.postMessage({ type: 'setDetail', uri: state.uri, detail: 'full' }));
    detailBar.append(all);
  } else if (msg.large) {
    const back = text('button', 'Back to the focused view');
    back.addEventListener('click', () => vscode.postMessage({ type: 'setDetail', uri: state.uri, detail: 'auto' }));
    detailBar.append(back);
  }
  detailBar.hidden = detailBar.childElementCount === 0;
  showLive(msg.live);
  showProblems(msg.problems, false);
  const started = performance.now();
  try {
    const { svg, bindFunctions } = await mermaid.render(`topology${seq}`, msg.mermaid);
    if (seq !== renderSeq) return; // a newer document version arrived while this one rendered
    canvas.innerHTML = svg;
    bindFunctions?.(canvas);
    sized();
    targets = msg.targets;
    names = msg.names;
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
      void svgFor(msg.live).then((svg) => vscode.postMessage({ type: 'svg', uri: msg.uri, requestId: msg.requestId, svg }));
      break;
  }
});

/** The diagram shown, or (for an export of the design) the same without live state. */
async function svgFor(live: boolean): Promise<string | undefined> {
  const design = lastRender?.live.design;
  if (live || !design) return canvas.querySelector('svg')?.outerHTML;
  try {
    return (await mermaid.render(`design${++designSeq}`, design)).svg;
  } catch {
    return undefined;
  }
}
let designSeq = 0;

// Zoom and pan, as diagram previews do: the diagram fits the panel until the user zooms (wheel,
// buttons, + - 0 1 keys) or drags it; Fit goes back. The view is a transform of the canvas, so the
// SVG itself (Copy, Export) is never changed.
let view = { fit: true, scale: 1, x: 0, y: 0 };
let natural = { width: 0, height: 0 };
const MIN_SCALE = 0.1;
const MAX_SCALE = 8;
const PAD = 10;

/** A new SVG: its own size, then the view (fitted again unless the user chose one). */
function sized(): void {
  const svg = canvas.querySelector('svg');
  if (!svg) return;
  const box = svg.viewBox.baseVal;
  const drawn = box && box.width ? box : svg.getBoundingClientRect();
  natural = { width: drawn.width, height: drawn.height };
  svg.setAttribute('width', String(natural.width));
  svg.setAttribute('height', String(natural.height));
  svg.style.maxWidth = 'none';
  if (view.fit) fit();
  else apply();
}

function fit(): void {
  const w = diagram.clientWidth - 2 * PAD;
  const h = diagram.clientHeight - 2 * PAD;
  // Never enlarged past its size: a small diagram stays as Mermaid drew it.
  const scale = natural.width && natural.height && w > 0 && h > 0 ? Math.min(1, w / natural.width, h / natural.height) : 1;
  view = { fit: true, scale, x: PAD + Math.max(0, (w - natural.width * scale) / 2), y: PAD };
  apply();
}

function apply(): void {
  canvas.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.scale})`;
  zoomLabel.textContent = `${Math.round(view.scale * 100)}%`;
}

/** Zooms by `factor` keeping the point (px, py) of the panel where it is. */
function zoom(factor: number, px = diagram.clientWidth / 2, py = diagram.clientHeight / 2): void {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  const k = scale / view.scale;
  view = { fit: false, scale, x: px - (px - view.x) * k, y: py - (py - view.y) * k };
  apply();
}

function pan(dx: number, dy: number): void {
  view = { ...view, fit: false, x: view.x + dx, y: view.y + dy };
  apply();
}

diagram.addEventListener(
  'wheel',
  (e) => {
    e.preventDefault();
    const r = diagram.getBoundingClientRect();
    // A trackpad's pinch comes as a wheel with ctrlKey; plain wheels zoom too, as in diagram viewers.
    zoom(Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.002)), e.clientX - r.left, e.clientY - r.top);
  },
  { passive: false },
);

let drag: { x: number; y: number; moved: boolean } | undefined;
diagram.addEventListener('pointerdown', (e) => {
  if (e.button !== 0) return;
  drag = { x: e.clientX, y: e.clientY, moved: false };
});
window.addEventListener('pointermove', (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  const dy = e.clientY - drag.y;
  if (!drag.moved && Math.hypot(dx, dy) < 4) return;
  drag = { x: e.clientX, y: e.clientY, moved: true };
  diagram.classList.add('panning');
  pan(dx, dy);
});
window.addEventListener('pointerup', () => {
  diagram.classList.remove('panning');
  // A drag is not a click on the box where it ended.
  if (drag?.moved) window.addEventListener('click', (e) => e.stopPropagation(), { capture: true, once: true });
  drag = undefined;
});

const STEP = 40;
const KEYS: Record<string, () => void> = {
  '+': () => zoom(1.25),
  '=': () => zoom(1.25),
  '-': () => zoom(0.8),
  '0': () => fit(),
  '1': () => zoom(1 / view.scale),
  ArrowLeft: () => pan(STEP, 0),
  ArrowRight: () => pan(-STEP, 0),
  ArrowUp: () => pan(0, STEP),
  ArrowDown: () => pan(0, -STEP),
};
document.addEventListener('keydown', (e) => {
  if (e.target instanceof HTMLInputElement || e.ctrlKey || e.metaKey || e.altKey) return;
  const act = KEYS[e.key];
  if (!act) return;
  e.preventDefault();
  act();
});
$('zoom-in').addEventListener('click', () => zoom(1.25));
$('zoom-out').addEventListener('click', () => zoom(0.8));
$('zoom-fit').addEventListener('click', () => fit());
new ResizeObserver(() => view.fit && fit()).observe(diagram);

// Click a pod or container: reveal its definition (in Live mode, offer its logs too). Mermaid ids
// end with our generated id.
diagram.addEventListener('click', (event) => {
  hideMenu();
  const el = (event.target as Element).closest('g.node, g.cluster');
  if (!el?.id) return;
  for (const [id, range] of Object.entries(targets)) {
    if (new RegExp(`(^|-)${id}(-\\d+)?$`).test(el.id)) {
      if (lastRender?.live.on && names[id]) showMenu(event.clientX, event.clientY, id, range);
      else vscode.postMessage({ type: 'reveal', uri: state.uri, range: range as never });
      event.stopPropagation();
      return;
    }
  }
});
document.addEventListener('keydown', (e) => e.key === 'Escape' && hideMenu());
document.addEventListener('click', (e) => !boxMenu.contains(e.target as Node) && !diagram.contains(e.target as Node) && hideMenu());
liveButton.addEventListener('click', () => vscode.postMessage({ type: 'setLive', uri: state.uri, on: !(lastRender?.live.on ?? false) }));

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

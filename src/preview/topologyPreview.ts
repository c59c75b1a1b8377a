// One topology preview panel: renders its document's manifest as Mermaid, live as it changes.
import * as vscode from 'vscode';
import type { LiveState } from '../live/liveState';
import type { LivePod } from '../live/state';
import { LIVE_STYLES, type LiveInput } from '../model/liveOverlay';
import type { PlayContext } from '../playContext';
import type { ModelReader, ModelSummary } from '../reader/modelReader';
import type { FromWebview, PreviewState, Target, ToWebview } from '../shared/protocol';
import { previewHtml } from './html';
import { Disposable } from '../dispose';
import type { Actions } from '../command';
import { readBoundedText } from '../files/read';
import type { ProjectFile } from '../model/project';
import type { ProjectInfo } from '../shared/serverProtocol';

export const PREVIEW_VIEW_TYPE = 'podmanKube.topology';
/** Typing pauses shorter than this are one update. The first render is immediate. */
const DEBOUNCE_MS = 150;
/** A sibling drawn in a project's preview is a manifest a person wrote: past this it is drawn empty. */
const PROJECT_FILE_MAX_BYTES = 1024 * 1024;

export interface PreviewDeps {
  extensionUri: vscode.Uri;
  /** The project of a file (the language server's answer); undefined when it is in none. */
  projectOf(uri: vscode.Uri): Promise<ProjectInfo | undefined>;
  play: PlayContext;
  reader: ModelReader;
  log: vscode.LogOutputChannel;
  live: LiveState;
  actions: Pick<Actions, 'chooseNetwork' | 'showPodLogs'>;
}

export class TopologyPreview extends Disposable {
  private timer: NodeJS.Timeout | undefined;
  private lastKey: string | undefined;
  /** The key of the diagram embedded in the HTML. */
  private htmlKey: string | undefined;
  private detail: 'auto' | 'full' = 'auto';
  private focusPod: string | undefined;
  private pods: ModelSummary['pods'] = [];
  private svgRequests = new Map<number, (svg: string | undefined) => void>();
  private nextRequest = 1;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private readonly rendered = new vscode.EventEmitter<number>();
  /** The document version the webview reports it drew (Mermaid finished). */
  readonly onDidRender = this.rendered.event;
  /** Live mode as the user set it; undefined: on when any pod of the file exists in podman. */
  private liveChoice: boolean | undefined;
  private liveUse: { dispose(): void } | undefined;
  /** The project the document is drawn with, when it is in one. */
  private project: ProjectInfo | undefined;
  private readonly posted = new vscode.EventEmitter<ToWebview>();
  /** Each diagram the webview is given to draw, in its HTML or posted. */
  readonly onDidPost = this.posted.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private uri: vscode.Uri,
    private locked: boolean,
    private readonly deps: PreviewDeps,
  ) {
    super();
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon.png');
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'media')] };
    this.register(
      this.rendered,
      this.posted,
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((m: FromWebview) => this.onMessage(m)),
    );
    this.updateTitle();
    this.watchLive();
    this.register(
      deps.live.onDidChange(() => this.liveChanged()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.watchLive()),
    );
    void this.initialHtml();
  }

  /** What runs in podman is watched while the preview is open, in a trusted workspace only. */
  private watchLive(): void {
    if (vscode.workspace.isTrusted) this.liveUse ??= this.deps.live.use();
  }

  /** Whether the boxes show live state now. */
  get liveOn(): boolean {
    if (!vscode.workspace.isTrusted || this.deps.live.status.state !== 'connected') return false;
    return this.liveChoice ?? this.running().length > 0;
  }

  setLive(on: boolean): void {
    this.liveChoice = on;
    this.refresh(true);
  }

  /** The pods this file names that exist in podman. */
  private running(): LivePod[] {
    const names = new Set(this.pods.map((p) => p.name));
    return this.deps.live.pods.filter((p) => names.has(p.name));
  }

  /**
   * What the diagram draws of what runs, and a key that changes when it does: the file's pods as
   * podman has them, and the network they run on when they all share one that is not the one the
   * file would be played on now (played from a terminal, or the choice changed since).
   */
  private liveDrawing(): { on: boolean; live?: LiveInput; network?: { name: string; dns: boolean }; key: string } {
    const on = this.liveOn;
    let live: LiveInput | undefined;
    let network: { name: string; dns: boolean } | undefined;
    if (on) {
      const running = this.running();
      live = { pods: Object.fromEntries(running.map((p) => [p.name, { status: p.status, containers: Object.fromEntries(p.containers.map((c) => [c.name, { state: c.state, exitCode: c.exitCode }])) }])) };
      const nets = new Set(running.filter((p) => p.networks.length).map((p) => p.networks.join(',')));
      const only = nets.size === 1 ? [...nets][0] : undefined;
      if (only && !only.includes(',') && only !== this.deps.play.forFile(this.uri).selection.effective) {
        network = { name: only, dns: this.deps.live.networks.find((n) => n.name === only)?.dns ?? true };
      }
    }
    return { on, live, network, key: `${on}|${JSON.stringify(live ?? '')}|${this.deps.live.status.state}|${network?.name}` };
  }

  private liveKey = '';
  /** Redraws when what runs changed for this file's pods (or live mode turned itself on or off). */
  private liveChanged(): void {
    const { key } = this.liveDrawing();
    if (key === this.liveKey) return;
    this.liveKey = key;
    this.refresh(true);
  }

  /** Whether a change of `uri` changes this diagram: another file of its project. */
  drawsSibling(uri: vscode.Uri): boolean {
    return uri.toString() !== this.uri.toString() && !!this.project?.files.some((f) => f.path === uri.fsPath);
  }

  get documentUri(): vscode.Uri {
    return this.uri;
  }

  get isLocked(): boolean {
    return this.locked;
  }

  /** Shows another document (an unlocked preview following the active editor). */
  show(uri: vscode.Uri): void {
    if (uri.toString() === this.uri.toString()) return;
    this.uri = uri;
    this.focusPod = undefined;
    this.detail = 'auto';
    this.updateTitle();
    this.refresh(true);
  }

  setLocked(locked: boolean): void {
    this.locked = locked;
    this.updateTitle();
    this.refresh(true);
  }

  /** The cursor moved: in a focused (large) diagram, follow the pod under it. */
  setCursor(line: number): void {
    const pod = this.pods.find((p) => !p.file && line >= p.lines[0] && line <= p.lines[1]);
    if (pod && pod.name !== this.focusPod) {
      this.focusPod = pod.name;
      this.refresh();
    }
  }

  /** Schedules a render: at once when asked, else after typing pauses. */
  refresh(immediate = false): void {
    clearTimeout(this.timer);
    if (immediate) void this.render();
    else this.timer = setTimeout(() => void this.render(), DEBOUNCE_MS);
  }

  /** The diagram as SVG: the design (no live state) unless `live`. */
  async svg(live = false): Promise<string | undefined> {
    const requestId = this.nextRequest++;
    const answer = new Promise<string | undefined>((resolve) => {
      // A webview that never answers (closed, reloading) gives no SVG after 10 s.
      const timer = setTimeout(() => resolve(undefined), 10_000);
      this.svgRequests.set(requestId, (svg) => {
        clearTimeout(timer);
        resolve(svg);
      });
    });
    await this.post({ type: 'requestSvg', uri: this.uri.toString(), requestId, live });
    return answer;
  }

  private async initialHtml(): Promise<void> {
    const first = await this.message(true).catch(() => undefined);
    // A newer render may have superseded this one (the worker answers asynchronously): then the
    // HTML carries no diagram, and 'ready' must send one.
    this.htmlKey = first ? this.lastKey : undefined;
    if (first) this.posted.fire(first);
    const state: PreviewState = { uri: this.uri.toString(), locked: this.locked };
    this.panel.webview.html = previewHtml(this.panel.webview, this.deps.extensionUri, state, first);
  }

  private async document(): Promise<vscode.TextDocument> {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.uri.toString()) ?? vscode.workspace.openTextDocument(this.uri);
  }

  /** The next message for the webview, or undefined when nothing changed since the last one. */
  private async message(force = false): Promise<ToWebview | undefined> {
    const doc = await this.document();
    const context = this.deps.play.forFile(doc.uri);
    const network = context.selection;
    // Live: the pods are drawn on the network they really run on, when that is not the file's choice.
    const { on: liveOn, live, network: running, key: liveKey } = this.liveDrawing();
    const drawn = running ?? { name: network.effective, dns: network.dns };
    const missing = !running && network.exists === false;
    const project = await this.readProject(doc);
    const key = [
      project?.files.map((f, i) => (i === project.index ? '' : f.text)).join('\u0000'),
      doc.uri,
      doc.version,
      network.effective,
      network.source,
      network.dns,
      missing,
      context.podmanVersion,
      context.publishAll,
      context.noPodPrefix,
      context.remote,
      context.clientVersion,
      context.rootless,
      context.unprivilegedPortStart,
      context.flags?.join(' '),
      context.secrets?.join(),
      context.configMaps?.join(),
      context.build,
      JSON.stringify(context.buildContext?.files),
      context.images?.map((i) => i.id).join(),
      this.detail,
      this.focusPod,
      this.locked,
      liveKey,
    ].join('|');
    if (!force && key === this.lastKey) return undefined;
    this.lastKey = key;
    const uri = doc.uri.toString();
    // Read in the worker thread: the editor never waits on a big file.
    const options = running ? { ...context, network: running.name, dns: running.dns } : context;
    const model = await this.deps.reader.read(doc.getText(), options, { network: drawn.name, dns: drawn.dns, missing, detail: this.detail, focus: this.focusPod, live }, project);
    if (this.lastKey !== key) return undefined; // a newer render was asked for meanwhile
    const problems = model.problems;
    if (model.broken || !model.diagram) return { type: 'broken', uri, version: doc.version, problems };
    this.pods = model.pods;
    const diagram = model.diagram;
    return {
      type: 'render',
      uri,
      version: doc.version,
      mermaid: diagram.text,
      detail: diagram.detail,
      large: diagram.large,
      focus: diagram.focus,
      counts: { pods: model.pods.length, containers: model.pods.reduce((n, p) => n + p.containers.length, 0) },
      targets: diagram.targets,
      network: { name: drawn.name, dns: drawn.dns, chosen: network.chosen !== undefined, running: running !== undefined, missing, source: network.source },
      ignored: model.ignored,
      problems: problems.filter((p) => p.severity !== 'info'),
      locked: this.locked,
      names: diagram.names,
      live: {
        on: liveOn,
        available: vscode.workspace.isTrusted && this.deps.live.status.state === 'connected',
        why: !vscode.workspace.isTrusted ? 'Live state needs a trusted workspace (podman does not run in Restricted Mode).' : this.deps.live.status.state === 'connected' ? undefined : 'Podman does not answer: no live state.',
        legend: (diagram.liveStates ?? []).map((state) => ({ state, ...LIVE_STYLES[state] })),
        design: model.design,
      },
    };
  }

  private async render(): Promise<void> {
    try {
      const msg = await this.message();
      if (msg) await this.post(msg);
    } catch (e) {
      // A closed file or a failed read must not break the preview: log it, keep the diagram.
      this.deps.log.warn(`Topology preview of ${this.uri.toString()}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private post(msg: ToWebview): Thenable<boolean> {
    if (msg.type !== 'requestSvg') this.posted.fire(msg);
    return this.panel.webview.postMessage(msg);
  }

  private onMessage(m: FromWebview): void {
    if (m.type === 'ready') {
      // The HTML carried the first diagram. Anything sent since may have been lost before the
      // webview listened, and the panel may have switched documents meanwhile: send it again.
      if (this.lastKey !== this.htmlKey) this.lastKey = undefined;
      this.refresh(true);
      return;
    }
    if (m.uri !== this.uri.toString()) return; // about a document this panel no longer shows
    switch (m.type) {
      case 'rendered':
        this.rendered.fire(m.version);
        this.deps.log.trace(`Topology rendered: ${this.uri.fsPath} v${m.version} in ${m.ms} ms`);
        break;
      case 'renderError':
        this.deps.log.warn(`Mermaid could not render ${this.uri.fsPath} v${m.version}: ${m.message}`);
        break;
      case 'reveal':
        void this.reveal(m.range);
        break;
      case 'pickNetwork':
        void this.deps.actions.chooseNetwork(this.uri);
        break;
      case 'setDetail':
        this.detail = m.detail;
        this.refresh(true);
        break;
      case 'setLive':
        this.setLive(m.on);
        break;
      case 'showLogs':
        void this.deps.actions.showPodLogs(m.name);
        break;
      case 'svg':
        this.svgRequests.get(m.requestId)?.(m.svg);
        this.svgRequests.delete(m.requestId);
        break;
    }
  }

  /** The document's project with each file's text (the editor's when open), or undefined when it is in none. */
  private async readProject(doc: vscode.TextDocument): Promise<{ files: ProjectFile[]; index: number } | undefined> {
    const project = doc.uri.scheme === 'file' ? await this.deps.projectOf(doc.uri).catch(() => undefined) : undefined;
    const retitle = this.project?.name !== project?.name;
    this.project = project;
    if (retitle) this.updateTitle();
    if (!project) return undefined;
    const open = (path: string) => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === path)?.getText();
    const files = await Promise.all(project.files.map(async (f) => ({ path: f.path, name: f.name, text: open(f.path) ?? (await readBoundedText(f.path, { maxBytes: PROJECT_FILE_MAX_BYTES }).catch(() => '')) })));
    const index = files.findIndex((f) => f.path === doc.uri.fsPath);
    return index < 0 ? undefined : { files, index };
  }

  private async reveal(range: Target): Promise<void> {
    if (range.file && range.file !== this.uri.fsPath) {
      const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
      await vscode.window.showTextDocument(vscode.Uri.file(range.file), { viewColumn: vscode.ViewColumn.One, selection });
      return;
    }
    const doc = await this.document();
    const visible = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    await vscode.window.showTextDocument(doc, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, selection });
  }

  private updateTitle(): void {
    const name = this.uri.path.split('/').pop() ?? 'manifest';
    this.panel.title = `${this.locked ? '[Locked] ' : ''}Topology: ${name}${this.project ? ` (project ${this.project.name})` : ''}`;
  }

  override dispose(): void {
    if (this.isDisposed) return;
    super.dispose();
    clearTimeout(this.timer);
    this.liveUse?.dispose();
    for (const resolve of this.svgRequests.values()) resolve(undefined);
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
  }
}

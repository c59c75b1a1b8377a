// The Podman view: running pods under the manifest that describes them (others under "Other
// pods"), their containers, and the networks. Fed by LiveState's events; it runs podman only
// while visible (and never in an untrusted workspace), and says when podman is out of reach.
import * as vscode from 'vscode';
import type { LocalImage } from '../model/types';
import type { NetworkInfo } from '../podman/parse';
import type { LiveState } from './liveState';
import { groupPods, type Grouping, type MatchedPod } from './match';
import type { PlayedPods } from './played';
import type { LiveContainer, LivePod } from './state';
import type { WorkspaceManifests } from './workspaceManifests';
import { Disposable } from '../dispose';
import { COMMANDS } from '../shared/commands';
import type { ProjectInfo } from '../shared/serverProtocol';

export type Node =
  | { kind: 'project'; key: string; name: string; files: { uri: string; pods: MatchedPod[] }[] }
  | { kind: 'file'; uri: string; pods: MatchedPod[] }
  | { kind: 'other'; pods: MatchedPod[] }
  | { kind: 'networks' }
  /** No pods: a row saying so, above the networks (a welcome would hide them). */
  | { kind: 'noPods' }
  | { kind: 'pod'; pod: MatchedPod; uri?: string }
  | { kind: 'container'; pod: MatchedPod; container: LiveContainer; uri?: string }
  | { kind: 'network'; network: NetworkInfo; pods: string[] };

/** The view's content as plain data: what a person sees, for tests and the API. */
export interface ViewData {
  connection: string;
  message?: string;
  files: { uri: string; pods: PodData[] }[];
  /** Files played together (a project), by name: their files' URIs, in the order shown. */
  projects: { name: string; files: string[] }[];
  other: PodData[];
  networks: { name: string; dns: boolean; pods: string[] }[];
}

export interface PodData {
  name: string;
  status: string;
  changed: string[];
  containers: { name: string; state: string; description: string }[];
}

/** How long the events stream stays up after the view is hidden (a quick switch back is free). */
const LINGER_MS = 30_000;

export const VIEW_ID = 'podmanKube.pods';
const STATE_KEY = 'podmanKube.live.state';

export class PodsView extends Disposable implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private grouping: Grouping = { files: [], other: [] };
  private use: { dispose(): void } | undefined;
  private linger: NodeJS.Timeout | undefined;
  private readonly updated = new vscode.EventEmitter<void>();
  /** Fires after the view's content changed (tests wait on it). */
  readonly onDidUpdate = this.updated.event;

  /** Each file's project (its name and folder), null when in none; asked of the language server once per file. */
  private readonly projectOfFile = new Map<string, { key: string; name: string; rank: number } | null>();

  constructor(
    private readonly live: LiveState,
    private readonly manifests: WorkspaceManifests,
    private readonly played: PlayedPods,
    private readonly projectOf: (uri: vscode.Uri) => Promise<ProjectInfo | undefined>,
    /** The images podman has, to tell a pod whose image was rebuilt since its play. */
    private readonly images: () => LocalImage[] | undefined,
    imagesChanged: vscode.Event<unknown>,
  ) {
    super();
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.register(
      this.view,
      this.changed,
      this.updated,
      this.view.onDidChangeVisibility(() => this.watch()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.watch();
        this.update();
      }),
      live.onDidChange(() => this.update()),
      manifests.onDidChange(() => {
        // A manifest changed: the projects may have too.
        this.projectOfFile.clear();
        this.update();
      }),
      played.onDidChange(() => this.update()),
      imagesChanged(() => this.update()),
    );
    this.watch();
    this.update();
  }

  /** Runs podman while the view is visible in a trusted workspace; lingers a little once hidden. */
  private watch(): void {
    const wanted = this.view.visible && vscode.workspace.isTrusted;
    if (wanted) {
      clearTimeout(this.linger);
      this.linger = undefined;
      if (!this.use) {
        this.use = this.live.use();
        void this.manifests.start();
      }
    } else if (this.use && !this.linger) {
      this.linger = setTimeout(() => {
        this.linger = undefined;
        this.use?.dispose();
        this.use = undefined;
      }, LINGER_MS);
    }
  }

  private update(): void {
    this.grouping = groupPods(this.live.pods, this.manifests.all, this.played.all, this.images());
    for (const f of this.grouping.files) if (!this.projectOfFile.has(f.uri)) void this.learnProject(f.uri);
    const c = this.live.status;
    void vscode.commands.executeCommand('setContext', STATE_KEY, vscode.workspace.isTrusted ? c.state : 'untrusted');
    this.view.message = c.state === 'disconnected' || c.state === 'not-found' ? `Disconnected: ${c.message}. Trying again in ${Math.round(c.retryInMs / 1000)} s.` : undefined;
    const running = this.live.pods.filter((p) => p.status === 'Running' || p.status === 'Degraded').length;
    this.view.description = c.state === 'connected' ? `${running} running` : undefined;
    // Redrawn only when what it shows changed: a listing that finds what the events already said
    // must not rebuild the tree under an open context menu (its action would lose its pod).
    const shown = JSON.stringify([this.data(), this.live.pods.map((p) => [p.id, p.ports, p.containers.map((x) => [x.id, x.startedAt])])]);
    if (shown !== this.shown) {
      this.shown = shown;
      this.changed.fire(undefined);
    }
    this.updated.fire();
  }

  private shown = '';

  private async learnProject(uri: string): Promise<void> {
    this.projectOfFile.set(uri, null);
    const u = vscode.Uri.parse(uri, true);
    const p = u.scheme === 'file' ? await this.projectOf(u).catch(() => undefined) : undefined;
    if (!p) return;
    this.projectOfFile.set(uri, { key: p.files.map((f) => f.path).join('\u0000'), name: p.name, rank: p.files.findIndex((f) => f.path === u.fsPath) });
    this.update();
  }

  /** The root's files, those of one project under it in the order they are played. */
  private roots(): Node[] {
    const roots: Node[] = [];
    const projects = new Map<string, Extract<Node, { kind: 'project' }>>();
    for (const f of this.grouping.files) {
      const p = this.projectOfFile.get(f.uri);
      if (!p) {
        roots.push({ kind: 'file', uri: f.uri, pods: f.pods });
        continue;
      }
      let node = projects.get(p.key);
      if (!node) {
        projects.set(p.key, (node = { kind: 'project', key: p.key, name: p.name, files: [] }));
        roots.push(node);
      }
      node.files.push(f);
    }
    const rank = (f: { uri: string }) => this.projectOfFile.get(f.uri)?.rank ?? 0;
    for (const n of projects.values()) n.files.sort((a, b) => rank(a) - rank(b));
    return roots;
  }

  /** The pod matched to a manifest (or not) by its podman name. */
  find(name: string): { pod: MatchedPod; uri?: string } | undefined {
    for (const f of this.grouping.files) {
      const pod = f.pods.find((p) => p.live.name === name);
      if (pod) return { pod, uri: f.uri };
    }
    const pod = this.grouping.other.find((p) => p.live.name === name);
    return pod && { pod };
  }

  /** Every pod shown, with the file it is under. */
  pods(): { pod: MatchedPod; uri?: string }[] {
    return [...this.grouping.files.flatMap((f) => f.pods.map((pod) => ({ pod, uri: f.uri }))), ...this.grouping.other.map((pod) => ({ pod }))];
  }

  data(): ViewData {
    const pod = (p: MatchedPod): PodData => ({
      name: p.live.name,
      status: p.live.status,
      changed: p.drift,
      containers: p.live.containers.map((c) => ({ name: c.name, state: stateLabel(c), description: containerDescription(c) })),
    });
    return {
      connection: this.live.status.state,
      message: this.view.message,
      files: this.grouping.files.map((f) => ({ uri: f.uri, pods: f.pods.map(pod) })),
      projects: this.roots().flatMap((n) => (n.kind === 'project' ? [{ name: n.name, files: n.files.map((f) => f.uri) }] : [])),
      other: this.grouping.other.map(pod),
      networks: this.networks().map((n) => ({ name: n.network.name, dns: n.network.dns, pods: n.pods })),
    };
  }

  private networks(): { network: NetworkInfo; pods: string[] }[] {
    return this.live.networks.map((network) => ({ network, pods: this.live.pods.filter((p) => p.networks.includes(network.name)).map((p) => p.name) }));
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!vscode.workspace.isTrusted) return [];
      // No pods: a row says so and what to do, and the networks stay in sight (one just created,
      // say). Nothing known yet: the welcome content says why.
      if (!this.live.pods.length) return this.live.networks.length ? [{ kind: 'noPods' }, { kind: 'networks' }] : [];
      const roots = this.roots();
      if (this.grouping.other.length) roots.push({ kind: 'other', pods: this.grouping.other });
      if (this.live.networks.length) roots.push({ kind: 'networks' });
      return roots;
    }
    switch (node.kind) {
      case 'project':
        return node.files.map((f) => ({ kind: 'file', uri: f.uri, pods: f.pods }));
      case 'file':
        return node.pods.map((pod) => ({ kind: 'pod', pod, uri: node.uri }));
      case 'other':
        return node.pods.map((pod) => ({ kind: 'pod', pod }));
      case 'pod':
        return node.pod.live.containers.map((container) => ({ kind: 'container', pod: node.pod, container, uri: node.uri }));
      case 'networks':
        return this.networks().map((n) => ({ kind: 'network', ...n }));
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'project': {
        const item = new vscode.TreeItem(`Project ${node.name}`, vscode.TreeItemCollapsibleState.Expanded);
        const n = node.files.reduce((k, f) => k + f.pods.length, 0);
        item.description = `${n} pod${n === 1 ? '' : 's'} · ${node.files.length} file${node.files.length === 1 ? '' : 's'}`;
        item.tooltip = 'Manifests played together on one network (Podman: Play Project, Down Project).';
        item.iconPath = new vscode.ThemeIcon('files');
        item.id = `project:${node.key}`;
        return item;
      }
      case 'file': {
        const uri = vscode.Uri.parse(node.uri, true);
        const item = new vscode.TreeItem(vscode.workspace.asRelativePath(uri), vscode.TreeItemCollapsibleState.Expanded);
        item.resourceUri = uri;
        item.iconPath = vscode.ThemeIcon.File;
        item.description = `${node.pods.length} pod${node.pods.length === 1 ? '' : 's'}`;
        item.contextValue = 'podmanKube.file';
        item.id = `file:${node.uri}`;
        return item;
      }
      case 'other': {
        const item = new vscode.TreeItem('Other pods', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${node.pods.length}, in no workspace manifest`;
        item.iconPath = new vscode.ThemeIcon('folder');
        item.id = 'other';
        return item;
      }
      case 'noPods': {
        const item = new vscode.TreeItem('No pods yet', vscode.TreeItemCollapsibleState.None);
        item.description = 'open a sample, or play the manifest you have open';
        item.tooltip = 'No pods in podman. Click to open a sample manifest; Podman: Play Kube plays the one you have open.';
        item.iconPath = new vscode.ThemeIcon('info');
        item.command = { command: COMMANDS.openSample, title: 'Open a Sample' };
        item.id = 'noPods';
        return item;
      }
      case 'networks': {
        // Open when it is all there is to see.
        const item = new vscode.TreeItem('Networks', this.live.pods.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('type-hierarchy');
        // Another id when alone, so the tree takes its open state rather than one remembered.
        item.id = this.live.pods.length ? 'networks' : 'networks-alone';
        return item;
      }
      case 'pod':
        return podItem(node.pod, node.uri);
      case 'container':
        return containerItem(node.container, node.uri);
      case 'network': {
        const item = new vscode.TreeItem(node.network.name, vscode.TreeItemCollapsibleState.None);
        const n = node.pods.length;
        item.description = `DNS ${node.network.dns ? 'on' : 'off'} · ${n ? `${n} pod${n === 1 ? '' : 's'}` : 'no pods'}`;
        item.tooltip = `Network ${node.network.name} (${node.network.driver}): ${node.network.dns ? 'pods on it reach each other by pod name' : 'no DNS: pods on it cannot reach each other by name'}.${n ? `\nPods: ${node.pods.join(', ')}` : ''}`;
        item.iconPath = new vscode.ThemeIcon('type-hierarchy-sub');
        item.id = `network:${node.network.name}`;
        return item;
      }
    }
  }

  /** A container's tooltip is made when it is hovered: its uptime is then current, and no timer redraws the tree for it. */
  resolveTreeItem(item: vscode.TreeItem, node: Node): vscode.TreeItem {
    if (node.kind === 'container') item.tooltip = containerTooltip(node.pod, node.container);
    return item;
  }

  override dispose(): void {
    clearTimeout(this.linger);
    this.use?.dispose();
    super.dispose();
  }
}

/** A container's state as a person reads it: `running`, `exited 137`, `created`. */
export function stateLabel(c: LiveContainer): string {
  return c.state === 'exited' && c.exitCode !== undefined ? `exited ${c.exitCode}` : c.state;
}

function uptime(c: LiveContainer): string | undefined {
  if (c.state !== 'running' || !c.startedAt) return undefined;
  const s = Math.max(0, Date.now() / 1000 - c.startedAt);
  if (s < 60) return 'up <1 min';
  if (s < 3600) return `up ${Math.floor(s / 60)} min`;
  if (s < 86400) return `up ${Math.floor(s / 3600)} h`;
  return `up ${Math.floor(s / 86400)} d`;
}

const portText = (ports: LivePod['ports']) => [...new Set(ports.map((p) => `${p.hostPort}→${p.containerPort}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`))].join(', ');

/** The row says the state (a narrow sidebar cuts the rest); the tooltip has the details. */
function containerDescription(c: LiveContainer): string {
  return [stateLabel(c), c.restarts ? `${c.restarts} restart${c.restarts === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
}

/** Codicon and theme colour of a state: colour and shape both say it (high-contrast themes too). */
function stateIcon(state: string, failed: boolean): vscode.ThemeIcon {
  switch (state.toLowerCase()) {
    case 'running':
      return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
    case 'degraded':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    case 'paused':
      return new vscode.ThemeIcon('debug-pause', new vscode.ThemeColor('disabledForeground'));
    case 'created':
    case 'configured':
      return new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('disabledForeground'));
    case 'exited':
    case 'stopped':
      return failed ? new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')) : new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('disabledForeground'));
    default:
      return new vscode.ThemeIcon('question', new vscode.ThemeColor('list.errorForeground'));
  }
}

function podItem(pod: MatchedPod, uri: string | undefined): vscode.TreeItem {
  const p = pod.live;
  const item = new vscode.TreeItem(p.name, p.containers.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  const failed = p.containers.some((c) => c.state === 'exited' && !!c.exitCode);
  item.iconPath = stateIcon(p.status, failed);
  const ports = portText(p.ports);
  item.description = [p.status.toLowerCase(), pod.drift.length ? 'changed' : ''].filter(Boolean).join(' · ');
  const tip = new vscode.MarkdownString();
  tip.appendText(`Pod ${p.name}: ${p.status}\n`);
  tip.appendText(`Networks: ${p.networks.join(', ') || 'none'}\n`);
  if (ports) tip.appendText(`Published on the host: ${ports}\n`);
  if (pod.drift.length) tip.appendText(`\nThe manifest now says something else (${pod.drift.join('; ')}): Replace plays it again.`);
  item.tooltip = tip;
  const flags = ['pod', uri ? 'manifest' : '', p.ports.length ? 'ports' : '', pod.drift.length ? 'changed' : '', p.status === 'Running' || p.status === 'Degraded' ? 'running' : 'stopped'];
  item.contextValue = flags.filter(Boolean).join(' ');
  item.id = `pod:${p.id}`;
  return item;
}

function containerTooltip(pod: MatchedPod, c: LiveContainer): string {
  const ports = portText(c.ports);
  return [
    `${c.name} (pod ${pod.live.name})`,
    `State: ${[stateLabel(c), uptime(c)].filter(Boolean).join(', ')}${c.restarts ? ` (${c.restarts} restart${c.restarts === 1 ? '' : 's'})` : ''}`,
    `Image: ${c.image}`,
    ...(ports ? [`Published on the host: ${ports}`] : []),
    ...(c.command.length ? [`Command: ${c.command.join(' ')}`] : []),
  ].join('\n');
}

function containerItem(c: LiveContainer, uri: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
  item.iconPath = stateIcon(c.state, !!c.exitCode);
  item.description = containerDescription(c);
  item.contextValue = ['container', uri ? 'manifest' : '', c.state === 'running' ? 'running' : 'stopped'].filter(Boolean).join(' ');
  item.id = `container:${c.id}`;
  return item;
}

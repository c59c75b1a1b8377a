// Shows the network the active manifest is played on, and the project it belongs to; click to change the network.
import * as vscode from 'vscode';
import { isKubeDocument } from './manifestTracker';
import type { NetworkChoice } from './networkChoice';
import type { Settings } from './settings';
import { Disposable } from './dispose';
import { COMMANDS } from './shared/commands';
import type { ProjectInfo } from './shared/serverProtocol';

export class NetworkStatusBar extends Disposable {
  private readonly item = vscode.window.createStatusBarItem('podmanKube.network', vscode.StatusBarAlignment.Right, 100);

  /** The active file's project, once the language server has said (by file URI). */
  private project: { uri: string; name?: string } | undefined;

  constructor(
    private readonly networks: NetworkChoice,
    private readonly settings: Settings,
    private readonly projectOf: (uri: vscode.Uri) => Promise<ProjectInfo | undefined>,
  ) {
    super();
    this.item.name = 'Podman Network';
    this.item.command = COMMANDS.chooseNetwork;
    this.register(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      networks.onDidChange(() => this.update()),
      settings.onDidChange((c) => c.connection && this.update()),
      // A saved manifest can join or leave a project: ask again.
      vscode.workspace.onDidSaveTextDocument(() => {
        this.project = undefined;
        this.update();
      }),
    );
    this.update();
  }

  private update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || !isKubeDocument(doc)) {
      this.item.hide();
      return;
    }
    const n = this.networks.get(doc.uri);
    void this.networks.refreshKnown();
    const uri = doc.uri.toString();
    if (this.project?.uri !== uri) {
      this.project = { uri };
      if (doc.uri.scheme === 'file')
        void this.projectOf(doc.uri)
          .catch(() => undefined)
          .then((p) => {
            if (this.project?.uri !== uri || !p) return;
            this.project = { uri, name: p.name };
            this.update();
          });
    }
    const project = this.project.name;
    // Commands going to another machine say so: the connection is the first thing to know then.
    const connection = this.settings.connection();
    const missing = n.exists === false;
    this.item.text = `$(${missing ? 'warning' : 'globe'}) ${n.effective}${missing ? ' (does not exist)' : n.dns ? '' : ' (no DNS)'}${project ? ` $(files) project ${project}` : ''}${connection ? ` $(remote) ${connection}` : ''}`;
    this.item.tooltip = [
      `podman${connection ? ` --connection ${connection}` : ''} kube play ${n.chosen ? `--net ${n.chosen}` : `(podman's default network)`}${n.source ? ` (${n.source})` : ''}`,
      ...(missing ? [`Podman has no network ${n.effective}: Play offers to create it.`] : n.dns ? [] : ['DNS is off: pods cannot reach each other by name.']),
      ...(project ? [`Part of project ${project}: Podman: Play Project plays its files together.`] : []),
      ...(connection ? [`Podman commands run on connection ${connection}, another machine.`] : []),
      n.unit ? `Click to see how to change it in ${n.source}.` : 'Click to choose another network.',
    ].join('\n');
    this.item.backgroundColor = missing || !n.dns ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  override dispose(): void {
    super.dispose();
  }
}

// Play / Play on network... / Down / Preview above each kube document of a manifest; Build & Play
// above the first when an image has a build folder; Play project and Down project when the file
// is part of a project.
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { isKubeDocument } from './manifestTracker';
import type { NetworkChoice } from './networkChoice';
import { COMMANDS } from './shared/commands';
import { kubeFileName, looksLikeCompose } from './compose/names';
import type { ProjectInfo } from './shared/serverProtocol';

/** Documents scanned for lenses: enough for any hand-written file, cheap for a generated one. */
const MAX_LENSES = 200;

export class KubeCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  /** The Play lens names the network, so it changes with the choice. */
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly networks: NetworkChoice,
    private readonly projectOf: (uri: vscode.Uri) => Promise<ProjectInfo | undefined>,
    private readonly buildFiles: (doc: vscode.TextDocument) => Promise<string[]>,
    contextChanged: vscode.Event<unknown>,
  ) {
    super();
    this.register(
      this.changed,
      networks.onDidChange(() => this.changed.fire()),
      // Build folders and images are learnt after the file opens.
      contextChanged(() => this.changed.fire()),
      // A saved manifest can join or leave a project.
      vscode.workspace.onDidSaveTextDocument(() => this.changed.fire()),
    );
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const lenses = this.fileLenses(doc);
    const builds = lenses.length ? await this.buildFiles(doc).catch(() => []) : [];
    if (builds.length) {
      lenses.splice(1, 0, new vscode.CodeLens(lenses[0].range, { title: '$(tools) Build & Play', command: COMMANDS.playBuild, arguments: [doc.uri], tooltip: `podman kube play --build: builds from ${builds.join(', ')}, then plays` }));
    }
    const project = lenses.length && doc.uri.scheme === 'file' ? await this.projectOf(doc.uri).catch(() => undefined) : undefined;
    if (project) {
      const range = lenses[0].range;
      const files = project.files.map((f) => f.name).join(', ');
      lenses.push(
        new vscode.CodeLens(range, { title: `$(files) Play project ${project.name}`, command: COMMANDS.playProject, arguments: [doc.uri], tooltip: `Play ${files} together` }),
        new vscode.CodeLens(range, { title: 'Down project', command: COMMANDS.downProject, arguments: [doc.uri], tooltip: `podman kube down ${files}` }),
      );
    }
    return lenses;
  }

  private fileLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isKubeDocument(doc)) return [];
    const n = this.networks.get(doc.uri);
    const play = {
      title: `$(play) Play on ${n.effective}`,
      tooltip: `podman kube play ${n.chosen ? `--network ${n.chosen}` : "(podman's default network)"}${n.source ? `, ${n.source}` : ''}${n.exists === false ? ': the network does not exist yet, Play offers to create it' : ''}`,
    };
    const lenses: vscode.CodeLens[] = [];
    let inDocument = false;
    for (let line = 0; line < doc.lineCount && lenses.length < MAX_LENSES * 4; line++) {
      const text = doc.lineAt(line).text;
      if (/^---/.test(text)) inDocument = false;
      else if (!inDocument && /^(apiVersion:|kind:|\{)/.test(text)) {
        inDocument = true;
        const range = new vscode.Range(line, 0, line, 0);
        const args = [doc.uri];
        lenses.push(
          new vscode.CodeLens(range, { ...play, command: COMMANDS.play, arguments: args }),
          n.unit
            ? new vscode.CodeLens(range, { title: `$(file-symlink-file) ${n.source}`, command: COMMANDS.chooseNetwork, arguments: args, tooltip: 'The committed Quadlet unit that says how this file is played' })
            : new vscode.CodeLens(range, { title: 'Play on network...', command: COMMANDS.playOnNetwork, arguments: args, tooltip: 'Choose the --net, then play this file' }),
          new vscode.CodeLens(range, { title: 'Down', command: COMMANDS.down, arguments: args, tooltip: 'podman kube down this file' }),
          new vscode.CodeLens(range, { title: 'Preview', command: COMMANDS.openPreviewToSide, arguments: args, tooltip: 'Open the topology preview' }),
          new vscode.CodeLens(range, { title: 'Quadlet', command: COMMANDS.exportQuadlet, arguments: args, tooltip: 'Export as Quadlet units: run this file as a systemd service' }),
        );
      }
    }
    return lenses;
  }
}

/** Above a compose file: Convert to Kube Manifest. */
export class ComposeCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (doc.uri.scheme !== 'file' || !looksLikeCompose(doc.getText())) return [];
    const title = '$(arrow-swap) Convert to Kube Manifest';
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title, command: COMMANDS.convertCompose, arguments: [doc.uri], tooltip: `Writes ${kubeFileName(doc.uri.fsPath)} beside it, for podman kube play` })];
  }
}

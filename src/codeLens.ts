// Play / Play on network... / Down / Preview above each kube document of a manifest.
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { isKubeDocument } from './manifestTracker';
import type { NetworkChoice } from './networkChoice';
import { COMMANDS } from './shared/commands';

/** Documents scanned for lenses: enough for any hand-written file, cheap for a generated one. */
const MAX_LENSES = 200;

export class KubeCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  /** The Play lens names the network, so it changes with the choice. */
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly networks: NetworkChoice) {
    super();
    this.register(
      this.changed,
      networks.onDidChange(() => this.changed.fire()),
    );
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
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

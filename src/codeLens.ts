// Play / Play on network... / Down / Preview above each kube document of a manifest.
import * as vscode from 'vscode';
import { isKubeDocument } from './manifestTracker';

/** Documents scanned for lenses: enough for any hand-written file, cheap for a generated one. */
const MAX_LENSES = 200;

export class KubeCodeLensProvider implements vscode.CodeLensProvider {
  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!isKubeDocument(doc)) return [];
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
          new vscode.CodeLens(range, { title: '$(play) Play', command: 'podmanKube.play', arguments: args, tooltip: 'podman kube play this file' }),
          new vscode.CodeLens(range, { title: 'Play on network...', command: 'podmanKube.playOnNetwork', arguments: args, tooltip: 'Choose the --net, then play this file' }),
          new vscode.CodeLens(range, { title: 'Down', command: 'podmanKube.down', arguments: args, tooltip: 'podman kube down this file' }),
          new vscode.CodeLens(range, { title: 'Preview', command: 'podmanKube.openPreviewToSide', arguments: args, tooltip: 'Open the topology preview' }),
          new vscode.CodeLens(range, { title: 'Quadlet', command: 'podmanKube.exportQuadlet', arguments: args, tooltip: 'Export as Quadlet units: run this file as a systemd service' }),
        );
      }
    }
    return lenses;
  }
}

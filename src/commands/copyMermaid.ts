import * as vscode from 'vscode';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../reader/modelReader';
import type { PreviewManager } from '../preview/previewManager';
import { noManifest, targetUri, type Command } from '../command';
import { COMMANDS } from '../shared/commands';

/** Copies the whole topology as Mermaid text, for people who keep diagrams in their docs. */
export function copyMermaid(previews: PreviewManager, play: PlayContext, reader: ModelReader): Command {
  return {
    id: COMMANDS.copyMermaid,
    async execute(arg?: unknown) {
      const uri = targetUri(arg) ?? previews.active?.documentUri;
      if (!uri) return noManifest();
      const doc = await vscode.workspace.openTextDocument(uri);
      await play.ready();
      const file = play.forFile(uri);
      const model = await reader.read(doc.getText(), file, { network: file.selection.effective, dns: file.selection.dns, detail: 'full' });
      const text = model.diagram?.text;
      if (text === undefined) {
        void vscode.window.showWarningMessage(`The YAML of ${uri.path.split('/').pop()} does not parse: nothing to copy.`);
        return undefined;
      }
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied the topology of ${uri.path.split('/').pop()} as Mermaid (${model.pods.length} pods).`);
      return text;
    },
  };
}

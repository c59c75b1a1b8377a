import * as vscode from 'vscode';
import { parseManifest } from '../model';
import { toMermaid } from '../model/mermaid';
import type { PlayContext } from '../playContext';
import type { PreviewManager } from '../preview/previewManager';
import { noManifest, targetUri, type Command } from './command';

/** Copies the whole topology as Mermaid text, for people who keep diagrams in their docs. */
export function copyMermaid(previews: PreviewManager, context: PlayContext): Command {
  return {
    id: 'podmanKube.copyMermaid',
    async execute(arg?: unknown) {
      const uri = targetUri(arg) ?? previews.active?.documentUri;
      if (!uri) return noManifest();
      const doc = await vscode.workspace.openTextDocument(uri);
      await context.ready();
      const file = context.forFile(uri);
      const manifest = parseManifest(doc.getText(), file);
      const { text } = toMermaid(manifest, { network: file.selection.effective, dns: file.selection.dns, detail: 'full' });
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied the topology of ${uri.path.split('/').pop()} as Mermaid (${manifest.pods.length} pods).`);
      return text;
    },
  };
}

import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import type { Command } from './command';

/** Saves the diagram the preview shows as an SVG file. `target` skips the save dialog. */
export function exportSvg(previews: PreviewManager): Command {
  return {
    id: 'podmanKube.exportSvg',
    async execute(_arg?: unknown, target?: unknown) {
      const preview = previews.active;
      if (!preview) return vscode.window.showInformationMessage('Open a topology preview first: the SVG is the diagram it shows.');
      const svg = await preview.svg();
      if (!svg) return vscode.window.showErrorMessage('The preview has no diagram to export yet.');
      const source = preview.documentUri;
      const uri = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({
        defaultUri: source.with({ path: source.path.replace(/\.ya?ml$/i, '') + '.topology.svg' }),
        filters: { SVG: ['svg'] },
      });
      if (!uri) return undefined;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n`));
      void vscode.window.showInformationMessage(`Saved the topology as ${uri.path.split('/').pop()}.`);
      return uri;
    },
  };
}

import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import type { Command } from '../command';
import { COMMANDS } from '../shared/commands';

/** Saves the diagram the preview shows as an SVG file. `target` skips the save dialog. */
export function exportSvg(previews: PreviewManager): Command {
  return {
    id: COMMANDS.exportSvg,
    async execute(_arg?: unknown, target?: unknown, options?: { live?: boolean }) {
      const preview = previews.active;
      if (!preview) return vscode.window.showInformationMessage('Open a topology preview first: the SVG is the diagram it shows.');
      // The design, as the file says, unless the live state is asked for.
      let live = options?.live ?? false;
      if (options === undefined && !(target instanceof vscode.Uri) && preview.liveOn) {
        const pick = await vscode.window.showQuickPick(
          [
            { label: 'The design', description: 'what the file describes', live: false },
            { label: 'As it runs now', description: "with each box's live state", live: true },
          ],
          { title: 'Export which diagram?' },
        );
        if (!pick) return undefined;
        live = pick.live;
      }
      const svg = await preview.svg(live);
      if (!svg) return vscode.window.showErrorMessage('The preview has no diagram to export yet.');
      const source = preview.documentUri;
      const uri =
        target instanceof vscode.Uri
          ? target
          : await vscode.window.showSaveDialog({
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

import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import { noManifest, targetUri, type Command } from '../command';
import { COMMANDS } from '../shared/commands';

export function openPreview(previews: PreviewManager, toSide: boolean): Command {
  return {
    id: toSide ? COMMANDS.openPreviewToSide : COMMANDS.openPreview,
    execute(arg?: unknown) {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      previews.open(uri, toSide ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, toSide);
    },
  };
}

import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import type { Command } from '../command';
import { COMMANDS } from '../shared/commands';

export function togglePreviewLock(previews: PreviewManager): Command {
  return {
    id: COMMANDS.togglePreviewLock,
    execute() {
      const p = previews.active;
      if (!p) return vscode.window.showInformationMessage('No topology preview is open.');
      p.setLocked(!p.isLocked);
    },
  };
}

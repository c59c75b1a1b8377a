import * as vscode from 'vscode';
import type { PreviewManager } from '../preview/previewManager';
import type { Command } from '../command';

export function togglePreviewLock(previews: PreviewManager): Command {
  return {
    id: 'podmanKube.togglePreviewLock',
    execute() {
      const p = previews.active;
      if (!p) return vscode.window.showInformationMessage('No topology preview is open.');
      p.setLocked(!p.isLocked);
    },
  };
}

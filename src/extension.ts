// Composition root: create services, register them, hand every disposable to VS Code.
import * as vscode from 'vscode';
import { ManifestTracker } from './manifestTracker';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Podman', { log: true });
  context.subscriptions.push(log);
  try {
    context.subscriptions.push(new ManifestTracker());
  } catch (e) {
    // A failed activation is otherwise silent: say so where the user looks.
    log.error('Activation failed', e);
    void vscode.window.showErrorMessage(`Podman Kube Play could not start: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function deactivate(): void {}

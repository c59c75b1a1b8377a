import * as assert from 'assert';
import * as vscode from 'vscode';
import type { PreviewManager } from '../../../src/preview/previewManager';
import type { TopologyPreview } from '../../../src/preview/topologyPreview';
import type { ToWebview } from '../../../src/shared/protocol';

export const EXTENSION_ID = 'podman-kube-tools.podman-kube';

/** Polls until `check` returns a value that is not undefined/false, or fails at the deadline. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) assert.fail(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : last !== undefined ? `: ${JSON.stringify(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function workspaceFile(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder (a copy of samples/)');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

export async function openYaml(content: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content });
  return vscode.window.showTextDocument(doc);
}

export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export { stallMeter } from '../../support/stallMeter';

const recorded = new WeakMap<PreviewManager, { posted: WeakMap<TopologyPreview, ToWebview>; rendered: WeakMap<TopologyPreview, number> }>();

/**
 * What each preview was last given to draw, and the version its webview last reported drawn:
 * recorded from the previews' events from the first call on (call it before opening a preview).
 */
export function previewRecord(previews: PreviewManager): { lastMessage(p: TopologyPreview | undefined): ToWebview | undefined; renderedVersion(p: TopologyPreview | undefined): number | undefined } {
  let r = recorded.get(previews);
  if (!r) {
    const record = { posted: new WeakMap<TopologyPreview, ToWebview>(), rendered: new WeakMap<TopologyPreview, number>() };
    previews.onDidPost(({ preview, message }) => record.posted.set(preview, message));
    previews.onDidRender(({ preview, version }) => record.rendered.set(preview, version));
    recorded.set(previews, record);
    r = record;
  }
  const { posted, rendered } = r;
  return { lastMessage: (p) => (p ? posted.get(p) : undefined), renderedVersion: (p) => (p ? rendered.get(p) : undefined) };
}

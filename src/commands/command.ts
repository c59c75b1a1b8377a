import * as vscode from 'vscode';
import { isKubeDocument } from '../manifestTracker';

export interface Command {
  readonly id: string;
  execute(...args: unknown[]): unknown;
}

/**
 * The manifest a command acts on: the URI it was invoked with (explorer, editor title, CodeLens),
 * else the active editor's document when it is a kube manifest.
 */
export function targetUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isKubeDocument(doc) ? doc.uri : undefined;
}

export function noManifest(): undefined {
  void vscode.window.showInformationMessage('Open a kube manifest (a YAML file with apiVersion and kind) first.');
  return undefined;
}

import * as vscode from 'vscode';
import type { Command } from '../command';
import type { UnitEditor } from '../quadletEditor/unitEditor';
import { COMMANDS } from '../shared/commands';

/** From a `.kube` unit: the topology preview of the manifest it plays, on the unit's network. */
export function previewQuadletManifest(units: UnitEditor): Command {
  return { id: COMMANDS.previewQuadletManifest, execute: (unit?: unknown) => units.preview(unit instanceof vscode.Uri ? unit : undefined) };
}

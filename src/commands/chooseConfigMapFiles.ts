import * as vscode from 'vscode';
import type { PlayContext } from '../playContext';
import { noManifest, targetUri, type Command } from '../command';
import { COMMANDS } from '../shared/commands';

/**
 * The `--configmap` files of a manifest's plays (remembered per file): a ConfigMap the manifest
 * reads can live in its own file. `files` skips the dialog: URIs replace the files (tests; an
 * empty list clears them), paths are added to them (the quick fix "Play with --configmap SIBLING").
 */
export function chooseConfigMapFiles(play: PlayContext): Command {
  return {
    id: COMMANDS.chooseConfigMapFiles,
    async execute(arg?: unknown, files?: unknown): Promise<string[] | undefined> {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      const added = Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string').map((f) => vscode.Uri.file(f)) : [];
      const chosen = added.length
        ? [
            ...play
              .forFile(uri)
              .configMapFiles.map((f) => vscode.Uri.file(f))
              .filter((f) => !added.some((a) => a.fsPath === f.fsPath)),
            ...added,
          ]
        : Array.isArray(files)
          ? files.filter((f): f is vscode.Uri => f instanceof vscode.Uri)
          : await vscode.window.showOpenDialog({
              title: `--configmap files for ${uri.path.split('/').pop()}`,
              defaultUri: vscode.Uri.joinPath(uri, '..'),
              canSelectMany: true,
              filters: { 'ConfigMap YAML': ['yml', 'yaml'] },
              openLabel: 'Use with this manifest',
            });
      if (!chosen) return undefined;
      await play.setConfigMapFiles(uri, chosen);
      const names = play.forFile(uri).configMaps ?? [];
      void vscode.window.showInformationMessage(
        chosen.length ? `Plays of ${uri.path.split('/').pop()} now give podman --configmap ${chosen.map((f) => f.path.split('/').pop()).join(', ')} (ConfigMaps: ${names.join(', ') || 'none found'}).` : 'No --configmap files for this manifest.',
      );
      return names;
    },
  };
}

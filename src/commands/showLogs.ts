import * as vscode from 'vscode';
import { logsArgs } from '../podman/args';
import type { PlayContext } from '../playContext';
import type { ModelReader } from '../reader/modelReader';
import type { Podman } from '../podman/podman';
import { noManifest, targetUri, type Command } from '../command';
import { COMMANDS } from '../shared/commands';

/** `podman logs -f <pod>-<container>` in a terminal that runs podman itself, not a shell. */
export function showLogs(podman: Podman, play: PlayContext, reader: ModelReader): Command {
  return {
    id: COMMANDS.showLogs,
    requiresTrust: true,
    async execute(arg?: unknown, containerName?: unknown): Promise<vscode.Terminal | undefined> {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      const doc = await vscode.workspace.openTextDocument(uri);
      await play.ready();
      const containers = (await reader.read(doc.getText(), play.forFile(uri))).pods.flatMap((p) => p.containers.filter((c) => !c.init).map((c) => ({ label: c.podmanName, description: `pod ${p.name} · ${c.image ?? ''}` })));
      const pick = typeof containerName === 'string' ? { label: containerName } : containers.length === 1 ? containers[0] : await vscode.window.showQuickPick(containers, { title: 'Follow the logs of a container' });
      if (!pick) return undefined;
      return podman.terminal(`podman logs ${pick.label}`, logsArgs({ container: pick.label }));
    },
  };
}

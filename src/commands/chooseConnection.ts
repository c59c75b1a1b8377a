import * as vscode from 'vscode';
import type { Podman } from '../podman/podman';
import type { Command } from '../command';
import { COMMANDS } from '../shared/commands';

/**
 * Chooses the podman the commands drive: the local one, or a connection from
 * `podman system connection list` (a podman on another machine). `name` skips the pick;
 * '' means the local podman. Written to the user's settings.
 */
export function chooseConnection(podman: Podman): Command {
  return {
    id: COMMANDS.chooseConnection,
    requiresTrust: true,
    async execute(name?: unknown): Promise<string | undefined> {
      let chosen = typeof name === 'string' ? name : undefined;
      if (chosen === undefined) {
        const connections = await podman.client.connections().catch((e: unknown) => {
          podman.report(e, 'Listing podman connections');
          return [];
        });
        const current = podman.settings().connection ?? '';
        const pick = await vscode.window.showQuickPick(
          [{ label: 'Local podman', description: current === '' ? 'current' : '', name: '' }, ...connections.map((c) => ({ label: c.name, description: `${c.uri}${c.name === current ? ' · current' : ''}`, name: c.name }))],
          { title: 'Which podman runs the commands (podman --connection)', placeHolder: connections.length ? undefined : 'No connections: add one with podman system connection add' },
        );
        chosen = pick?.name;
      }
      if (chosen === undefined) return undefined;
      await podman.setConnection(chosen);
      return chosen;
    },
  };
}

import * as vscode from 'vscode';
import type { NetworkChoice } from '../networkChoice';
import { networkRemoveArgs } from '../podman/args';
import type { Podman } from '../podman/podman';
import { runAndReport, type Command, type Outcome } from '../command';
import { CREATED_KEY } from './createNetwork';
import { COMMANDS } from '../shared/commands';

/** Removes a network this extension created (`podman network rm`); `name` skips the pick. */
export function removeNetwork(podman: Podman, networks: NetworkChoice, memento: vscode.Memento): Command {
  return {
    id: COMMANDS.removeNetwork,
    requiresTrust: true,
    async execute(name?: unknown): Promise<Outcome | undefined> {
      const created = memento.get<string[]>(CREATED_KEY, []);
      const chosen = typeof name === 'string' ? name : await vscode.window.showQuickPick(created, { title: 'Remove a network created with Podman: Create Network', placeHolder: created.length ? undefined : 'No networks created from VS Code' });
      if (!chosen) return undefined;
      const args = networkRemoveArgs({ name: chosen });
      const outcome = await runAndReport(podman, { title: `podman network rm ${chosen}`, args, success: `Removed network ${chosen}.`, failure: `Removing network ${chosen}` });
      if (outcome.ok)
        await memento.update(
          CREATED_KEY,
          created.filter((n) => n !== chosen),
        );
      await networks.refreshKnown(true);
      return outcome;
    },
  };
}

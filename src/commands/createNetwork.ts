import * as vscode from 'vscode';
import type { NetworkChoice } from '../networkChoice';
import { DEFAULT_KUBE_NETWORK, networkMode } from '../model/network';
import { networkCreateArgs } from '../podman/args';
import { validateNetworkName } from '../podman/names';
import type { Podman } from '../podman/podman';
import { runAndReport, type Command, type Outcome } from '../command';
import { COMMANDS } from '../shared/commands';

export const CREATED_KEY = 'podmanKube.createdNetworks';

export interface NetworkCreated extends Outcome {
  /** The network made, when `ok`. */
  network?: string;
}

/** `podman network create NAME`; `name` skips the input box (used by Play and the tests). */
export function createNetwork(podman: Podman, networks: NetworkChoice, memento: vscode.Memento): Command {
  return {
    id: COMMANDS.createNetwork,
    requiresTrust: true,
    async execute(name?: unknown): Promise<NetworkCreated | undefined> {
      const proposed = typeof name === 'string' ? name : proposal(networks);
      const chosen =
        typeof name === 'string'
          ? name
          : await vscode.window.showInputBox({
              title: 'Create a podman network',
              prompt: 'Pods on one network with DNS reach each other by pod name',
              // A value, selected: Enter accepts it, typing replaces it.
              value: proposed,
              valueSelection: [0, proposed.length],
              validateInput: validateNetworkName,
            });
      if (chosen === undefined) return undefined;
      const problem = validateNetworkName(chosen);
      if (problem) {
        // Checked before podman runs: a name like "a;b" never reaches a command line.
        void vscode.window.showErrorMessage(`Network "${chosen}": ${problem}`);
        return { ok: false, message: problem };
      }
      const args = networkCreateArgs({ name: chosen });
      const outcome = await runAndReport(podman, {
        title: `podman network create ${chosen}`,
        args,
        success: `Created network ${chosen} (DNS on: pods on it reach each other by name).`,
        failure: `Creating network ${chosen}`,
      });
      if (!outcome.ok) return outcome;
      await networks.refreshKnown(true);
      await memento.update(CREATED_KEY, [...new Set([...memento.get<string[]>(CREATED_KEY, []), chosen])]);
      return { ...outcome, network: chosen };
    },
  };
}

/**
 * The name to propose: the network the active manifest is chosen to play on, else its folder's
 * name (samples/valkey1/play.yml: valkey1), when podman would take it; else none.
 */
function proposal(networks: NetworkChoice): string {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.uri.scheme !== 'file') return '';
  const chosen = networks.get(doc.uri).chosen;
  const folder = doc.uri.path.split('/').slice(-2, -1)[0] ?? '';
  return [chosen, folder].find((n): n is string => !!n && n !== DEFAULT_KUBE_NETWORK && !networkMode(n) && n !== 'podman' && !validateNetworkName(n)) ?? '';
}

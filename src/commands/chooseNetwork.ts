import * as vscode from 'vscode';
import { DEFAULT_KUBE_NETWORK } from '../model/network';
import type { NetworkChoice } from '../networkChoice';
import { validateNetworkName } from '../podman/names';
import type { NetworkInfo } from '../podman/parse';
import type { Podman } from '../podman/podman';
import { noManifest, targetUri, type Actions, type Command } from '../command';
import { COMMANDS } from '../shared/commands';

interface Item extends vscode.QuickPickItem {
  /** null: podman's default; undefined: ask for a name; 'create': make a new network. */
  network?: string | null;
  create?: boolean;
}

/**
 * Picks the network (`--net`) a file is played on; the preview, status bar and Play use it.
 * Lists podman's networks (marking DNS) when podman answers; `network` skips the pick.
 */
export function chooseNetwork(networks: NetworkChoice, podman: Podman, actions: Pick<Actions, 'createNetwork'>): Command {
  return {
    id: COMMANDS.chooseNetwork,
    async execute(arg?: unknown, network?: unknown): Promise<string | undefined> {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      const governing = networks.get(uri);
      if (governing.unit) {
        // The repository's choice comes first: it is changed where it is written.
        const message = `${uri.path.split('/').pop()} plays on ${governing.effective}, as ${governing.source} says (Network=). Change it there.`;
        void vscode.window.showInformationMessage(message, 'Open Unit').then((pick) => pick && vscode.window.showTextDocument(governing.unit!));
        return undefined;
      }
      if (typeof network === 'string') {
        const problem = validateNetworkName(network);
        if (problem) return void vscode.window.showErrorMessage(`Network "${network}": ${problem}`);
        await networks.set(uri, network === DEFAULT_KUBE_NETWORK ? undefined : network);
        return network;
      }
      const current = networks.get(uri);
      let known: NetworkInfo[] = [];
      if (vscode.workspace.isTrusted) known = await podman.client.networks().catch(() => []); // podman missing: offer names only
      if (known.length) networks.learn(known);
      const dns = (d: boolean) => (d ? 'DNS: pods reach each other by name' : 'DNS off: pod names do not resolve');
      const names = new Set([...known.map((n) => n.name), ...networks.recent()]);
      names.delete(DEFAULT_KUBE_NETWORK);
      const items: Item[] = [
        { label: DEFAULT_KUBE_NETWORK, description: `podman's default for kube play · ${dns(true)}`, network: null },
        ...[...names].map((n) => ({ label: n, description: known.length && !known.some((k) => k.name === n) ? 'does not exist: Play offers to create it' : dns(known.find((k) => k.name === n)?.dns ?? n !== 'podman'), network: n })),
        { label: '', kind: vscode.QuickPickItemKind.Separator },
        { label: '$(add) Create new network...', create: true },
        { label: '$(edit) Other network name...', network: undefined },
      ];
      for (const i of items) if (i.network !== undefined && (i.network ?? DEFAULT_KUBE_NETWORK) === current.effective) i.detail = 'current choice';
      const pick = await vscode.window.showQuickPick(items, { title: `Network for ${uri.path.split('/').pop()} (podman kube play --net)`, placeHolder: current.effective });
      if (!pick) return undefined;
      let chosen = pick.network;
      if (pick.create) {
        const created = await actions.createNetwork();
        if (!created?.network) return undefined;
        chosen = created.network;
      } else if (chosen === undefined) {
        chosen = await vscode.window.showInputBox({ title: 'Network name', prompt: 'An existing podman network', validateInput: validateNetworkName });
      }
      if (chosen === undefined) return undefined;
      await networks.set(uri, chosen ?? undefined);
      return chosen ?? DEFAULT_KUBE_NETWORK;
    },
  };
}

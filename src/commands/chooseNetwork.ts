import * as vscode from 'vscode';
import { DEFAULT_KUBE_NETWORK } from '../model/mermaid';
import { validateNetworkName, type NetworkChoice } from '../networkChoice';
import { noManifest, targetUri, type Command } from './command';

interface Item extends vscode.QuickPickItem {
  network?: string | null;
}

/** Picks the network (`--net`) a file is played on; the preview and Play Kube use it. */
export function chooseNetwork(networks: NetworkChoice): Command {
  return {
    id: 'podmanKube.chooseNetwork',
    async execute(arg?: unknown) {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      const current = networks.get(uri);
      const names = new Set(networks.recent());
      const items: Item[] = [
        { label: DEFAULT_KUBE_NETWORK, description: 'podman default for kube play · DNS', network: null },
        ...[...names].filter((n) => n !== DEFAULT_KUBE_NETWORK && n !== 'podman').map((n) => ({ label: n, description: 'DNS', network: n })),
        { label: 'podman', description: 'DNS off: pod names do not resolve', network: 'podman' },
        { label: 'Other network...', description: 'enter a name', network: undefined },
      ];
      for (const i of items) {
        if (i.network !== undefined && (i.network ?? DEFAULT_KUBE_NETWORK) === current.effective) i.description += ' · current';
      }
      const pick = await vscode.window.showQuickPick(items, { title: `Network for ${uri.path.split('/').pop()} (--net)`, placeHolder: current.effective });
      if (!pick) return undefined;
      let network = pick.network;
      if (network === undefined) {
        network = await vscode.window.showInputBox({ title: 'Network name', prompt: 'An existing podman network, or one Podman: Create Network will make', validateInput: validateNetworkName });
        if (!network) return undefined;
      }
      await networks.set(uri, network ?? undefined);
      return network ?? DEFAULT_KUBE_NETWORK;
    },
  };
}

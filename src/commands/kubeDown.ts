import * as vscode from 'vscode';
import { kubeDownArgs } from '../podman/args';
import { untrusted, type Podman } from '../podman/podman';
import { noManifest, targetUri, type Command } from './command';
import { manifestSource } from './manifestSource';
import type { Outcome } from './playKube';

export function kubeDown(podman: Podman): Command {
  return {
    id: 'podmanKube.down',
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const refused = untrusted();
      if (refused) return { ok: false, message: refused };
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      const source = await manifestSource(uri);
      const title = `podman kube down ${source.name}`;
      try {
        await podman.withProgress(title, kubeDownArgs({ file: source.file, connection: podman.settings().connection }), source.stdin);
      } catch (e) {
        return { ok: false, message: podman.report(e, title) };
      }
      const message = `Removed the pods of ${source.name}.`;
      void vscode.window.showInformationMessage(message);
      return { ok: true, message };
    },
  };
}

import { kubeDownArgs } from '../podman/args';
import type { Podman } from '../podman/podman';
import { noManifest, onePerFile, runAndReport, targetUri, type Command, type Outcome } from '../command';
import { manifestSource } from './manifestSource';
import { COMMANDS } from '../shared/commands';

export function kubeDown(podman: Podman): Command {
  return {
    id: COMMANDS.down,
    requiresTrust: true,
    async execute(arg?: unknown): Promise<Outcome | undefined> {
      const uri = targetUri(arg);
      if (!uri) return noManifest();
      const source = await manifestSource(uri);
      const args = kubeDownArgs({ file: source.file });
      const title = `podman kube down ${source.name}`;
      return onePerFile(uri, title, () => runAndReport(podman, { title, args, success: `Removed the pods of ${source.name}.`, stdin: source.stdin }));
    },
  };
}

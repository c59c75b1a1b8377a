import * as vscode from 'vscode';
import { features } from '../model/version';
import type { PlayContext } from '../playContext';
import { SECRET_ENV, secretCreateArgs } from '../podman/args';
import { validateSecretName } from '../podman/names';
import type { Podman } from '../podman/podman';
import { runAndReport, type Command, type Outcome } from '../command';
import { COMMANDS } from '../shared/commands';

/**
 * `podman secret create`, for a Secret a manifest reads but does not define (a quick fix offers
 * it). The value is asked with a password box and goes to podman in an environment variable. It is
 * stored in the shape the user's podman reads: a kube Secret from 4.4 on (env, envFrom and
 * volumes read it), a JSON map of base64 values on 4.3, the only shape its secretKeyRef reads.
 * `value` skips the password box (tests).
 */
export function createSecret(podman: Podman, play: PlayContext): Command {
  return {
    id: COMMANDS.createSecret,
    requiresTrust: true,
    async execute(_uri?: unknown, name?: unknown, key?: unknown, value?: unknown): Promise<Outcome | undefined> {
      const secret = typeof name === 'string' ? name : await vscode.window.showInputBox({ title: 'Create a podman secret', prompt: 'Name of the secret', validateInput: (n) => validateSecretName(n) });
      if (secret === undefined) return undefined;
      const problem = validateSecretName(secret);
      if (problem) return { ok: false, message: `Secret "${secret}": ${problem}` };
      const k = typeof key === 'string' && key ? key : await vscode.window.showInputBox({ title: `Create podman secret ${secret}`, prompt: 'The key the manifest reads', value: 'password' });
      if (!k) return undefined;
      const v = typeof value === 'string' ? value : await vscode.window.showInputBox({ title: `Create podman secret ${secret}`, prompt: `Value of ${k} (podman stores it; it is not written to your file)`, password: true, ignoreFocusOut: true });
      if (v === undefined) return undefined;
      await play.ready();
      const data = { [k]: Buffer.from(v, 'utf8').toString('base64') };
      const content = features(play.podmanVersion).fileSecrets ? { apiVersion: 'v1', kind: 'Secret', metadata: { name: secret }, data } : data;
      const outcome = await runAndReport(podman, {
        title: `podman secret create ${secret}`,
        args: secretCreateArgs({ name: secret }),
        env: { [SECRET_ENV]: JSON.stringify(content) },
        success: `Created podman secret ${secret} (key ${k}).`,
        failure: `Creating secret ${secret}`,
      });
      if (outcome.ok) play.refreshSecrets();
      return outcome;
    },
  };
}

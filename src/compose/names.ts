// What the extension host needs of compose without loading the converter: whether a file is a
// compose file, and the manifest's name beside it.
import { basename } from 'path';

/** True for a document that looks like a compose file: a top-level `services` map and no `kind`. */
export function looksLikeCompose(text: string): boolean {
  return /^services\s*:/m.test(text) && !/^kind\s*:/m.test(text);
}

/**
 * `compose.yaml` → `kube.yaml`, `docker-compose.prod.yml` → `kube.prod.yaml`, `stack.yml` →
 * `stack.kube.yaml`: never a name VS Code takes for a compose file (`compose.*.yaml`,
 * `*docker*compose*.yaml`), so the manifest opens as YAML, a kube manifest.
 */
export function kubeFileName(composeFile: string): string {
  const base = basename(composeFile).replace(/\.ya?ml$/i, '');
  const renamed = base.replace(/(docker[-_.]?)?compose/gi, 'kube');
  return `${renamed === base ? `${base}.kube` : renamed}.yaml`;
}

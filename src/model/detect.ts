// A cheap look at a YAML text: is it a kube manifest (some document with apiVersion and kind at
// the top level)? Used to enable our UI without parsing every YAML file the user opens.

// Kustomize's own files (kustomization.yaml) have apiVersion and kind too, but are not manifests.
const NOT_MANIFEST = '(?!Kustomization\\b|Component\\b)';
const KIND = new RegExp(`^kind:[ \\t]*["']?${NOT_MANIFEST}[A-Za-z]`, 'm');
const API = /^apiVersion:[ \t]*\S/m;
// Flow style, as the Kubernetes docs write some: `{ "apiVersion": "v1", "kind": "Pod", ... }`.
const FLOW_KIND = new RegExp(`["']?\\bkind["']?[ \\t]*:[ \\t]*["']?${NOT_MANIFEST}[A-Za-z]`);
const FLOW_API = /["']?\bapiVersion["']?[ \t]*:/;

export function looksLikeKubeManifest(text: string): boolean {
  if (KIND.test(text) && API.test(text)) return true;
  return text[firstContent(text)] === '{' && FLOW_KIND.test(text) && FLOW_API.test(text);
}

/** Offset of the first character that is not blank, a comment or a `---` line. */
function firstContent(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') i++;
    else if (c === '#' || text.startsWith('---', i)) {
      const end = text.indexOf('\n', i);
      if (end < 0) return text.length;
      i = end + 1;
    } else return i;
  }
  return i;
}

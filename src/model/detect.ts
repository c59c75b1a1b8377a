// A cheap look at a YAML text: is it a kube manifest (some document with apiVersion and kind at
// the top level)? Used to enable our UI without parsing every YAML file the user opens.

const KIND = /^kind:[ \t]*["']?[A-Za-z]/m;
const API = /^apiVersion:[ \t]*\S/m;

export function looksLikeKubeManifest(text: string): boolean {
  return KIND.test(text) && API.test(text);
}

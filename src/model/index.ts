export { parseManifest } from './manifest';
export { looksLikeKubeManifest } from './detect';
export * from './types';
export { atLeast, features, parseVersion, NEWEST } from './version';

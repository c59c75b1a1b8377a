export { freeHostPort, parseManifest } from './manifest';
export { describeSupport, fieldAt, KINDS, KIND_API_VERSION, rootTable, tableAt, type Field } from './schema';
export { looksLikeKubeManifest } from './detect';
export * from './types';
export { atLeast, describeVersion, features, KIND_SINCE, parseVersion, NEWEST } from './version';

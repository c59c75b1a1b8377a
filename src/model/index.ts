export { freeHostPort, publishedPorts, publishesAll } from './ports';
export { parseManifest } from './manifest';
export { describeSupport, fieldAt, honoured, rootTable, tableAt, type Field } from './schema';
export { isPlayedKind, PLAYED_KINDS, type PlayedKind } from './behaviour';
export { looksLikeKubeManifest } from './detect';
export * from './types';
export { atLeast, describeVersion, features, parseVersion, shortVersion, NEWEST } from './version';
export { DEFAULT_KUBE_NETWORK, networkHasDns, networkMode } from './network';
export { predictPlay, type PredictedPod, type Prediction } from './prediction';

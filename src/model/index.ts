export { parseManifest } from './manifest';
export * from './types';
export { atLeast, features, parseVersion, NEWEST } from './version';

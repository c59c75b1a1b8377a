/**
 * Every command the extension contributes, by name: the one place an id is spelled. package.json's
 * `contributes.commands` is held to this table by a unit test (test/unit/structure.test.ts).
 */
export const COMMANDS = {
  openPreview: 'podmanKube.openPreview',
  openPreviewToSide: 'podmanKube.openPreviewToSide',
  togglePreviewLock: 'podmanKube.togglePreviewLock',
  copyMermaid: 'podmanKube.copyMermaid',
  exportSvg: 'podmanKube.exportSvg',
  chooseNetwork: 'podmanKube.chooseNetwork',
  play: 'podmanKube.play',
  playReplace: 'podmanKube.playReplace',
  playBuild: 'podmanKube.playBuild',
  playOnNetwork: 'podmanKube.playOnNetwork',
  convertCompose: 'podmanKube.convertCompose',
  down: 'podmanKube.down',
  playProject: 'podmanKube.playProject',
  playProjectReplace: 'podmanKube.playProjectReplace',
  downProject: 'podmanKube.downProject',
  createNetwork: 'podmanKube.createNetwork',
  removeNetwork: 'podmanKube.removeNetwork',
  showLogs: 'podmanKube.showLogs',
  chooseConnection: 'podmanKube.chooseConnection',
  createSecret: 'podmanKube.createSecret',
  chooseConfigMapFiles: 'podmanKube.chooseConfigMapFiles',
  podsRefresh: 'podmanKube.pods.refresh',
  podsShowLogs: 'podmanKube.pods.showLogs',
  podsOpenShell: 'podmanKube.pods.openShell',
  podsStart: 'podmanKube.pods.start',
  podsStop: 'podmanKube.pods.stop',
  podsRestart: 'podmanKube.pods.restart',
  podsRemove: 'podmanKube.pods.remove',
  podsKubeDown: 'podmanKube.pods.kubeDown',
  podsReplace: 'podmanKube.pods.replace',
  podsOpenInBrowser: 'podmanKube.pods.openInBrowser',
  podsReveal: 'podmanKube.pods.reveal',
  podsGenerateKube: 'podmanKube.pods.generateKube',
  podsInspect: 'podmanKube.pods.inspect',
  openSample: 'podmanKube.openSample',
  showOutput: 'podmanKube.showOutput',
  exportQuadlet: 'podmanKube.exportQuadlet',
  showQuadletService: 'podmanKube.showQuadletService',
  previewQuadletManifest: 'podmanKube.previewQuadletManifest',
  quadletFollowUp: 'podmanKube.quadletFollowUp',
} as const;

export type CommandName = keyof typeof COMMANDS;
export type CommandId = (typeof COMMANDS)[CommandName];

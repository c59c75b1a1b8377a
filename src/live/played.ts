// Which file each pod was last played from by this extension, and what the file said then: a pod
// name in two files goes under the one that played it, and a changed `command` (which podman does
// not list) is drift only against what was played.
import * as vscode from 'vscode';
import type { PodSummary } from '../reader/modelReader';
import type { PlayedPod } from './match';

const KEY = 'podmanKube.playedPods';
/** Kept per workspace; the oldest plays are forgotten past this many pods. */
const MAX_PODS = 500;

export class PlayedPods implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  get all(): Record<string, PlayedPod> {
    return this.memento.get<Record<string, PlayedPod>>(KEY, {});
  }

  async record(uri: vscode.Uri, pods: PodSummary[]): Promise<void> {
    const all = { ...this.all };
    for (const pod of pods) {
      delete all[pod.name]; // re-inserted last: the newest play is kept longest
      all[pod.name] = { uri: uri.toString(), pod };
    }
    const names = Object.keys(all);
    for (const name of names.slice(0, Math.max(0, names.length - MAX_PODS))) delete all[name];
    await this.memento.update(KEY, all);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

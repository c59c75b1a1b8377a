// One way to own disposables: each is registered as it is made, and all of them go, once, with
// their owner (a second dispose does nothing; one registered after the owner went goes at once).
import type * as vscode from 'vscode';

/** Disposes each of `items` (a copy is taken first: disposing one may remove it from the set). */
export function disposeAll(items: Iterable<{ dispose(): unknown }>): void {
  for (const d of [...items]) d.dispose();
}

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: { dispose(): unknown }[] = [];
  private gone = false;

  protected get isDisposed(): boolean {
    return this.gone;
  }

  protected register(...items: { dispose(): unknown }[]): void {
    if (this.gone) disposeAll(items);
    else this.owned.push(...items);
  }

  dispose(): void {
    if (this.gone) return;
    this.gone = true;
    disposeAll(this.owned.splice(0));
  }
}

// Offers the manifest snippets as you type where a manifest can start. VS Code's YAML grammar makes
// a word at the start of a line a plain scalar, a string token, and quick suggestions are off in
// strings by default (`editor.quickSuggestions.strings`), so typing `pod` in a new file shows
// nothing. Turning strings on for all YAML would pop word suggestions into every value; instead,
// the suggest widget is opened only for the first letter of a word at column 0 of an empty
// document (the file's start or after `---`), or at the top level of a kube manifest.
import * as vscode from 'vscode';
import { Disposable } from './dispose';
import { isKubeDocument } from './manifestTracker';

/** How far up an empty document is looked for: comments and blank lines above a `---` or the start. */
const LOOK_BACK_LINES = 200;

export class SnippetTrigger extends Disposable {
  constructor() {
    super();
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)));
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    const editor = vscode.window.activeTextEditor;
    if (!editor || e.document !== editor.document || e.document.languageId !== 'yaml' || e.contentChanges.length !== 1) return;
    const change = e.contentChanges[0];
    // One letter typed (not a paste, an undo or a completion inserting text).
    if (change.rangeLength !== 0 || !/^[a-z]$/i.test(change.text) || e.reason !== undefined) return;
    const { line, character } = change.range.start;
    // The line was empty: a new word, not a letter typed before existing text.
    if (character !== 0 || e.document.lineAt(line).text !== change.text || !this.wanted(e.document)) return;
    if (!this.manifestCanStart(e.document, line)) return;
    void vscode.commands.executeCommand('editor.action.triggerSuggest');
  }

  /** Not when the user's settings already show them, or turned suggestions or snippets off. */
  private wanted(doc: vscode.TextDocument): boolean {
    const editor = vscode.workspace.getConfiguration('editor', doc);
    const quick = editor.get<boolean | Record<string, unknown>>('quickSuggestions');
    const on = (v: unknown) => v === true || v === 'on' || v === 'inline';
    if (quick === false || (typeof quick === 'object' && (on(quick.strings) || quick.other === 'off' || quick.other === false))) return false;
    return editor.get<string>('snippetSuggestions') !== 'none';
  }

  private manifestCanStart(doc: vscode.TextDocument, line: number): boolean {
    if (isKubeDocument(doc)) return true; // the top level of a manifest
    for (let l = line - 1; l >= Math.max(0, line - LOOK_BACK_LINES); l--) {
      const text = doc.lineAt(l).text;
      if (/^---\s*$/.test(text)) return true;
      if (text.trim() && !text.trimStart().startsWith('#')) return false;
    }
    return line < LOOK_BACK_LINES;
  }
}

// Editing `.kube` and `.network` units: diagnostics as podman's quadlet would judge them for the
// podman in use, hover for each key, links from Yaml=, ConfigMap= and Network=NAME.network, and
// CodeLens from Yaml= to the manifest and its topology preview on the unit's network.
import { readdir } from 'fs/promises';
import { dirname } from 'path';
import * as vscode from 'vscode';
import { isFile } from '../files/read';
import type { NetworkChoice } from '../networkChoice';
import type { PlayContext } from '../playContext';
import { checkUnit, isQuadletUnit, keyDoc, parseUnit, referencedFiles, resolveUnitPath, siblingUnit, type UnitContext } from '../quadlet/unitFile';
import type { Actions } from '../command';
import { networkOnDisk } from '../committedUnits';
import { Disposable } from '../dispose';
import { COMMANDS } from '../shared/commands';

export const QUADLET_LANGUAGE = 'quadlet';
const SELECTOR: vscode.DocumentSelector = { language: QUADLET_LANGUAGE };
const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information };
/** A unit file is small; a bigger file is not one a person wrote, and is not read (nor its siblings). */
const MAX_CHARS = 256 * 1024;

/** The unit's kind, for a unit small enough to be one a person wrote. */
function kindOf(doc: vscode.TextDocument): 'kube' | 'network' | undefined {
  if (doc.getText().length > MAX_CHARS) return undefined;
  return doc.uri.path.endsWith('.kube') ? 'kube' : doc.uri.path.endsWith('.network') ? 'network' : undefined;
}

/** The other unit files in a unit's folder (quadlet finds `NAME.network` among them). */
async function siblings(dir: string): Promise<Set<string>> {
  try {
    return new Set((await readdir(dir)).filter((f) => /\.(network|kube|container|volume|pod)$/.test(f)));
  } catch {
    return new Set();
  }
}

export class UnitEditor extends Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('quadlet');
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly play: PlayContext,
    private readonly networks: NetworkChoice,
    private readonly actions: Pick<Actions, 'openPreview'>,
  ) {
    super();
    this.register(
      this.diagnostics,
      vscode.workspace.onDidOpenTextDocument((d) => this.checkSoon(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.checkSoon(e.document, 200)),
      vscode.workspace.onDidCloseTextDocument((d) => this.diagnostics.delete(d.uri)),
      play.onDidChange(() => vscode.workspace.textDocuments.forEach((d) => this.checkSoon(d, 0))),
      vscode.languages.registerHoverProvider(SELECTOR, { provideHover: (d, p) => this.hover(d, p) }),
      vscode.languages.registerDocumentLinkProvider(SELECTOR, { provideDocumentLinks: (d) => this.links(d) }),
      vscode.languages.registerCodeLensProvider(SELECTOR, { provideCodeLenses: (d) => this.lenses(d) }),
    );
    for (const d of vscode.workspace.textDocuments) this.checkSoon(d, 0);
  }

  private checkSoon(doc: vscode.TextDocument, delay: number): void {
    if (doc.languageId !== QUADLET_LANGUAGE || !kindOf(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.check(doc);
      }, delay),
    );
  }

  /** The problems of a unit document, as shown. */
  async check(doc: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const kind = kindOf(doc);
    if (!kind || doc.isClosed) {
      this.diagnostics.delete(doc.uri);
      return [];
    }
    const text = doc.getText();
    const version = doc.version;
    const dir = doc.uri.scheme === 'file' ? dirname(doc.uri.fsPath) : '';
    const files = dir ? referencedFiles(text, dir) : [];
    const [present, names] = await Promise.all([Promise.all(files.map(isFile)), dir ? siblings(dir) : new Set<string>()]);
    // Edited or closed while the folder was read: a later check follows.
    if (doc.isClosed || doc.version !== version) return [];
    const existing = new Set(files.filter((_, i) => present[i]));
    const ctx: UnitContext = { kind, version: this.play.podmanVersion, dir, exists: (p) => existing.has(p), siblings: names };
    const out = checkUnit(text, ctx).map((p) => {
      const d = new vscode.Diagnostic(new vscode.Range(p.line, p.start, p.line, Math.max(p.end, p.start)), p.message, SEVERITY[p.severity]);
      d.source = 'quadlet';
      d.code = p.code;
      return d;
    });
    this.diagnostics.set(doc.uri, out);
    return out;
  }

  private hover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const kind = kindOf(doc);
    if (!kind) return undefined;
    const parsed = parseUnit(doc.getText());
    if (!isQuadletUnit(parsed, kind)) return undefined;
    const e = parsed.entries.find((x) => x.line === position.line && position.character >= x.key0 && position.character <= x.key0 + x.key.length);
    const group = kind === 'kube' ? 'Kube' : 'Network';
    const text = e && e.group === group ? keyDoc(kind, e.key) : undefined;
    return text ? new vscode.Hover(new vscode.MarkdownString(text), new vscode.Range(e!.line, e!.key0, e!.line, e!.key0 + e!.key.length)) : undefined;
  }

  private async links(doc: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    if (doc.uri.scheme !== 'file' || kindOf(doc) !== 'kube') return [];
    const dir = dirname(doc.uri.fsPath);
    const out: vscode.DocumentLink[] = [];
    for (const e of parseUnit(doc.getText()).entries) {
      if (e.group !== 'Kube') continue;
      let target: string | undefined;
      if (e.key === 'Yaml' || e.key === 'ConfigMap') target = resolveUnitPath(e.value, dir);
      else if (e.key === 'Network') target = siblingUnit(e.value, dir);
      if (!target || !(await isFile(target))) continue;
      const link = new vscode.DocumentLink(new vscode.Range(e.line, e.value0, e.line, e.value1), vscode.Uri.file(target));
      link.tooltip = e.key === 'Network' ? 'Open the network unit' : 'Open the manifest';
      out.push(link);
    }
    return out;
  }

  private async lenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const manifest = await this.manifestOf(doc);
    if (!manifest) return [];
    const range = new vscode.Range(manifest.line, 0, manifest.line, 0);
    const network = await this.networkOf(doc);
    return [
      new vscode.CodeLens(range, { title: 'Open Manifest', command: 'vscode.open', arguments: [manifest.uri] }),
      new vscode.CodeLens(range, { title: `Open Topology Preview${network ? ` (network ${network})` : ''}`, command: COMMANDS.previewQuadletManifest, arguments: [doc.uri] }),
    ];
  }

  /** The manifest a `.kube` unit plays (its last Yaml=), when it exists. */
  private async manifestOf(doc: vscode.TextDocument): Promise<{ uri: vscode.Uri; line: number } | undefined> {
    if (doc.uri.scheme !== 'file' || kindOf(doc) !== 'kube') return undefined;
    const yaml = parseUnit(doc.getText())
      .entries.filter((e) => e.group === 'Kube' && e.key === 'Yaml')
      .pop();
    const path = yaml && resolveUnitPath(yaml.value, dirname(doc.uri.fsPath));
    return path && (await isFile(path)) ? { uri: vscode.Uri.file(path), line: yaml.line } : undefined;
  }

  /** The network the unit plays on; its `NAME.network` sibling read through the bounded reader, in the unit's folder only. */
  private async networkOf(doc: vscode.TextDocument): Promise<string | undefined> {
    const dir = dirname(doc.uri.fsPath);
    const text = doc.getText();
    const entry = parseUnit(text)
      .entries.filter((e) => e.group === 'Kube' && e.key === 'Network')
      .pop();
    return entry && networkOnDisk(entry.value, dir, { maxBytes: MAX_CHARS, within: [dir] });
  }

  /** Opens the unit's manifest with its topology preview beside, on the network the unit plays it on. */
  /** Podman: Preview the unit's manifest on the unit's network. */
  async preview(unit?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const doc = unit ? await vscode.workspace.openTextDocument(unit) : vscode.window.activeTextEditor?.document;
    const manifest = doc && (await this.manifestOf(doc));
    if (!doc || !manifest) {
      void vscode.window.showInformationMessage('Open a .kube unit whose Yaml= names an existing manifest first.');
      return undefined;
    }
    const network = await this.networkOf(doc);
    // The preview draws the network the unit plays the file on (kept for the file, as a choice of network is).
    if (network !== undefined && this.networks.get(manifest.uri).chosen !== network) await this.networks.set(manifest.uri, network);
    await vscode.window.showTextDocument(manifest.uri);
    await this.actions.openPreview(manifest.uri);
    return manifest.uri;
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    super.dispose();
  }
}

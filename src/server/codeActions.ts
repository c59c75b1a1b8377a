// Quick fixes: the model's own fixes carried by each diagnostic, plus two rewrites it offers
// wherever the cursor is: a same-pod name -> localhost, and publishing a port with hostPort.
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import { freeHostPort, type Manifest } from '../model';
import type { DiagnosticData } from './diagnostics';
import { COMMANDS } from '../shared/commands';
import { overlaps } from './ranges';

export function codeActions(uri: string, range: Range, diagnostics: Diagnostic[], manifest: Manifest | undefined): CodeAction[] {
  const actions: CodeAction[] = [];
  const action = (title: string, edits: TextEdit[], kind: string, diagnostic?: Diagnostic): CodeAction => ({
    title,
    kind,
    diagnostics: diagnostic ? [diagnostic] : undefined,
    isPreferred: diagnostic ? true : undefined,
    edit: { changes: { [uri]: edits } },
  });
  for (const d of diagnostics) {
    if (d.source !== 'podman') continue;
    for (const fix of (d.data as DiagnosticData | undefined)?.fixes ?? []) {
      if (fix.command) actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title: fix.title, command: COMMANDS[fix.command.name], arguments: [uri, ...fix.command.args] } });
      else actions.push(action(fix.title, fix.edits, CodeActionKind.QuickFix, d));
    }
  }
  if (!manifest) return actions;
  for (const c of manifest.connections) {
    // Within one pod, localhost always works, on any network.
    if (c.via === 'dns' && c.status === 'ok' && c.to?.pod === c.from.pod && overlaps(c.range, range) && c.range.end.character - c.range.start.character === c.host.length) {
      actions.push(action(`Use localhost instead of ${c.host} (same pod)`, [{ range: c.range, newText: 'localhost' }], CodeActionKind.RefactorRewrite));
    }
  }
  for (const pod of manifest.pods) {
    if (pod.hostNetwork || !overlaps(pod.range, range)) continue;
    for (const c of pod.containers) {
      for (const p of c.ports) {
        if (p.hostPort !== undefined || !overlaps(p.range, range)) continue;
        const n = freeHostPort(manifest.pods, p.containerPort);
        const { position, prefix } = p.hostPortInsert;
        actions.push(action(`Publish port ${p.containerPort} on the host (hostPort: ${n})`, [{ range: { start: position, end: position }, newText: `${prefix}hostPort: ${n}` }], CodeActionKind.RefactorRewrite));
      }
    }
  }
  return actions;
}

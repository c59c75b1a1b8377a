// Manifest text -> LSP diagnostics. Pure: tested without a server or an editor.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { looksLikeKubeManifest, parseManifest, type Problem } from '../model';

const SEVERITY: Record<Problem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Diagnostics for a kube manifest; other YAML files get none from us. */
export function diagnostics(text: string): Diagnostic[] {
  if (!looksLikeKubeManifest(text)) return [];
  return parseManifest(text)
    .problems.filter((p) => p.code !== 'not-kube')
    .map((p) => ({ range: p.range, severity: SEVERITY[p.severity], code: p.code, source: 'podman', message: p.message }));
}

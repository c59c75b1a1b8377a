// Manifest text -> the model the server's features read, and its problems as LSP diagnostics.
// Pure: tested without a server or an editor.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { looksLikeKubeManifest, parseManifest, type Fix, type Manifest, type ModelOptions, type Problem } from '../model';

const SEVERITY: Record<Problem['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** What a diagnostic carries to the code action request: the edits that mend it. */
export interface DiagnosticData {
  fixes?: Fix[];
}

/** The model of a kube manifest; undefined for other YAML, which gets nothing from us. */
export function analyze(text: string, options: ModelOptions = {}): Manifest | undefined {
  return looksLikeKubeManifest(text) ? parseManifest(text, options) : undefined;
}

export function toDiagnostics(manifest: Manifest | undefined): Diagnostic[] {
  return manifest ? problemDiagnostics(manifest.problems) : [];
}

export function problemDiagnostics(problems: Problem[]): Diagnostic[] {
  return problems
    .filter((p) => p.code !== 'not-kube')
    .map((p) => {
      const d: Diagnostic = { range: p.range, severity: SEVERITY[p.severity], code: p.code, source: 'podman', message: p.message };
      if (p.fixes) d.data = { fixes: p.fixes } satisfies DiagnosticData;
      return d;
    });
}

/**
 * What the server keeps of a big file's model: only what hover, completion and code actions read
 * (names, ranges, ports, connections). Problems travel as diagnostics; the rest would be a second
 * copy of the file's model in the server for nothing (~100 MiB for 5 MB).
 */
export function forRequests(m: Manifest): Manifest {
  return {
    ...m,
    problems: [],
    resources: [],
    ignored: [],
    pods: m.pods.map((p) => ({
      ...p,
      volumes: [],
      refs: [],
      containers: p.containers.map((c) => ({ ...c, command: [], args: [], env: [], volumeMounts: [], texts: [] })),
    })),
  };
}

// The language server's analyzer: a child process that reads manifests into models, away from
// the process that answers requests, so a slow file never delays completion or hover, and a
// runaway one can be killed. (A worker thread ran the YAML parser 5x slower here, in GC.)
import type { Diagnostic } from 'vscode-languageserver';
import type { Manifest, ModelOptions } from '../model';
import { analyze, forRequests, toDiagnostics } from './diagnostics';

/** The server -> its analyzer. */
export interface AnalyzerJob {
  id: number;
  text: string;
  options: ModelOptions;
}

/** Its analyzer -> the server: the model and diagnostics of one job, or why it failed. */
export type AnalyzerReply = { id: number; manifest?: Manifest; diagnostics: Diagnostic[]; error?: undefined } | { id: number; error: string };

/** The flag that makes dist/server.js its analyzer (one bundle: both hold the model). */
export const ANALYZER_FLAG = '--analyzer';

const reply = (m: AnalyzerReply) => process.send!(m);

export function runAnalyzer(): void {
  process.on('message', (job: AnalyzerJob) => {
    try {
      const manifest = analyze(job.text, job.options);
      reply({ id: job.id, manifest: manifest && forRequests(manifest), diagnostics: toDiagnostics(manifest) });
    } catch (e) {
      reply({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  // The language server went away: so does its analyzer.
  process.on('disconnect', () => process.exit(0));
}

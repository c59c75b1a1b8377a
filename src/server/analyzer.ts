// The language server's analyzer: a child process that reads manifests into models, away from
// the process that answers requests, so a slow file never delays completion or hover, and a
// runaway one can be killed. (A worker thread ran the YAML parser 5x slower here, in GC.)
import type { ModelOptions } from '../model';
import { analyze, forRequests, toDiagnostics } from './diagnostics';

export interface Job {
  id: number;
  text: string;
  options: ModelOptions;
}

process.on('message', (job: Job) => {
  try {
    const manifest = analyze(job.text, job.options);
    process.send!({ id: job.id, manifest: manifest && forRequests(manifest), diagnostics: toDiagnostics(manifest) });
  } catch (e) {
    process.send!({ id: job.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
// The language server went away: so does its analyzer.
process.on('disconnect', () => process.exit(0));

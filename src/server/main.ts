// dist/server.js: the language server, or (forked by it with --analyzer) its analyzer process.
// One bundle, since both hold the model; the server's module starts listening when it loads.
import { ANALYZER_FLAG, runAnalyzer } from './analyzer';

if (process.argv.includes(ANALYZER_FLAG)) {
  runAnalyzer();
} else {
  import('./server').catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}

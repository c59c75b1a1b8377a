// `npm start`: builds the extension and opens it for use in a real VS Code (code-server on
// 127.0.0.1, samples/ as the workspace). Prints the URL; Ctrl-C stops it. On a fresh machine it
// first installs what code-server needs (scripts/lib/host.mjs) and code-server itself.
// PORT=8080 picks the port; `npm start -- --check` starts, checks the workbench answers, stops.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, startCodeServer } from './lib/code-server.mjs';
import { prepareHost, runScript, SetupError } from './lib/host.mjs';

await runScript(async () => {
  await prepareHost(['codeServer']);
  if (spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) {
    throw new SetupError('The build failed (npm run build); its errors are above.');
  }
  let host;
  try {
    host = await startCodeServer({ workspace: join(ROOT, 'samples'), port: Number(process.env.PORT) || undefined });
  } catch (e) {
    throw new SetupError(`code-server did not start: ${e.message}`);
  }
  const url = host.url({ extensionDevelopmentPath: ROOT });
  console.log(`\nPodman Kube Play is running in VS Code (code-server 4.96.4) with samples/ open:\n\n  ${url}\n\nOpen it in a browser on this machine. Ctrl-C stops it.`);
  if (process.argv.includes('--check')) {
    const r = await fetch(url);
    console.log(`workbench answered HTTP ${r.status}`);
    await host.stop();
    process.exit(r.ok ? 0 : 1);
  }
  for (const sig of ['SIGINT', 'SIGTERM'])
    process.on(sig, async () => {
      await host.stop();
      process.exit(0);
    });
});

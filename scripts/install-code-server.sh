#!/usr/bin/env bash
# Installs code-server 4.96.4 (VS Code 1.96.4 with a Node extension host) into .vscode-test/,
# offline from GitHub: only the npm registry and Debian's packages are used.
# Why each step exists: see the notes on the test host (code-server's install scripts
# download from GitHub and refuse root, so they are replaced by the steps below).
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION=4.96.4
DEST="$PWD/.vscode-test/code-server-$VERSION"
BIN="$DEST/node_modules/code-server/out/node/entry.js"
if [ -f "$DEST/.complete" ]; then echo "code-server $VERSION already installed in $DEST"; exit 0; fi
command -v rg >/dev/null || { echo "ripgrep (apt: ripgrep) is required" >&2; exit 1; }
rm -rf "$DEST"; mkdir -p "$DEST"; cd "$DEST"
echo '{"name":"code-server-host","private":true}' > package.json
export npm_config_nodedir=/usr npm_config_audit=false npm_config_fund=false
npm install "code-server@$VERSION" --ignore-scripts --no-save --loglevel=error
npm rebuild argon2 --loglevel=error
VS="$DEST/node_modules/code-server/lib/vscode"
# The shrinkwrap pins @vscode/proxy-agent to a git+ssh URL; the registry has the same tarball.
node -e '
  const fs = require("fs"); const f = process.argv[1];
  const j = JSON.parse(fs.readFileSync(f, "utf8"));
  for (const [k, v] of Object.entries(j.packages || {})) {
    if (k.endsWith("node_modules/@vscode/proxy-agent")) v.resolved = "https://registry.npmjs.org/@vscode/proxy-agent/-/proxy-agent-0.27.0.tgz";
  }
  fs.writeFileSync(f, JSON.stringify(j, null, 2));' "$VS/npm-shrinkwrap.json"
cd "$VS"
npm install --omit=dev --ignore-scripts --loglevel=error
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm rebuild --loglevel=error
ln -sfn node_modules node_modules.asar
ln -sf code-linux.sh bin/remote-cli/code-server
ln -sf browser-linux.sh bin/helpers/browser.sh
(cd extensions && npm install --omit=dev --loglevel=error)
test -f "$BIN"
touch "$DEST/.complete"
echo "code-server $VERSION installed in $DEST"

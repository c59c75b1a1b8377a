// The preview's HTML: set once per panel. Strict CSP: nothing but our bundled script (by nonce
// and from media/), inline styles only because Mermaid writes them into its SVG.
import { randomBytes } from 'crypto';
import * as vscode from 'vscode';
import type { PreviewState, ToWebview } from '../shared/protocol';

export function previewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, state: PreviewState, first: ToWebview | undefined): string {
  const nonce = randomBytes(16).toString('base64');
  const media = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', ...p)).toString();
  const csp = ["default-src 'none'", `script-src 'nonce-${nonce}' ${webview.cspSource}`, `style-src ${webview.cspSource} 'unsafe-inline'`, `img-src ${webview.cspSource} data:`, `font-src ${webview.cspSource}`].join('; ');
  const attr = (v: unknown) => JSON.stringify(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('preview.css')}">
<link rel="modulepreload" href="${media('dist', 'preview.js')}" nonce="${nonce}">
<title>Topology</title>
</head>
<body>
<div id="podman-kube-preview" data-state="${attr(state)}" data-first="${attr(first ?? null)}"></div>
<header>
  <button id="network" title="Choose the network this file is played on (--net)">Network</button>
  <button id="live" hidden aria-pressed="false" title="Colour each box by what runs in podman now">Live</button>
  <span id="lock" hidden title="This preview stays on its file">🔒 Locked</span>
  <span class="zoom" role="group" aria-label="Zoom">
    <button id="zoom-out" title="Zoom out (-)" aria-label="Zoom out">−</button>
    <span id="zoom-level" aria-live="polite">100%</span>
    <button id="zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
    <button id="zoom-fit" title="Fit the diagram to the panel (0); 1: actual size; arrows pan, wheel zooms, drag moves">Fit</button>
  </span>
</header>
<div id="legend" hidden aria-label="Live state legend"></div>
<div id="banner" class="banner" hidden></div>
<div id="detail" hidden></div>
<div id="diagram" role="img" aria-label="Topology diagram" tabindex="0"><div id="canvas"></div></div>
<div id="box-menu" hidden role="menu"></div>
<div id="ignored-box" hidden>Ignored by podman (not created):<ul id="ignored"></ul></div>
<script type="module" nonce="${nonce}" src="${media('dist', 'preview.js')}"></script>
</body>
</html>`;
}

/**
 * The simulation panel's HTML document. A pure function (no `vscode` import) so that the extension host
 * and the webview tests in headless Chromium load exactly the same page.
 *
 * The page is a shell: the bundled script (`dist/webview.js`) builds the panel inside `<main id="app">`.
 */

export interface PanelHtmlOptions {
  /** `webview.cspSource`: the origin VS Code serves the extension's local files from. */
  cspSource: string;
  /** A fresh random value for each load; only a script carrying it may run. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/panel.css)`. */
  styleUri: string;
  /** The document title, e.g. "Gradient descent · loss.py:12". */
  title?: string;
}

/** Base64 or hex, as `crypto.randomBytes(..).toString('base64')` or a UUID gives: nothing that could end the CSP source. */
const NONCE = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;
/**
 * A source list as `webview.cspSource` gives it: hosts and schemes (`https://*.vscode-cdn.net`), or quoted
 * keywords (`'self'`, which code-server's webviews use); nothing that could end the directive (`;`, `,`).
 */
const CSP_SOURCE = /^(?:'[a-z-]+'|[^\s;,'"]+)(?: (?:'[a-z-]+'|[^\s;,'"]+))*$/;

/**
 * The Content-Security-Policy of the panel. Everything the page does not need is refused:
 * - scripts: only the nonced bundle (no inline code, no eval);
 * - styles: `panel.css` from the extension, and <style> elements carrying the nonce. The webview-ui-toolkit's
 *   component styles are constructed style sheets (`adoptedStyleSheets`) and chart.js sizes its canvas through
 *   the CSSOM; neither is governed by `style-src`. The one <style> element the page makes is FAST's probe for
 *   `:focus-visible` support (fast-web-utilities `canUseFocusVisible`), which reads the nonce from
 *   `<meta property="csp-nonce">`; refused, it reports a violation and the toolkit falls back to `:focus`
 *   (focus rings on every mouse click). So: the nonce, and still no `'unsafe-inline'`;
 * - no images, fonts, frames, workers or network: the charts are canvas drawings, the PNG export reads the
 *   canvas (`toDataURL`) without loading anything, and the page uses the editor's own fonts;
 * - `base-uri` and `form-action` do not fall back to `default-src`, so they are closed explicitly.
 */
export function panelContentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderPanelHtml(options: PanelHtmlOptions): string {
  const { cspSource, nonce, scriptUri, styleUri, title = 'Gradient Descent Lab' } = options;
  if (!NONCE.test(nonce)) throw new Error('renderPanelHtml: the nonce must be at least 16 base64 or hex characters.');
  if (!CSP_SOURCE.test(cspSource)) throw new Error(`renderPanelHtml: not a CSP source list: ${JSON.stringify(cspSource)}.`);

  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeHtml(panelContentSecurityPolicy(cspSource, nonce))}">
  <meta property="csp-nonce" content="${escapeHtml(nonce)}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${escapeHtml(styleUri)}">
  <title>${escapeHtml(title)}</title>
</head>
<body>
  <main id="app" aria-busy="true">
    <p class="panel-loading">Loading the simulation…</p>
  </main>
  <script nonce="${escapeHtml(nonce)}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>
`;
}

/** Escapes text for an HTML attribute value or element content. */
function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/**
 * What VS Code does to a webview's HTML and page, reproduced for the tests (from how VS Code's webview host,
 * `webview/browser/pre/index.html`, prepares content):
 * - before loading, it puts its default styles first in <head> (ahead of the page's CSP meta, so the policy
 *   does not apply to them), sets the theme variables as a style attribute on <html> and the theme class on
 *   <body>;
 * - on a theme change, it rewrites the <html> variables and the body classes in place, through the CSSOM;
 * - it defines `acquireVsCodeApi` (here a stub that records posted messages and keeps state across reloads).
 */
import type { ThemeName, WebviewTheme } from './themes';
import { THEMES } from './themes';

/** Body rules VS Code gives every webview (its own sheet is longer: links, code, kbd, scrollbars). */
const DEFAULT_STYLES = `@layer vscode-default {
  body {
    background-color: transparent;
    color: var(--vscode-editor-foreground);
    font-family: var(--vscode-font-family);
    font-weight: var(--vscode-font-weight);
    font-size: var(--vscode-font-size);
    margin: 0;
    padding: 0 20px;
  }
  code {
    font-family: var(--monaco-monospace-font);
    color: var(--vscode-textPreformat-foreground);
    background-color: var(--vscode-textPreformat-background);
    padding: 1px 3px;
    border-radius: 4px;
  }
}`;

function bodyClasses(theme: WebviewTheme): string {
  // High-contrast light also gets the older class, for extensions written before it existed.
  return theme.kind === 'vscode-high-contrast-light' ? 'vscode-high-contrast-light vscode-high-contrast' : theme.kind;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
}

/** The page's HTML as VS Code loads it into the webview frame for the given theme. */
export function prepareWebviewHtml(html: string, themeName: ThemeName): string {
  const theme = THEMES[themeName];
  const variables = Object.entries(theme.variables)
    .map(([name, value]) => `--${name}: ${value};`)
    .join(' ');
  return html
    .replace(/<html([^>]*)>/, (_tag, attributes: string) => `<html${attributes} style="${escapeAttribute(variables)}">`)
    .replace(/<head>/, `<head><style id="_defaultStyles">${DEFAULT_STYLES}</style>`)
    .replace(
      /<body([^>]*)>/,
      (_tag, attributes: string) =>
        `<body${attributes} class="${bodyClasses(theme)}" role="document" data-vscode-theme-kind="${theme.kind}" data-vscode-theme-name="${escapeAttribute(theme.label)}">`,
    );
}

/** Runs in the page: VS Code's live theme switch (same steps, done through the CSSOM). */
export function applyThemeInPage(theme: { kind: string; label: string; variables: Record<string, string> }): void {
  const body = document.body;
  body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
  body.classList.add(theme.kind);
  if (theme.kind === 'vscode-high-contrast-light') body.classList.add('vscode-high-contrast');
  body.dataset.vscodeThemeKind = theme.kind;
  body.dataset.vscodeThemeName = theme.label;
  const style = document.documentElement.style;
  for (let i = style.length - 1; i >= 0; i--) {
    const property = style[i];
    if (property.startsWith('--vscode-')) style.removeProperty(property);
  }
  for (const [name, value] of Object.entries(theme.variables)) style.setProperty(`--${name}`, value);
}

/**
 * Runs in the page before any of its scripts (an init script): the VS Code API stub, plus listeners that
 * collect CSP violations and uncaught errors for the tests to read.
 */
export function installWebviewStub(): void {
  interface Recorder {
    posted: unknown[];
    cspViolations: string[];
    errors: string[];
    /** A stand-in host a test may install: called with every posted message. */
    onPost?: (message: unknown) => void;
  }
  const recorder: Recorder = { posted: [], cspViolations: [], errors: [] };
  (window as unknown as { __gdLab: Recorder }).__gdLab = recorder;
  document.addEventListener('securitypolicyviolation', (event) => {
    recorder.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
  });
  window.addEventListener('error', (event) => recorder.errors.push(String(event.message)));
  const stateKey = 'gdLab.webviewState';
  let acquired = false;
  (window as unknown as { acquireVsCodeApi: () => unknown }).acquireVsCodeApi = () => {
    if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
    acquired = true;
    return Object.freeze({
      // Messages and state cross a structured-clone / JSON boundary in VS Code: keep that here too.
      postMessage: (message: unknown) => {
        const copy = JSON.parse(JSON.stringify(message));
        recorder.posted.push(copy);
        recorder.onPost?.(copy);
      },
      setState: (state: unknown) => {
        sessionStorage.setItem(stateKey, JSON.stringify(state));
        return state;
      },
      getState: () => {
        const saved = sessionStorage.getItem(stateKey);
        return saved === null ? undefined : JSON.parse(saved);
      },
    });
  };
}

/** renderPanelHtml: the page shell and its Content-Security-Policy (plain Node, no browser). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { panelContentSecurityPolicy, renderPanelHtml } from '../../src/extension/panel/panelHtml';

const options = {
  cspSource: 'https://*.vscode-cdn.net',
  nonce: 'q1w2e3r4t5y6u7i8o9p0AZ==',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
};

function cspOf(html: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(content, 'the page has a CSP meta tag');
  return new Map(
    content
      .replace(/&#39;/g, "'")
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('renderPanelHtml', () => {
  it('denies everything by default and allows scripts only with the nonce', () => {
    const csp = cspOf(renderPanelHtml(options));
    assert.deepEqual(csp.get('default-src'), ["'none'"]);
    assert.deepEqual(csp.get('script-src'), [`'nonce-${options.nonce}'`]);
    assert.deepEqual(csp.get('base-uri'), ["'none'"]);
    assert.deepEqual(csp.get('form-action'), ["'none'"]);
  });

  it('allows styles from the extension and nonced style elements, never inline or eval', () => {
    const html = renderPanelHtml(options);
    const csp = cspOf(html);
    assert.deepEqual(csp.get('style-src'), [options.cspSource, `'nonce-${options.nonce}'`]);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|unsafe-hashes/);
    // No images, fonts, frames or network: none of these directives widen default-src.
    for (const directive of ['img-src', 'font-src', 'connect-src', 'frame-src', 'worker-src']) assert.equal(csp.has(directive), false, directive);
  });

  it('loads the bundle and the style sheet from the given URIs, with no inline code or handlers', () => {
    const html = renderPanelHtml(options);
    assert.ok(html.includes(`<script nonce="${options.nonce}" src="${options.scriptUri}"></script>`));
    assert.ok(html.includes(`<link rel="stylesheet" href="${options.styleUri}">`));
    assert.ok(html.includes(`<meta property="csp-nonce" content="${options.nonce}">`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /<style|style=|\son[a-z]+=/i);
    assert.match(html, /<main id="app" aria-busy="true">/);
  });

  it('escapes the URIs and the title', () => {
    const html = renderPanelHtml({ ...options, scriptUri: 'https://x/a"b.js', title: '<b>Loss & co</b>' });
    assert.match(html, /src="https:\/\/x\/a&quot;b\.js"/);
    assert.match(html, /<title>&lt;b&gt;Loss &amp; co&lt;\/b&gt;<\/title>/);
  });

  it('refuses a nonce or CSP source that could break out of the policy', () => {
    assert.throws(() => renderPanelHtml({ ...options, nonce: "abc'; script-src *" }), /nonce/);
    assert.throws(() => renderPanelHtml({ ...options, nonce: 'short' }), /nonce/);
    assert.throws(() => renderPanelHtml({ ...options, cspSource: "https://x; script-src 'unsafe-inline'" }), /CSP source/);
  });

  it('accepts the source lists VS Code and code-server give, quoted keywords included', () => {
    for (const cspSource of ['https://*.vscode-cdn.net', "'self' https://*.vscode-cdn.net", 'vscode-webview://abc123 https://file+.vscode-resource.vscode-cdn.net']) {
      const html = renderPanelHtml({ ...options, cspSource });
      assert.ok(html.includes(`style-src ${cspSource.replace(/'/g, '&#39;')} `), cspSource);
    }
    assert.throws(() => renderPanelHtml({ ...options, cspSource: "'self'; script-src *" }), /CSP source/);
    assert.throws(() => renderPanelHtml({ ...options, cspSource: "'unsafe-inline" }), /CSP source/);
  });

  it('builds the policy string the same way the page carries it', () => {
    assert.equal(
      panelContentSecurityPolicy('https://a.example', 'abcdefghijklmnop'),
      "default-src 'none'; script-src 'nonce-abcdefghijklmnop'; style-src https://a.example 'nonce-abcdefghijklmnop'; base-uri 'none'; form-action 'none'",
    );
  });
});

// Builds the bundles: the extension host (Node, CommonJS), its stability-map worker, the panel (browser IIFE) and the CLI.
//   node esbuild.mjs               one development build (with source maps)
//   node esbuild.mjs --watch       rebuild on change
//   node esbuild.mjs --production  minified, no source maps (what `npm run package` ships)
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Reports build results in the format of VS Code's `$esbuild-watch` problem matcher. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcherPlugin],
};

/**
 * web-tree-sitter's package points an `import` at its ES module, which finds its files through import.meta.url —
 * undefined in a CommonJS bundle. Its CommonJS build (the package's `require` entry) uses __dirname instead.
 */
const nodeAliases = { 'web-tree-sitter': require.resolve('web-tree-sitter') };

const targets = [
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    external: ['vscode'],
    alias: nodeAliases,
  },
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  },
  {
    // The stability map's worker threads, started by the extension host (src/extension/stabilityMap).
    ...common,
    entryPoints: ['src/extension/stabilityMap/worker.ts'],
    outfile: 'dist/stabilityMapWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node18',
    alias: nodeAliases,
    banner: { js: '#!/usr/bin/env node' },
  },
];

/**
 * The Python parser's WebAssembly (web-tree-sitter's runtime and tree-sitter-python's grammar): the extension and the
 * CLI read them from dist/, beside their bundles, and the .vsix ships them.
 */
const wasmFiles = ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm'];
mkdirSync('dist', { recursive: true });
for (const file of wasmFiles) copyFileSync(require.resolve(file), `dist/${file.split('/').pop()}`);

const contexts = await Promise.all(targets.map((options) => esbuild.context(options)));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  try {
    await Promise.all(contexts.map((context) => context.rebuild()));
  } finally {
    await Promise.all(contexts.map((context) => context.dispose()));
  }
}

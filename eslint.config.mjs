// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noInheritedLookups from './eslint/noInheritedLookups.mjs';

export default tseslint.config(
  // samples/ and the e2e workspace are code for people to select formulas in, not project code.
  { ignores: ['dist/', 'out/', 'node_modules/', '.vscode-test/', 'test-results/', 'samples/', 'test/e2e/workspace/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
  {
    // Names from user text (variables, options, LaTeX commands) never index plain objects: see the rule.
    files: ['src/**/*.ts', 'webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'gd-lab': { rules: { 'no-inherited-lookups': noInheritedLookups } } },
    rules: { 'gd-lab/no-inherited-lookups': 'error' },
  },
  {
    // The pure core runs in Node, in the extension host and in the CLI: no editor, no DOM.
    files: ['src/core/**/*.ts', 'src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The core is pure: no vscode import. Wire it in src/extension.' }] },
      ],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'require'],
    },
  },
  {
    // The webview only draws and sends intents: it must not reach the core's compiler or Node.
    files: ['webview/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/core/formula/**', '**/core/optim/simulate*', 'vscode', 'node:*'], message: 'The webview only draws; computation stays in the host.' }] },
      ],
    },
  },
);

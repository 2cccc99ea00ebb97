/** The Python grammar for tests, loaded from node_modules (the CLI and the extension load the copies in dist/). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadPythonParser, type PythonParser } from '../../src/core/training';

const require = createRequire(import.meta.url);

let parser: Promise<PythonParser> | undefined;

export function testPythonParser(): Promise<PythonParser> {
  parser ??= loadPythonParser({
    runtime: readFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm')),
    grammar: readFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm')),
  });
  return parser;
}

/** The Python parser for the extension host, from the .wasm files the extension ships in dist/. */
import * as vscode from 'vscode';
import { loadPythonParser, type PythonParser } from '../../core/training';

let parser: Promise<PythonParser> | undefined;

/** Loaded on first use (the first Python file with an optimizer in it), then shared. */
export function pythonParser(extensionUri: vscode.Uri): Promise<PythonParser> {
  parser ??= (async () => {
    const read = (name: string): Thenable<Uint8Array> => vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name));
    const [runtime, grammar] = await Promise.all([read('web-tree-sitter.wasm'), read('tree-sitter-python.wasm')]);
    return loadPythonParser({ runtime, grammar });
  })();
  return parser;
}

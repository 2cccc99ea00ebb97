/**
 * Training code for the CLI: the Python grammar loaded from dist/ (beside this bundle, where esbuild copies it), a
 * file read and its optimizers recognised, and `FILE:LINE` resolved to the optimizer constructed there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPythonParser, optimizerOnLine, readTrainingCode, type PythonParser, type RecognisedOptimizer, type TrainingCode } from '../core/training';
import { UsageError } from './arguments';

let parser: Promise<PythonParser> | undefined;

/** The Python parser, from the .wasm files beside the CLI bundle. */
export function pythonParser(): Promise<PythonParser> {
  parser ??= loadPythonParser({
    runtime: readFileSync(join(__dirname, 'web-tree-sitter.wasm')),
    grammar: readFileSync(join(__dirname, 'tree-sitter-python.wasm')),
  });
  return parser;
}

export interface ReadFile {
  readonly path: string;
  readonly source: string;
  readonly code: TrainingCode;
}

/** Reads and recognises a Python file; a file that cannot be read is a UsageError naming it. */
export async function readTrainingFile(path: string): Promise<ReadFile> {
  let source: string;
  try {
    source = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `${path}: no such file` : code === 'EISDIR' ? `${path} is a folder, not a file` : `${path} cannot be read (${code ?? String(error)})`);
  }
  return { path, source, code: readTrainingCode(await pythonParser(), source) };
}

/** `train.py:12` → the file and the 1-based line (the last colon splits them, so `C:\\x\\train.py:12` works). */
export function fileAndLine(text: string, option: string): { path: string; line: number } {
  const colon = text.lastIndexOf(':');
  const line = colon === -1 ? Number.NaN : Number(text.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(line) || line < 1) throw new UsageError(`--${option} takes FILE:LINE, such as train.py:12; got "${text}"`);
  return { path: text.slice(0, colon), line };
}

/** The optimizer constructed on `line`, or a UsageError listing the lines that have one. */
export function optimizerAt(file: ReadFile, line: number): RecognisedOptimizer {
  const found = optimizerOnLine(file.code, line);
  if (found) return found;
  const lines = file.code.optimizers.map((o) => o.line);
  const unsimulated = file.code.unsimulated.find((u) => u.line === line);
  if (unsimulated) throw new UsageError(`${file.path}:${line}: ${unsimulated.name} is not an optimizer the lab simulates (it simulates SGD, Adam, AdamW, RMSprop and Adagrad)`);
  throw new UsageError(
    lines.length === 0
      ? `${file.path}: no PyTorch, Keras or optax optimizer construction recognised in the file`
      : `${file.path}:${line}: no optimizer is constructed on line ${line}; ${lines.length === 1 ? 'one is on line' : 'there are optimizers on lines'} ${lines.join(', ')}`,
  );
}

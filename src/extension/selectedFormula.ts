/**
 * What Simulate reads from the editor: the selection, or the formula at the cursor, read in its document (the
 * code above it and the data files it loads, for a loss over data); its start point from the formula's own
 * defaults and initialisers, then the code around it as its scope sees it (an enclosing function's parameters and
 * their defaults, number assignments above it), or the default setting.
 */
import * as vscode from 'vscode';
import { readDocumentFormula } from '../core/documentFormula';
import type { Formula } from '../core/formula';
import { columnAt } from '../core/formula/errors';
import { defaultStartValue } from './configuration';
import { dataFileReader } from './dataFiles';
import type { FormulaLocation } from './panel/simulationPanel';
import { formulaRangeAt, isOnlyComments } from './session/formulaAtCursor';
import type { OffsetRange } from './session/trackedRange';

export interface SelectedFormula {
  readonly formula: Formula;
  readonly location: FormulaLocation;
  /** "losses.py:12". */
  readonly origin: string;
  readonly start: number[];
}

export type SelectionResult =
  | { readonly ok: true; readonly selected: SelectedFormula }
  | {
      readonly ok: false;
      /** The whole message, with its place: for a notification. */
      readonly message: string;
      readonly errorRange?: vscode.Range;
      /** The reason alone and its 1-based place in the document: for the panel. */
      readonly reason: string;
      readonly line: number;
      readonly column: number;
    };

export async function readSelectedFormula(editor: vscode.TextEditor): Promise<SelectionResult> {
  const { document, selection } = editor;
  const fromSelection = !selection.isEmpty;
  const range = fromSelection
    ? { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) }
    : formulaRangeAt(document.getText(), document.offsetAt(selection.active));
  const source = document.getText().slice(range.start, range.end);
  if (isOnlyComments(source)) {
    const what = fromSelection ? 'The selection is a comment' : 'The current line is a comment';
    const reason = 'not a formula: select the loss itself, such as (w - 3)**2 + b**2, or put the cursor on its line';
    const position = document.positionAt(range.start);
    return { ok: false, message: `${what}, ${reason}.`, reason: `${what}, ${reason}`, line: position.line + 1, column: position.character + 1 };
  }
  const what = fromSelection ? 'The selection is not a formula I can read' : 'The current line is not a formula I can read';
  // The column as the status bar shows it ("Col"): characters, with tabs to the editor's tab stops.
  const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4;
  return readFormulaAt(document, range, what, tabSize);
}

/**
 * Reads the formula at `range` of `document` (Simulate, an edit, a restored panel); `what` starts the error message,
 * whose column counts a tab up to the next multiple of `tabSize`.
 */
export async function readFormulaAt(document: vscode.TextDocument, range: OffsetRange, what = 'The formula can’t be read', tabSize = 4): Promise<SelectionResult> {
  const read = await readDocumentFormula(
    { text: document.getText(), start: range.start, end: range.end, languageId: document.languageId, defaultStartValue: defaultStartValue() },
    dataFileReader(document),
  );
  if (!read.ok) {
    const { error } = read;
    const position = document.positionAt(error.offset);
    const text = document.getText();
    const where = `line ${position.line + 1}, column ${columnAt(text, error.offset, tabSize)}`;
    const errorRange = new vscode.Range(position, document.positionAt(error.offset + Math.max(1, error.length)));
    return { ok: false, message: `${what}: ${error.message} (${where}).`, errorRange, reason: error.message, line: position.line + 1, column: columnAt(text, error.offset) };
  }
  const firstLine = document.positionAt(range.start).line;
  const origin = `${document.uri.path.split('/').pop() ?? 'untitled'}:${firstLine + 1}`;
  return { ok: true, selected: { formula: read.formula, location: { document, range }, origin, start: read.start } };
}

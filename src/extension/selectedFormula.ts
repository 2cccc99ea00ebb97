/**
 * What Simulate reads from the editor: the selection, or the formula at the cursor; its start point from the
 * formula's own defaults, then the code around it as its scope sees it (an enclosing function's parameters and
 * their defaults, number assignments above it), or the default setting.
 */
import * as vscode from 'vscode';
import { readFormula, type Formula } from '../core/formula';
import { startPointOf } from '../core/formula/assignedValues';
import { columnAt } from '../core/formula/errors';
import { scopedStartValues } from '../core/formula/scopedStartValues';
import { defaultStartValue } from './configuration';
import type { FormulaLocation } from './panel/simulationPanel';
import { formulaRangeAt, isOnlyComments } from './session/formulaAtCursor';

/** Assignments are looked for this many lines above the formula (the start of a long file says little). */
const LINES_SEARCHED_ABOVE = 5000;

export interface SelectedFormula {
  readonly formula: Formula;
  readonly location: FormulaLocation;
  /** "losses.py:12". */
  readonly origin: string;
  readonly start: number[];
}

export type SelectionResult =
  | { readonly ok: true; readonly selected: SelectedFormula }
  | { readonly ok: false; readonly message: string; readonly errorRange?: vscode.Range };

export function readSelectedFormula(editor: vscode.TextEditor): SelectionResult {
  const { document, selection } = editor;
  const text = document.getText();
  const fromSelection = !selection.isEmpty;
  const range = fromSelection
    ? { start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) }
    : formulaRangeAt(text, document.offsetAt(selection.active));
  const source = text.slice(range.start, range.end);
  const read = readFormula(source);
  if (!read.ok && isOnlyComments(source)) {
    const what = fromSelection ? 'The selection is a comment' : 'The current line is a comment';
    return { ok: false, message: `${what}, not a formula: select the loss itself, such as (w - 3)**2 + b**2, or put the cursor on its line.` };
  }
  if (!read.ok) {
    const { error } = read;
    const position = document.positionAt(range.start + error.offset);
    // The column as the status bar shows it ("Col"): characters, with tabs to the editor's tab stops.
    const tabSize = typeof editor.options.tabSize === 'number' ? editor.options.tabSize : 4;
    const where = `line ${position.line + 1}, column ${columnAt(text, range.start + error.offset, tabSize)}`;
    const what = fromSelection ? 'The selection is not a formula I can read' : 'The current line is not a formula I can read';
    const errorRange = new vscode.Range(position, document.positionAt(range.start + error.offset + Math.max(1, error.length)));
    return { ok: false, message: `${what}: ${error.message} (${where}).`, errorRange };
  }
  const formula = read.formula;
  const firstLine = document.positionAt(range.start).line;
  const windowStart = document.offsetAt(new vscode.Position(Math.max(0, firstLine - LINES_SEARCHED_ABOVE), 0));
  const inScope = scopedStartValues(text.slice(windowStart), range.start - windowStart, formula.variables);
  const start = startPointOf(formula.variables, formula.startValues, inScope, defaultStartValue());
  const origin = `${document.uri.path.split('/').pop() ?? 'untitled'}:${firstLine + 1}`;
  return { ok: true, selected: { formula, location: { document, range }, origin, start } };
}

/**
 * A panel VS Code brings back after a restart, read from the state its page saved: that state comes from storage,
 * so it is checked as strictly as a live message (parsePanelRestoreState), and its formula is read again. Pure,
 * so the checks run in Node; the WebviewPanelSerializer drops what fails with a one-line note.
 */
import { readFormula, type Formula } from '../../core/formula';
import { parsePanelRestoreState, type Parsed } from '../../shared/panelState';
import { isRecord, type PanelRestoreState } from '../../shared/protocol';

export interface RestoredPanel {
  readonly restore: PanelRestoreState;
  readonly formula: Formula;
}

/** The saved formula, start and settings, checked and read, or why the panel cannot come back. */
export function readRestoredPanel(state: unknown): Parsed<RestoredPanel> {
  const restore = restoredState(state);
  if (!restore.ok) return restore;
  const read = readFormula(restore.value.formulaSource);
  // An older version may have read a formula this one refuses.
  if (!read.ok) return { ok: false, problem: `the saved formula cannot be read: ${read.error.describe()}` };
  return restoredWith(restore.value, read.formula);
}

/** The saved state checked, before its formula is read (alone, or in its document when that is still open). */
export function restoredState(state: unknown): Parsed<PanelRestoreState> {
  if (!isRecord(state)) return { ok: false, problem: 'nothing was saved' };
  return parsePanelRestoreState(state.restore);
}

/** A checked state with its formula read (in its document: a loss over data needs the code above it). */
export function restoredWith(restore: PanelRestoreState, formula: Formula): Parsed<RestoredPanel> {
  const { variables } = formula;
  if (variables.length !== restore.start.length) {
    return { ok: false, problem: `the saved start has ${restore.start.length} values for ${variables.length} variables` };
  }
  return { ok: true, value: { restore, formula } };
}

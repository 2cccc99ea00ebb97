/**
 * Brings simulation panels back after VS Code restarts: the page saved its PanelRestoreState with setState,
 * and the panel is rebuilt from it — following the formula in its document again when it is still there.
 */
import * as vscode from 'vscode';
import { readFormula } from '../../core/formula';
import { runSettingsProblem } from '../../core/optim';
import type { PanelRestoreState } from '../../shared/protocol';
import { lossAxisSetting } from '../configuration';
import type { PanelRegistry } from './panelRegistry';
import { SimulationPanel, type FormulaLocation } from './simulationPanel';

export class SimulationPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly registry: PanelRegistry) {}

  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const restore = restoreStateOf(state);
    const read = restore ? readFormula(restore.formulaSource) : undefined;
    if (!restore || !read?.ok || read.formula.variables.length !== restore.start.length || runSettingsProblem(restore.settings) !== null) {
      // Nothing usable was saved (an older version, or a formula this version reads differently).
      webviewPanel.dispose();
      return;
    }
    const location = await locate(restore);
    const origin = location ? `${location.document.uri.path.split('/').pop()}:${location.document.positionAt(location.range.start).line + 1}` : null;
    const panel = SimulationPanel.revive(
      webviewPanel,
      this.registry.extensionUri,
      { formula: read.formula, documentUri: restore.documentUri, origin, start: restore.start, settings: restore.settings, lossAxis: lossAxisSetting() },
      location,
    );
    this.registry.add(panel);
  }
}

function restoreStateOf(state: unknown): PanelRestoreState | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const restore = (state as { restore?: unknown }).restore;
  if (typeof restore !== 'object' || restore === null) return undefined;
  const r = restore as Partial<PanelRestoreState>;
  const valid =
    typeof r.formulaSource === 'string' &&
    (r.documentUri === null || typeof r.documentUri === 'string') &&
    Array.isArray(r.start) &&
    r.start.every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    typeof r.settings === 'object' &&
    r.settings !== null;
  return valid ? (r as PanelRestoreState) : undefined;
}

/** The formula's place in its document, if the document still holds the same text. */
async function locate(restore: PanelRestoreState): Promise<FormulaLocation | undefined> {
  if (!restore.documentUri) return undefined;
  try {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(restore.documentUri));
    const start = document.getText().indexOf(restore.formulaSource);
    return start === -1 ? undefined : { document, range: { start, end: start + restore.formulaSource.length } };
  } catch {
    return undefined;
  }
}

/**
 * Brings simulation panels back after VS Code restarts: the page saved its PanelRestoreState with setState,
 * and the panel is rebuilt from it — following the formula in its document again when it is still there.
 */
import * as vscode from 'vscode';
import { readFormulaAt } from '../selectedFormula';
import { parseTrainingLink, type PanelRestoreState, type TrainingLink } from '../../shared/protocol';
import type { SessionState } from '../session/session';
import { lossAxisSetting } from '../configuration';
import { readRestoredPanel, restoredState, restoredWith } from '../session/restoredPanel';
import type { PanelRegistry } from './panelRegistry';
import { SimulationPanel, type FormulaLocation } from './simulationPanel';

/** Rebuilds what a panel shows about its training-code optimizer from the saved link, or null when the line is gone. */
export type TrainingRestorer = (link: TrainingLink) => Promise<SessionState['training'] | null>;

export class SimulationPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(
    private readonly registry: PanelRegistry,
    private readonly restoreTraining: TrainingRestorer = async () => null,
  ) {}

  /** Never throws: a state that cannot come back is dropped, with a line in the log saying why. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    try {
      const saved = restoredState(state);
      if (!saved.ok) {
        drop(webviewPanel, saved.problem);
        return;
      }
      const location = await locate(saved.value);
      // In its document when it is still there (a loss over data needs the code above it and its files), else alone.
      const inDocument = location ? await readFormulaAt(location.document, location.range) : undefined;
      const restored = inDocument?.ok ? restoredWith(saved.value, inDocument.selected.formula) : readRestoredPanel(state);
      if (!restored.ok) {
        drop(webviewPanel, restored.problem);
        return;
      }
      const { restore, formula } = restored.value;
      const origin = location ? `${location.document.uri.path.split('/').pop()}:${location.document.positionAt(location.range.start).line + 1}` : null;
      // A run of a training script's optimizer keeps its link while the line is still there (else it is a plain run).
      const link = parseTrainingLink(restore.training);
      const training = link ? await this.restoreTraining(link).catch(() => null) : null;
      const panel = SimulationPanel.revive(
        webviewPanel,
        this.registry.extensionUri,
        { formula, documentUri: restore.documentUri, origin, start: restore.start, settings: restore.settings, lossAxis: lossAxisSetting(), training },
        location,
        this.registry.stabilityMapWorkers,
      );
      this.registry.add(panel);
    } catch (error) {
      drop(webviewPanel, error instanceof Error ? error.message : String(error));
    }
  }
}

/** Closes a panel that cannot come back, and says why in the extension host's log. */
function drop(webviewPanel: vscode.WebviewPanel, problem: string): void {
  console.warn(`Gradient Descent Lab: did not restore a simulation panel: ${problem}`);
  webviewPanel.dispose();
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

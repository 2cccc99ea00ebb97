/** Simulate Gradient Descent: the selection (or the formula at the cursor) in a panel beside the code. */
import * as vscode from 'vscode';
import { lossAxisSetting, runSettingsFromConfiguration } from '../configuration';
import type { PanelRegistry } from '../panel/panelRegistry';
import { SimulationPanel } from '../panel/simulationPanel';
import { readSelectedFormula } from '../selectedFormula';

export function registerSimulateCommand(registry: PanelRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('gdLab.simulate', () => simulate(registry));
}

export async function simulate(registry: PanelRegistry): Promise<SimulationPanel | undefined> {
  // Run from the walkthrough, or with the panel focused, no text editor is active: take the one code editor in view.
  const inGroups = vscode.window.visibleTextEditors.filter((e) => e.viewColumn !== undefined);
  const editor = vscode.window.activeTextEditor ?? (inGroups.length === 1 ? inGroups[0] : undefined);
  if (!editor) {
    void vscode.window.showErrorMessage('Open a file and select a loss formula to simulate, such as (w - 3)**2 + b**2.');
    return undefined;
  }
  const result = await readSelectedFormula(editor);
  if (!result.ok) {
    const { errorRange } = result;
    const choice = await vscode.window.showErrorMessage(result.message, ...(errorRange ? ['Show Me'] : []));
    if (choice === 'Show Me' && errorRange) {
      editor.selection = new vscode.Selection(errorRange.start, errorRange.end);
      editor.revealRange(errorRange, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    }
    return undefined;
  }
  const { formula, location, origin, start } = result.selected;
  const documentUri = location.document.uri.toString();
  const existing = registry.all.find((panel) => panel.shows(documentUri, formula));
  if (existing) {
    existing.reveal();
    await existing.reselect(formula, location, start, origin);
    return existing;
  }
  const panel = SimulationPanel.create(
    registry.extensionUri,
    { formula, documentUri, origin, start, settings: runSettingsFromConfiguration(), lossAxis: lossAxisSetting() },
    location,
    registry.stabilityMapWorkers,
  );
  registry.add(panel);
  return panel;
}

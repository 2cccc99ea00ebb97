import * as vscode from 'vscode';
import type { PanelRegistry } from '../panel/panelRegistry';
import type { SimulationPanel } from '../panel/simulationPanel';

/** Runs `action` on the panel the commands act on, or says how to open one. */
export async function withActivePanel(registry: PanelRegistry, action: (panel: SimulationPanel) => Promise<void> | void): Promise<void> {
  const panel = registry.active;
  if (!panel) {
    void vscode.window.showInformationMessage('No simulation is open: select a loss formula and run "Simulate Gradient Descent" first.');
    return;
  }
  await action(panel);
}

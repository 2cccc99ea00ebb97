/**
 * Sweep Learning Rates, Compare η÷10 / η / η×10, Pin Current Run, Clear Pinned Runs, Show Stability Map,
 * Export Run…: the exploration commands.
 */
import * as vscode from 'vscode';
import type { PanelRegistry } from '../panel/panelRegistry';
import { withActivePanel } from './activePanel';

export function registerExploreCommands(registry: PanelRegistry): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gdLab.sweep', () =>
      withActivePanel(registry, (panel) => {
        panel.reveal();
        return panel.run(() => panel.session.sweep());
      }),
    ),
    vscode.commands.registerCommand('gdLab.compareLearningRates', () =>
      withActivePanel(registry, (panel) => {
        panel.reveal();
        return panel.run(() => panel.session.compareLearningRates());
      }),
    ),
    vscode.commands.registerCommand('gdLab.pinRun', () =>
      withActivePanel(registry, (panel) => {
        panel.session.pinCurrent();
        void vscode.window.showInformationMessage('Pinned the current run: later runs are drawn against it until you clear pinned runs.');
      }),
    ),
    vscode.commands.registerCommand('gdLab.clearPinned', () => withActivePanel(registry, (panel) => panel.run(() => panel.session.clearPinned()))),
    vscode.commands.registerCommand('gdLab.stabilityMap', () =>
      withActivePanel(registry, async (panel) => {
        panel.reveal();
        let mapped = true;
        await panel.run(async () => {
          mapped = await panel.session.stabilityMap();
        });
        if (!mapped) {
          void vscode.window.showInformationMessage(
            'The stability map varies η and a second setting: choose Momentum, Nesterov, Adam or AdamW (Gradient Descent: Choose Optimizer…), with a start point where the loss is finite.',
          );
        }
      }),
    ),
    vscode.commands.registerCommand('gdLab.exportRun', (format?: unknown) =>
      withActivePanel(registry, async (panel) => {
        const chosen =
          format === 'csv' || format === 'json'
            ? format
            : (
                await vscode.window.showQuickPick(
                  [
                    { label: 'CSV', description: 'step, η, loss and each parameter, one row per step', format: 'csv' as const },
                    { label: 'JSON', description: 'the whole run with its diagnosis, as the gd-lab CLI prints it', format: 'json' as const },
                  ],
                  { title: 'Export the run' },
                )
              )?.format;
        if (chosen) await panel.run(() => panel.exportData(chosen));
      }),
    ),
  ];
}

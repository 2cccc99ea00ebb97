/** Set Batch Size…: rows per update for the current panel's loss over data (empty or `all`: the full batch). */
import * as vscode from 'vscode';
import type { PanelRegistry } from '../panel/panelRegistry';
import { parseBatchSize } from '../session/inputs';
import { withActivePanel } from './activePanel';

export function registerBatchSizeCommand(registry: PanelRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('gdLab.setBatchSize', (value?: unknown) =>
    withActivePanel(registry, async (panel) => {
      const { data } = panel.session.formula;
      if (!data) {
        void vscode.window.showInformationMessage('This formula reads no data: batches are for a loss over data, such as np.mean((X @ w - y)**2) with X and y above it.');
        return;
      }
      const { batchSize, shuffle, seed } = panel.session.settings;
      const typed =
        typeof value === 'number' || typeof value === 'string'
          ? String(value)
          : await vscode.window.showInputBox({
              title: 'Batch size',
              prompt: `Rows per update, 1 to ${data.rowCount} (all of them, or empty, is the full batch). Smaller batches shuffle each epoch.`,
              value: batchSize === null || batchSize === undefined ? 'all' : String(batchSize),
              validateInput: (text) => {
                const parsed = parseBatchSize(text, data.rowCount);
                return parsed.ok ? undefined : parsed.message;
              },
            });
      if (typed === undefined) return;
      const parsed = parseBatchSize(typed, data.rowCount);
      if (!parsed.ok) {
        void vscode.window.showErrorMessage(`Batch size not changed: ${parsed.message}.`);
        return;
      }
      const rows = parsed.value;
      await panel.run(() => panel.session.setMinibatch(rows, shuffle ?? true, seed ?? 0));
    }),
  );
}

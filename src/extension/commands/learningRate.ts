/** Set Learning Rate…, Increase Learning Rate ×10, Decrease Learning Rate ÷10: η of the current panel. */
import * as vscode from 'vscode';
import type { PanelRegistry } from '../panel/panelRegistry';
import { parseLearningRate } from '../session/inputs';
import { withActivePanel } from './activePanel';

export function registerLearningRateCommands(registry: PanelRegistry): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('gdLab.setLearningRate', (value?: unknown) =>
      withActivePanel(registry, async (panel) => {
        // Callers (tests, keybindings) may pass η directly; people get an input box.
        const typed = typeof value === 'number' ? String(value) : await askLearningRate(panel.session.settings.learningRate);
        if (typed === undefined) return;
        const parsed = parseLearningRate(typed);
        if (!parsed.ok) {
          void vscode.window.showErrorMessage(`Learning rate not changed: ${parsed.message}.`);
          return;
        }
        await panel.run(() => panel.session.setLearningRate(parsed.value));
      }),
    ),
    vscode.commands.registerCommand('gdLab.increaseLearningRate', () =>
      withActivePanel(registry, (panel) => panel.run(() => panel.session.scaleLearningRate(10))),
    ),
    vscode.commands.registerCommand('gdLab.decreaseLearningRate', () =>
      withActivePanel(registry, (panel) => panel.run(() => panel.session.scaleLearningRate(0.1))),
    ),
  ];
}

function askLearningRate(current: number): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Learning rate η',
    prompt: 'Start at 0.01 or 0.001; if the loss stays flat, increase 10×; if it bounces or grows, decrease 10×.',
    value: String(current),
    validateInput: (text) => {
      const parsed = parseLearningRate(text);
      return parsed.ok ? undefined : parsed.message;
    },
  });
}

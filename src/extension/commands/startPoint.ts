/** Set Start Point…: where the current panel's runs begin, typed as `x=1.5, y=-2`. */
import * as vscode from 'vscode';
import { formatPoint, parsePoint } from '../../core/pointText';
import type { PanelRegistry } from '../panel/panelRegistry';
import { withActivePanel } from './activePanel';

export function registerStartPointCommand(registry: PanelRegistry): vscode.Disposable {
  return vscode.commands.registerCommand('gdLab.setStartPoint', (value?: unknown) =>
    withActivePanel(registry, async (panel) => {
      const { variables } = panel.session.formula;
      const current = new Map(variables.map((name, i) => [name, panel.session.start[i]]));
      const typed =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: 'Start point',
              prompt: `Values for ${variables.join(', ')}; names left out keep their current value.`,
              value: formatPoint(variables, panel.session.start),
              validateInput: (text) => {
                const parsed = parsePoint(text, variables, current);
                return parsed.ok ? undefined : parsed.message;
              },
            });
      if (typed === undefined) return;
      const parsed = parsePoint(typed, variables, current);
      if (!parsed.ok) {
        void vscode.window.showErrorMessage(`Start point not changed: ${parsed.message}.`);
        return;
      }
      await panel.run(() => panel.session.setStart(parsed.values));
    }),
  );
}

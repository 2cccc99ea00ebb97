/** The status-bar item that shows the current η and optimizer while a simulation panel is open; a click sets η. */
import * as vscode from 'vscode';
import { formatNumber } from '../words/format';
import { OPTIMIZER_LABELS } from '../shared/labels';
import type { PanelRegistry } from './panel/panelRegistry';
import type { SimulationPanel } from './panel/simulationPanel';

export class LearningRateStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('gdLab.learningRate', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(registry: PanelRegistry) {
    this.item.name = 'Gradient Descent: Learning Rate';
    this.item.command = 'gdLab.setLearningRate';
    this.subscription = registry.onDidChangeCurrent((panel) => this.show(panel));
  }

  private show(panel: SimulationPanel | undefined): void {
    if (!panel) {
      this.item.hide();
      return;
    }
    const { learningRate, optimizer } = panel.session.settings;
    this.item.text = `$(graph-line) η = ${formatNumber(learningRate)} · ${OPTIMIZER_LABELS[optimizer.kind]}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**Gradient Descent Lab** — learning rate η = ${learningRate} with ${OPTIMIZER_LABELS[optimizer.kind]}.\n\nClick to set η; ` +
        'or run *Increase Learning Rate ×10* / *Decrease Learning Rate ÷10* from the Command Palette.',
    );
    this.item.accessibilityInformation = { label: `Learning rate ${learningRate}, ${OPTIMIZER_LABELS[optimizer.kind]}. Click to set the learning rate.` };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}

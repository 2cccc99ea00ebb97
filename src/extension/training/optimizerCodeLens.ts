/**
 * CodeLens over each optimizer line of a Python training script: "Simulate this optimizer" and, when a schedule
 * drives it, "Plot schedule". `gradientDescentLab.optimizerCodeLens` turns them off.
 */
import * as vscode from 'vscode';
import { runSettingsFromCode } from '../../core/training';
import { refusalText, semanticsText } from '../../words/trainingCode';
import { optimizerCodeLensEnabled } from '../configuration';
import type { TrainingDocuments } from './trainingDocuments';

export const PYTHON_DOCUMENTS: vscode.DocumentSelector = { language: 'python' };

export class OptimizerCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly documents: TrainingDocuments) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('gradientDescentLab.optimizerCodeLens')) this.changed.fire();
    });
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!optimizerCodeLensEnabled()) return [];
    const code = await this.documents.read(document);
    const lenses: vscode.CodeLens[] = [];
    for (const optimizer of code.optimizers) {
      const range = new vscode.Range(optimizer.line - 1, 0, optimizer.line - 1, 0);
      const args = [document.uri, optimizer.line];
      const name = optimizer.optimizer.signature.name;
      const schedule = optimizer.schedule ? ` with ${optimizer.schedule.signature.name}` : '';
      const refused = [...optimizer.refused, ...(optimizer.unknown.length === 0 ? settingsRefusals(optimizer) : [])];
      if (refused.length > 0) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(circle-slash) Why this optimizer cannot be simulated',
            tooltip: refused.map(refusalText).join('\n'),
            command: 'gdLab.simulateOptimizer',
            arguments: args,
          }),
        );
        continue;
      }
      lenses.push(
        new vscode.CodeLens(range, {
          title: '$(graph-line) Simulate this optimizer',
          tooltip: `Run ${name}${schedule} (${semanticsText(optimizer.framework)}) on a loss you pick`,
          command: 'gdLab.simulateOptimizer',
          arguments: args,
        }),
      );
      if (optimizer.schedule) {
        lenses.push(
          new vscode.CodeLens(range, {
            title: '$(pulse) Plot schedule',
            tooltip: `Chart the η of each update under ${optimizer.schedule.signature.name}${optimizer.schedule.signature.id === 'pytorch.OneCycleLR' ? ' (and the momentum it cycles)' : ''}, no loss needed`,
            command: 'gdLab.plotSchedule',
            arguments: args,
          }),
        );
      }
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** What the framework itself would refuse in a line whose values are all known (Keras' int learning rate, …). */
function settingsRefusals(optimizer: Parameters<typeof runSettingsFromCode>[0]) {
  const settings = runSettingsFromCode(optimizer);
  return settings.ok ? [] : settings.refused;
}

/**
 * Gradient Descent Lab's extension host: a table of contents. Each command, the status-bar item and the
 * panel serializer live in their own module; the work itself is done by the pure core.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { registerBatchSizeCommand } from './commands/batchSize';
import { registerExploreCommands } from './commands/explore';
import { registerLearningRateCommands } from './commands/learningRate';
import { registerRunSettingsCommands } from './commands/runSettings';
import { registerSimulateCommand } from './commands/simulate';
import { registerStartPointCommand } from './commands/startPoint';
import { registerTrainingCodeCommands } from './commands/trainingCode';
import { PanelRegistry } from './panel/panelRegistry';
import { SimulationPanelSerializer } from './panel/serializer';
import { SCHEDULE_VIEW_TYPE, SchedulePanelSerializer } from './panel/schedulePanel';
import { PANEL_VIEW_TYPE } from './panel/simulationPanel';
import { LearningRateStatusBar } from './statusBar';
import { OptimizerCodeLenses, PYTHON_DOCUMENTS } from './training/optimizerCodeLens';
import { OptimizerHover } from './training/optimizerHover';
import { restoreTraining } from './training/trainingLink';
import { TrainingDocuments } from './training/trainingDocuments';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The words (src/words) go through @vscode/l10n: hand it VS Code's bundle for the display language, if there is one.
  if (vscode.l10n.bundle !== undefined) l10n.config({ contents: vscode.l10n.bundle });
  const registry = new PanelRegistry(context.extensionUri);
  const trainingDocuments = new TrainingDocuments(context.extensionUri);
  const lenses = new OptimizerCodeLenses(trainingDocuments);
  context.subscriptions.push(
    registry,
    new LearningRateStatusBar(registry),
    registerSimulateCommand(registry),
    ...registerLearningRateCommands(registry),
    ...registerRunSettingsCommands(registry),
    registerStartPointCommand(registry),
    registerBatchSizeCommand(registry),
    ...registerExploreCommands(registry),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, new SimulationPanelSerializer(registry, (link) => restoreTraining(trainingDocuments, link))),
    // Training code: the optimizer lines of Python scripts.
    trainingDocuments,
    lenses,
    vscode.languages.registerCodeLensProvider(PYTHON_DOCUMENTS, lenses),
    vscode.languages.registerHoverProvider(PYTHON_DOCUMENTS, new OptimizerHover(trainingDocuments, registry)),
    ...registerTrainingCodeCommands(registry, trainingDocuments, context),
    vscode.window.registerWebviewPanelSerializer(SCHEDULE_VIEW_TYPE, new SchedulePanelSerializer()),
  );
  return { panels: registry, trainingDocuments };
}

export function deactivate(): void {}

/** What `activate` returns, for the integration tests (`extension.exports`). */
export interface ExtensionApi {
  readonly panels: PanelRegistry;
  readonly trainingDocuments: TrainingDocuments;
}

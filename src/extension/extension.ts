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
import { PanelRegistry } from './panel/panelRegistry';
import { SimulationPanelSerializer } from './panel/serializer';
import { PANEL_VIEW_TYPE } from './panel/simulationPanel';
import { LearningRateStatusBar } from './statusBar';

export function activate(context: vscode.ExtensionContext): ExtensionApi {
  // The words (src/words) go through @vscode/l10n: hand it VS Code's bundle for the display language, if there is one.
  if (vscode.l10n.bundle !== undefined) l10n.config({ contents: vscode.l10n.bundle });
  const registry = new PanelRegistry(context.extensionUri);
  context.subscriptions.push(
    registry,
    new LearningRateStatusBar(registry),
    registerSimulateCommand(registry),
    ...registerLearningRateCommands(registry),
    ...registerRunSettingsCommands(registry),
    registerStartPointCommand(registry),
    registerBatchSizeCommand(registry),
    ...registerExploreCommands(registry),
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, new SimulationPanelSerializer(registry)),
  );
  return { panels: registry };
}

export function deactivate(): void {}

/** What `activate` returns, for the integration tests (`extension.exports`). */
export interface ExtensionApi {
  readonly panels: PanelRegistry;
}

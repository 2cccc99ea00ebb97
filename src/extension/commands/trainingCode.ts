/**
 * Simulate This Optimizer, Plot Learning-Rate Schedule, Use η in Code: the optimizer lines of Python training
 * scripts (the CodeLens runs the first two for its line; the panel's button runs the third).
 */
import * as vscode from 'vscode';
import { roundForCode } from '../../core/math/round';
import { downsampleSteps, scheduleSequence } from '../../core/optim';
import { learningRateEdits, runSettingsFromCode, type PyValue, type RecognisedOptimizer } from '../../core/training';
import { refusalText } from '../../words/trainingCode';
import { LIMITS, type ScheduleView } from '../../shared/protocol';
import { SCHEDULE_SETTINGS_LABELS } from '../../shared/labels';
import { lossAxisSetting } from '../configuration';
import type { PanelRegistry } from '../panel/panelRegistry';
import { SchedulePanel } from '../panel/schedulePanel';
import { SimulationPanel } from '../panel/simulationPanel';
import { askUnknowns } from '../training/askUnknowns';
import { pickLoss } from '../training/pickLoss';
import { pythonParser } from '../training/pythonGrammar';
import type { TrainingDocuments } from '../training/trainingDocuments';
import { answersOf, findLinkedOptimizer, lineName, linkOf, trainingViewOf } from '../training/trainingLink';
import { withActivePanel } from './activePanel';

/** Updates a schedule plot computes at most: a million η take a few milliseconds, and the chart keeps 2,000 of them. */
const MAX_PLOTTED_STEPS = 1_000_000;

export function registerTrainingCodeCommands(registry: PanelRegistry, documents: TrainingDocuments, context: vscode.ExtensionContext): vscode.Disposable[] {
  const commands = new TrainingCodeCommands(registry, documents, context);
  return [
    vscode.commands.registerCommand('gdLab.simulateOptimizer', (uri?: unknown, line?: unknown) => commands.simulate(uri, line)),
    vscode.commands.registerCommand('gdLab.plotSchedule', (uri?: unknown, line?: unknown) => commands.plotSchedule(uri, line)),
    vscode.commands.registerCommand('gdLab.useLearningRateInCode', (request?: unknown) => commands.useLearningRateInCode(request)),
  ];
}

/** An optimizer line and the settings it runs with, once every unknown has an answer. */
interface ReadyOptimizer {
  readonly document: vscode.TextDocument;
  readonly optimizer: RecognisedOptimizer;
  readonly where: string;
  readonly answers: Map<string, PyValue>;
  readonly settings: ReturnType<typeof runSettingsFromCode> & { ok: true };
}

class TrainingCodeCommands {
  constructor(
    private readonly registry: PanelRegistry,
    private readonly documents: TrainingDocuments,
    private readonly context: vscode.ExtensionContext,
  ) {}

  /** "Simulate this optimizer": ask what the file leaves unknown, pick a loss, open the panel with the code's settings. */
  async simulate(uri: unknown, line: unknown): Promise<SimulationPanel | undefined> {
    const ready = await this.ready(uri, line, 'simulate');
    if (!ready) return undefined;
    const { document, optimizer, where, settings } = ready;
    const name = optimizer.optimizer.signature.name;
    const loss = await pickLoss(this.context, `${document.uri.toString()}:${optimizer.line}`, `Simulate ${name} from ${where} on…`);
    if (!loss) return undefined;
    const link = linkOf(document, optimizer, ready.answers);
    const training = { link, view: trainingViewOf(document, optimizer, settings.settings) };
    const runSettings = { ...settings.settings, maxSteps: Math.min(settings.settings.maxSteps, LIMITS.maxSteps) };
    const existing = this.registry.all.find(
      (panel) => panel.session.training?.link.documentUri === link.documentUri && panel.session.training.link.line === link.line && panel.session.formula.display === loss.formula.display,
    );
    if (existing) {
      existing.reveal();
      await existing.run(() => existing.session.useTrainingCode(runSettings, training));
      return existing;
    }
    let location;
    if (loss.documentUri && loss.range) {
      const lossDocument = await vscode.workspace.openTextDocument(vscode.Uri.parse(loss.documentUri));
      location = { document: lossDocument, range: loss.range };
    }
    const panel = SimulationPanel.create(
      this.registry.extensionUri,
      { formula: loss.formula, documentUri: loss.documentUri, origin: loss.origin, start: loss.start, settings: runSettings, lossAxis: lossAxisSetting(), training },
      location,
      this.registry.stabilityMapWorkers,
    );
    this.registry.add(panel);
    return panel;
  }

  /** "Plot schedule": η (and momentum) of each update of the schedule, with no loss. */
  async plotSchedule(uri: unknown, line: unknown): Promise<void> {
    const ready = await this.ready(uri, line, 'plot the schedule of');
    if (!ready) return;
    const { optimizer, where } = ready;
    const { settings } = ready.settings;
    const total = Math.min(settings.maxSteps, MAX_PLOTTED_STEPS);
    const { learningRates, momenta } = scheduleSequence(settings.schedule, settings.learningRate, total);
    // Indices 0 … total − 1 (update t is index t − 1), each bucket's extremes kept.
    const kept = downsampleSteps(learningRates, total - 1, 2000);
    const scheduleName = settings.schedule.kind === 'constant' ? 'constant η' : SCHEDULE_SETTINGS_LABELS[settings.schedule.kind];
    const view: ScheduleView = {
      title: `${optimizer.schedule?.signature.name ?? scheduleName} · ${where}`,
      description: trainingViewOf(ready.document, optimizer, settings).call + (optimizer.schedule ? ` with ${optimizer.schedule.signature.name}` : ''),
      framework: optimizer.framework,
      steps: kept.map((index) => index + 1),
      learningRates: kept.map((index) => learningRates[index]!),
      momenta: momenta ? kept.map((index) => momenta[index]!) : null,
      totalSteps: total,
    };
    SchedulePanel.show(this.registry.extensionUri, view);
  }

  /** "Use η = … in code": writes η into the script the panel's run came from, as one undoable edit. */
  async useLearningRateInCode(request: unknown): Promise<void> {
    const asked = typeof request === 'object' && request !== null ? (request as { panel?: unknown; learningRate?: unknown }) : {};
    const act = async (panel: SimulationPanel): Promise<void> => {
      const training = panel.session.training;
      if (!training) {
        void vscode.window.showInformationMessage('This panel’s run is not from training code. Use “Simulate this optimizer” on an optimizer line of a Python script to link one.');
        return;
      }
      const η = roundForCode(typeof asked.learningRate === 'number' && asked.learningRate > 0 ? asked.learningRate : panel.session.settings.learningRate);
      const found = await findLinkedOptimizer(this.documents, training.link, training.view.call.split('(')[0] ?? null);
      if (!found) {
        void vscode.window.showErrorMessage(`The optimizer on ${training.view.origin} is no longer there: η was not written.`);
        return;
      }
      const { document, optimizer } = found;
      const where = lineName(document, optimizer.line);
      const current = runSettingsFromCode(optimizer, { answers: answersOf(training.link) });
      if (!current.ok) {
        void vscode.window.showErrorMessage(`${where} cannot be read as before (${current.refused.map(refusalText).join('; ') || `unknown: ${current.unknown.map((u) => u.name).join(', ')}`}): η was not written.`);
        return;
      }
      const edits = learningRateEdits(optimizer.learningRate, current.settings.learningRate, η);
      if (!edits.ok) {
        const message = edits.why === 'not-in-file' ? `η comes from ${edits.text} on ${where}: set it where ${edits.text} is given.` : `${where} has no learning rate to write.`;
        void vscode.window.showErrorMessage(message);
        return;
      }
      const edit = new vscode.WorkspaceEdit();
      for (const change of edits.edits) edit.replace(document.uri, new vscode.Range(document.positionAt(change.start), document.positionAt(change.end)), change.text);
      if (!(await vscode.workspace.applyEdit(edit))) {
        void vscode.window.showErrorMessage(`${where} could not be edited: η was not written.`);
        return;
      }
      const lines = [...new Set(edits.values.map((value) => value.line))];
      const scaled = edits.edits.length > 1 ? ', and the schedule’s other values scaled with it' : '';
      void vscode.window.showInformationMessage(`η = ${η} written into ${lineName(document, lines[0] ?? optimizer.line)}${scaled}. Undo (Ctrl+Z) in the script takes it back.`);
      const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
      editor?.revealRange(new vscode.Range(document.positionAt(edits.edits[0]!.start), document.positionAt(edits.edits[0]!.start)), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    };
    if (asked.panel instanceof SimulationPanel) await act(asked.panel);
    else await withActivePanel(this.registry, act);
  }

  /**
   * The optimizer on the given line (or the cursor's), its unknowns answered and its settings read; undefined, with
   * a message saying why, when there is none or it cannot be simulated.
   */
  private async ready(uri: unknown, line: unknown, doing: string): Promise<ReadyOptimizer | undefined> {
    const target = await this.target(uri, line);
    if (!target) {
      void vscode.window.showErrorMessage(`Put the cursor on an optimizer line of a Python training script (torch.optim, keras.optimizers or optax) to ${doing} it.`);
      return undefined;
    }
    const { document } = target;
    const optimizer = await this.documents.optimizerAt(document, target.line);
    if (!optimizer) {
      const code = await this.documents.read(document);
      const lines = code.optimizers.map((o) => o.line);
      void vscode.window.showErrorMessage(
        `No PyTorch, Keras or optax optimizer is constructed on line ${target.line}${lines.length > 0 ? ` (there ${lines.length === 1 ? 'is one on line' : 'are some on lines'} ${lines.join(', ')})` : ''}.`,
      );
      return undefined;
    }
    const where = lineName(document, optimizer.line);
    if (optimizer.refused.length > 0) {
      void vscode.window.showErrorMessage(`${where} cannot be simulated as written: ${optimizer.refused.map(refusalText).join('; ')}.`);
      return undefined;
    }
    const remembered = this.registry.all.find((panel) => panel.session.training?.link.documentUri === document.uri.toString() && panel.session.training.link.line === optimizer.line);
    const answers = await askUnknowns(await pythonParser(this.registry.extensionUri), optimizer, where, remembered ? answersOf(remembered.session.training!.link) : undefined);
    if (!answers) return undefined;
    const settings = runSettingsFromCode(optimizer, { answers });
    if (!settings.ok) {
      void vscode.window.showErrorMessage(`${where} cannot be simulated as written: ${settings.refused.map(refusalText).join('; ')}.`);
      return undefined;
    }
    return { document, optimizer, where, answers, settings };
  }

  /** The document and 1-based line a command acts on: its arguments (from a lens), else the active editor's cursor. */
  private async target(uri: unknown, line: unknown): Promise<{ document: vscode.TextDocument; line: number } | undefined> {
    // A lens passes a Uri; a hover's command link passes it as text.
    const documentUri = uri instanceof vscode.Uri ? uri : typeof uri === 'string' ? vscode.Uri.parse(uri) : undefined;
    if (documentUri && typeof line === 'number' && Number.isInteger(line) && line >= 1) {
      return { document: await vscode.workspace.openTextDocument(documentUri), line };
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== 'python') return undefined;
    return { document: editor.document, line: editor.selection.active.line + 1 };
  }
}

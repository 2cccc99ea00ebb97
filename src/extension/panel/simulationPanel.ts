/**
 * A simulation panel in the editor: the webview beside the code, its session, and the formula it follows.
 * Messages from the page are validated here before anything acts on them; exports go through save dialogs.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Formula } from '../../core/formula';
import { shortened } from '../../core/formula/errors';
import { parseWebviewMessage, type HostMessage } from '../../shared/protocol';
import { defaultStartValue } from '../configuration';
import { readFormulaAt } from '../selectedFormula';
import { mapParameterOf } from '../../core/optim';
import { SimulationSession, type SessionState } from '../session/session';
import type { StabilityMapWorkers } from '../stabilityMap/workerPool';
import { adjustRange, editsTouch, type OffsetRange } from '../session/trackedRange';
import { writeFileInPieces } from './fileInPieces';
import { renderPanelHtml } from './panelHtml';

export const PANEL_VIEW_TYPE = 'gdLab.simulation';

/** An export of more steps than this shows its progress in a notification, with a Cancel button. */
const LONG_EXPORT_STEPS = 100_000;

/** Re-reading the formula waits for a pause in typing this long. */
const EDIT_DEBOUNCE_MILLISECONDS = 400;

/** The formula's place in a document, followed through edits. */
export interface FormulaLocation {
  readonly document: vscode.TextDocument;
  range: OffsetRange;
}

export class SimulationPanel implements vscode.Disposable {
  readonly session: SimulationSession;
  private readonly disposables: vscode.Disposable[] = [];
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<SimulationPanel>();
  private readonly disposedEmitter = new vscode.EventEmitter<SimulationPanel>();
  /** Fires when the settings, formula or focus of the panel change (the status bar listens). */
  readonly onDidChange = this.changed.event;
  readonly onDidDispose = this.disposedEmitter.event;

  static create(
    extensionUri: vscode.Uri,
    state: SessionState,
    location: FormulaLocation | undefined,
    mapWorkers: StabilityMapWorkers,
    column: vscode.ViewColumn = vscode.ViewColumn.Beside,
  ): SimulationPanel {
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      panelTitle(state.formula, state.origin),
      { viewColumn: column, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    return new SimulationPanel(panel, extensionUri, state, location, mapWorkers);
  }

  /** Takes over a panel VS Code restored after a restart (see SimulationPanelSerializer). */
  static revive(
    panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    state: SessionState,
    location: FormulaLocation | undefined,
    mapWorkers: StabilityMapWorkers,
  ): SimulationPanel {
    panel.webview.options = webviewOptions(extensionUri);
    return new SimulationPanel(panel, extensionUri, state, location, mapWorkers);
  }

  private constructor(
    readonly webviewPanel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    state: SessionState,
    private location: FormulaLocation | undefined,
    private readonly mapWorkers: StabilityMapWorkers,
  ) {
    this.session = new SimulationSession(state, { post: (message) => this.post(message) }, { stabilityMapRunner: mapWorkers.runner });
    webviewPanel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'panel-icon.svg');
    webviewPanel.webview.html = this.html();
    this.disposables.push(
      webviewPanel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      webviewPanel.onDidChangeViewState(() => this.changed.fire(this)),
      webviewPanel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((event) => this.documentChanged(event)),
      this.changed,
    );
    void this.run(() => this.session.simulate());
  }

  /** Whether this panel shows `formula` from `documentUri`: simulating it again reveals this panel. */
  shows(documentUri: string | null, formula: Formula): boolean {
    return this.session.documentUri === documentUri && this.session.formula.display === formula.display;
  }

  /**
   * Simulate was run again on this panel's formula. The same text in the same place changes nothing (a start
   * point or settings chosen in the panel stay); a changed selection of it — the whole `def` after its `return`
   * line, the formula moved — is read afresh: its place, text and start values replace the old ones.
   */
  async reselect(formula: Formula, location: FormulaLocation, start: readonly number[], origin: string): Promise<void> {
    const previous = this.location;
    const same =
      previous !== undefined &&
      previous.document === location.document &&
      previous.range.start === location.range.start &&
      previous.range.end === location.range.end &&
      formula.source === this.session.formula.source;
    if (same) return;
    this.location = location;
    await this.run(() => this.session.reselect(formula, start, origin));
  }

  get visible(): boolean {
    return this.webviewPanel.visible;
  }

  get active(): boolean {
    return this.webviewPanel.active;
  }

  reveal(): void {
    this.webviewPanel.reveal(undefined, true);
  }

  /** Runs a session action, reporting failures instead of losing them, and tells listeners the state changed. */
  async run(action: () => Promise<void> | void): Promise<void> {
    try {
      const done = action();
      this.changed.fire(this);
      // An optimizer with a stability map: have its worker threads ready before the map is asked for.
      if (mapParameterOf(this.session.settings.optimizer.kind) !== null) this.mapWorkers.warm();
      await done;
    } catch (error) {
      void vscode.window.showErrorMessage(`Gradient Descent Lab: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    if (this.editTimer) clearTimeout(this.editTimer);
    this.session.dispose();
    this.disposedEmitter.fire(this);
    this.disposedEmitter.dispose();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.webviewPanel.dispose();
  }

  /** Saves the last run as CSV or JSON, asking where. */
  async exportData(format: 'csv' | 'json'): Promise<void> {
    const data = this.session.exportData(format);
    if (!data) {
      void vscode.window.showInformationMessage('Nothing to export yet: the run has not finished.');
      return;
    }
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.defaultExportUri(format),
      filters: format === 'csv' ? { 'CSV': ['csv'] } : { 'JSON': ['json'] },
      title: `Export the run as ${format.toUpperCase()}`,
    });
    if (!target) return;
    // Every step is written by running the run again, a piece at a time; a long one shows its progress and can be
    // cancelled.
    const saved =
      data.steps <= LONG_EXPORT_STEPS
        ? await writeFileInPieces(target, data.pieces())
        : await vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title: `Exporting ${data.steps.toLocaleString('en-US')} steps`, cancellable: true },
            (progress, token) =>
              writeFileInPieces(target, data.pieces(), token, (characters) => progress.report({ message: `${(characters / 1e6).toFixed(0)} MB written` })),
          );
    if (saved) void vscode.window.showInformationMessage(`Saved the run to ${vscode.workspace.asRelativePath(target)}.`);
  }

  private async saveImage(dataUrl: string): Promise<void> {
    const target = await vscode.window.showSaveDialog({
      defaultUri: this.defaultExportUri('png'),
      filters: { 'PNG image': ['png'] },
      title: 'Save the chart as PNG',
    });
    if (!target) return;
    const bytes = Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
    await vscode.workspace.fs.writeFile(target, bytes);
    void vscode.window.showInformationMessage(`Saved the chart to ${vscode.workspace.asRelativePath(target)}.`);
  }

  /** Beside the formula's file, or in the workspace folder (an untitled document has no folder). */
  private defaultExportUri(extension: string): vscode.Uri | undefined {
    const document = this.location?.document.uri;
    const folder = document && document.scheme !== 'untitled' ? vscode.Uri.joinPath(document, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    if (!folder) return undefined;
    const name = (this.session.formula.name ?? 'run').replace(/[^\w.-]+/g, '_');
    return vscode.Uri.joinPath(folder, `${name}-gradient-descent.${extension}`);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) {
      // Only this extension's page can post here; a message that does not validate is a bug, not an input.
      console.warn('Gradient Descent Lab: ignored an invalid message from the panel', raw);
      return;
    }
    switch (message.type) {
      case 'askStartPoint':
        // The page's button acts on this panel, which is the one focused (so the command's active panel).
        void vscode.commands.executeCommand('gdLab.setStartPoint');
        return;
      case 'exportData':
        void this.run(() => this.exportData(message.format));
        return;
      case 'exportImage':
        void this.run(() => this.saveImage(message.dataUrl));
        return;
      case 'useLearningRateInCode':
        // Edits the training script the run came from (commands/trainingCode.ts), on this click only.
        void vscode.commands.executeCommand('gdLab.useLearningRateInCode', { panel: this, learningRate: message.learningRate });
        return;
      default:
        void this.run(() => this.session.handle(message));
    }
  }

  private post(message: HostMessage): void {
    void this.webviewPanel.webview.postMessage(message);
    if (message.type === 'showRun') this.webviewPanel.title = panelTitle(this.session.formula, this.session.origin);
  }

  /** Follows the formula through edits; when the formula itself changed, re-reads it after a pause. */
  private documentChanged(event: vscode.TextDocumentChangeEvent): void {
    const location = this.location;
    if (!location || event.document !== location.document || event.contentChanges.length === 0) return;
    const edits = event.contentChanges.map((change) => ({ offset: change.rangeOffset, length: change.rangeLength, text: change.text }));
    const touched = editsTouch(location.range, edits);
    location.range = adjustRange(location.range, edits);
    // A loss over data also reads the code above it: an edit there can change its data.
    if (!touched && this.session.formula.data === null) return;
    if (this.editTimer) clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => void this.rereadFormula(), EDIT_DEBOUNCE_MILLISECONDS);
  }

  private async rereadFormula(): Promise<void> {
    const location = this.location;
    if (!location) return;
    const text = location.document.getText();
    const source = text.slice(location.range.start, location.range.end);
    if (source === this.session.formula.source && this.session.formula.data === null) return;
    const read = await readFormulaAt(location.document, location.range);
    if (!read.ok) {
      // The panel shows where, in the document's lines and columns.
      const lineText = location.document.lineAt(read.line - 1).text;
      this.session.showFormulaError({ message: read.reason, line: read.line, column: read.column, source: lineText, lineOnly: true });
      return;
    }
    const { formula, start } = read.selected;
    const fromDocument = new Map(formula.variables.map((name, i) => [name, start[i]!]));
    void this.run(() => this.session.replaceFormula(formula, (name) => fromDocument.get(name) ?? defaultStartValue()));
  }

  private html(): string {
    const webview = this.webviewPanel.webview;
    const asUri = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...path)).toString();
    return renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: asUri('dist', 'webview.js'),
      styleUri: asUri('media', 'panel.css'),
      title: panelTitle(this.session.formula, this.session.origin),
    });
  }
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The page keeps its state with setState and is rebuilt when shown again: cheaper than keeping it alive.
    retainContextWhenHidden: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

/** "GD: loss · losses.py:12", or the formula itself when it has no name. */
export function panelTitle(formula: Formula, origin: string | null): string {
  const name = formula.name ?? shortened(formula.display, 24);
  return origin ? `GD: ${name} · ${origin}` : `GD: ${name}`;
}

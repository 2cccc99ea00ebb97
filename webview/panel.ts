/**
 * The panel: builds the page, keeps its state, and routes what the host sends to the views. Every redraw
 * comes from `state`, so a page rebuilt after the panel was hidden draws exactly what was there before.
 */
import type { HostMessage, RunView, SweepView, WebviewMessage } from '../src/shared/protocol';
import { announcerElement } from './charts/announcer';
import { SeriesColors } from './charts/seriesStyle';
import { RunControls } from './controls';
import { h } from './dom';
import { displayFormula } from './format';
import { readHostMessage } from './hostMessages';
import { readPanelState, type PanelState, type SweepMetric } from './state';
import { readChartTheme, watchTheme, type ChartTheme } from './theme';
import type { HostChannel } from './vscodeApi';
import { ExploreToolbar } from './views/exploreToolbar';
import { FormulaHeader } from './views/formulaHeader';
import { LandscapeSection } from './views/landscapeSection';
import { LossSection } from './views/lossSection';
import { ProgressView } from './views/progressView';
import { ScheduleSection } from './views/scheduleSection';
import type { SectionContext } from './views/sectionContext';
import { SweepSection } from './views/sweepSection';
import { VerdictView } from './views/verdictView';


export class Panel {
  private state: PanelState;
  private theme: ChartTheme = readChartTheme();
  private readonly header = new FormulaHeader();
  private readonly controls: RunControls;
  private readonly progress: ProgressView;
  private readonly verdict: VerdictView;
  private readonly toolbar: ExploreToolbar;
  private readonly loss: LossSection;
  private readonly schedule: ScheduleSection;
  private readonly landscape: LandscapeSection;
  private readonly sweep: SweepSection;

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
  ) {
    this.state = readPanelState(host.loadState());
    const post = (message: WebviewMessage): void => host.post(message);
    const context: SectionContext = { post, theme: () => this.theme, colors: new SeriesColors() };
    this.controls = new RunControls(post);
    this.progress = new ProgressView(post);
    this.verdict = new VerdictView(post);
    this.toolbar = new ExploreToolbar(post);
    this.loss = new LossSection(context, {
      onScaleChosen: (scale) => this.update({ lossScale: scale }),
      onToggleSeries: (key) => this.toggleSeries(key),
      onSmoothingChosen: (smoothing) => this.update({ smoothing }),
    });
    this.schedule = new ScheduleSection(context);
    this.landscape = new LandscapeSection(context, (key) => this.toggleSeries(key));
    this.sweep = new SweepSection(context, (metric: SweepMetric) => this.update({ sweepMetric: metric }));
  }

  /** Builds the page, draws the saved state at once, then asks the host for the current view. */
  start(): void {
    this.root.replaceChildren(
      this.header.element,
      this.controls.element,
      this.progress.element,
      this.verdict.element,
      this.toolbar.element,
      h('div', { className: 'charts' }, [
        // The η schedule belongs under the loss curve it explains, not in a grid cell of its own.
        h('div', { className: 'chart-column' }, [this.loss.element, this.schedule.element]),
        this.landscape.element,
        this.sweep.element,
      ]),
      announcerElement(),
    );
    // Whatever happens drawing the saved state, the page must still ask the host for a fresh view.
    this.safely('draw the saved state', () => this.redraw());
    this.root.removeAttribute('aria-busy');
    watchTheme(() =>
      this.safely('redraw for the new theme', () => {
        this.theme = readChartTheme();
        this.redraw();
      }),
    );
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    this.host.post({ type: 'ready' });
  }

  /** Handles one message from the host; anything malformed is dropped and the page stays as it was. */
  receive(raw: unknown): void {
    const message = readHostMessage(raw);
    if (!message) {
      console.warn('Gradient Descent Lab: ignored a message the panel cannot read.', raw);
      return;
    }
    // A view that passed the checks but still cannot be drawn must not take the page down with it.
    this.safely(`draw a ${message.type} message`, () => this.handle(message));
  }

  private safely(what: string, action: () => void): void {
    try {
      action();
    } catch (error) {
      console.warn(`Gradient Descent Lab: could not ${what}.`, error);
    }
  }

  private handle(message: HostMessage): void {
    switch (message.type) {
      case 'showRun':
        this.showRun({ ...message.view, formula: displayFormula(message.view.formula) });
        break;
      case 'showSweep':
        this.showSweep({ ...message.view, formula: displayFormula(message.view.formula) });
        break;
      case 'progress':
        this.progress.update(message.runId, message.step, message.maxSteps, message.unit);
        break;
      case 'formulaError':
        this.header.showError(message, this.state.run !== null);
        break;
      case 'runError':
        this.header.showRunError(message.message, this.state.run !== null);
        break;
    }
  }

  private showRun(run: RunView): void {
    const keys = new Set(run.series.map((series) => series.key));
    const sameFormula = this.state.sweep?.formula.source === run.formula.source;
    this.header.clearError();
    this.update({
      run,
      restore: run.restore,
      sweep: sameFormula ? this.state.sweep : null,
      hiddenSeries: this.state.hiddenSeries.filter((key) => keys.has(key)),
    });
  }

  private showSweep(sweep: SweepView): void {
    this.update({ sweep });
    this.sweep.element.scrollIntoView?.({ block: 'nearest' });
  }

  private toggleSeries(key: string): void {
    const hidden = new Set(this.state.hiddenSeries);
    if (hidden.has(key)) hidden.delete(key);
    else hidden.add(key);
    this.update({ hiddenSeries: [...hidden] });
  }

  /** Changes the state, saves it, and redraws. */
  private update(change: Partial<PanelState>): void {
    this.state = { ...this.state, ...change };
    this.host.saveState(this.state);
    this.redraw();
  }

  private redraw(): void {
    const { run, sweep } = this.state;
    if (run) {
      const hidden = new Set(this.state.hiddenSeries);
      this.header.show(run);
      this.controls.show(run.settings, run.minibatch);
      this.progress.finish(run.runId);
      this.verdict.show(run);
      this.toolbar.show(run);
      this.loss.render(run, this.state.lossScale, hidden, this.state.smoothing);
      this.schedule.render(run);
      this.landscape.render(run, hidden);
    }
    if (sweep) this.progress.finish(sweep.runId);
    this.sweep.render(sweep, this.state.sweepMetric);
  }
}

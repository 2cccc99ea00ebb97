/**
 * The panel: builds the page, keeps its state, and routes what the host sends to the views. Every redraw
 * comes from `state`, so a page rebuilt after the panel was hidden draws exactly what was there before.
 *
 * Chart first: the formula, a compact toolbar, the sliders and the one-line verdict sit above the loss chart, so
 * at a 460 × 700 panel the verdict and the whole loss chart show without scrolling; the landscape comes next (beside
 * it when the panel is wide), the facts and export are collapsed, and the exploration (compare, pin, sweep, stability
 * map) follows the charts.
 */
import type { FormulaView, HostMessage, RunView, StabilityMapView, SweepView, WebviewMessage } from '../src/shared/protocol';
import { announcerElement } from './charts/announcer';
import { SeriesColors } from './charts/seriesStyle';
import { RunControls } from './controls';
import { h } from './dom';
import { displayFormula } from './format';
import { readHostMessage } from './hostMessages';
import { LiveChannel } from './liveChannel';
import { readPanelState, type PanelState, type SweepMetric } from './state';
import { readChartTheme, watchTheme, type ChartTheme } from './theme';
import type { HostChannel } from './vscodeApi';
import { ExploreToolbar } from './views/exploreToolbar';
import { FormulaHeader } from './views/formulaHeader';
import { LandscapeSection } from './views/landscapeSection';
import { LossSection } from './views/lossSection';
import { Player } from './views/player';
import { ProgressView } from './views/progressView';
import { RunDetails } from './views/runDetails';
import { SchedulePlotSection } from './views/schedulePlotSection';
import { ScheduleSection } from './views/scheduleSection';
import type { SectionContext } from './views/sectionContext';
import { SliderPanel } from './views/sliders';
import { StabilityMapSection } from './views/stabilityMapSection';
import { SweepSection } from './views/sweepSection';
import { VerdictFold } from './views/verdictFold';
import { VerdictView } from './views/verdictView';

export class Panel {
  private state: PanelState;
  private theme: ChartTheme = readChartTheme();
  private readonly live: LiveChannel;
  private readonly header: FormulaHeader;
  private readonly controls: RunControls;
  private readonly sliders: SliderPanel;
  private readonly progress: ProgressView;
  private readonly verdict: VerdictView;
  private readonly verdictFold: VerdictFold;
  private readonly details: RunDetails;
  private readonly player: Player;
  private readonly toolbar: ExploreToolbar;
  private readonly loss: LossSection;
  private readonly schedule: ScheduleSection;
  private readonly landscape: LandscapeSection;
  private readonly sweep: SweepSection;
  private readonly stabilityMap: StabilityMapSection;
  private readonly schedulePlot: SchedulePlotSection;
  /** The parts of a simulation panel, hidden in a "Plot schedule" panel. */
  private runParts: HTMLElement[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly host: HostChannel,
  ) {
    this.state = readPanelState(host.loadState());
    const post = (message: WebviewMessage): void => host.post(message);
    this.live = new LiveChannel(post);
    const context: SectionContext = { post, theme: () => this.theme, colors: new SeriesColors() };
    this.header = new FormulaHeader(post);
    this.controls = new RunControls(post);
    this.sliders = new SliderPanel(this.live);
    this.progress = new ProgressView(post);
    this.verdict = new VerdictView(post);
    this.verdictFold = new VerdictFold(this.verdict.element);
    this.details = new RunDetails(this.verdict.facts, post, (open) => {
      if (open !== this.state.detailsOpen) this.update({ detailsOpen: open }, { redraw: false });
    });
    this.player = new Player((index) => this.movePlayhead(index));
    this.toolbar = new ExploreToolbar(post);
    const onPlayheadMove = (index: number): void => {
      this.player.follow(index);
      this.movePlayhead(index);
    };
    this.loss = new LossSection(context, {
      onScaleChosen: (scale) => this.update({ lossScale: scale }),
      onToggleSeries: (key) => this.toggleSeries(key),
      onSmoothingChosen: (smoothing) => this.update({ smoothing }),
      onPlayheadMove,
    });
    this.schedule = new ScheduleSection(context);
    this.landscape = new LandscapeSection(context, {
      onToggleSeries: (key) => this.toggleSeries(key),
      onPlayheadMove,
      onStartPicked: (start, phase) => {
        if (phase === 'live') this.live.send({ type: 'setStart', start, phase });
        else this.live.settle({ type: 'setStart', start, phase });
      },
    });
    this.sweep = new SweepSection(context, (metric: SweepMetric) => this.update({ sweepMetric: metric }));
    this.stabilityMap = new StabilityMapSection(context);
    this.schedulePlot = new SchedulePlotSection(context);
  }

  /** Builds the page, draws the saved state at once, then asks the host for the current view. */
  start(): void {
    this.runParts = [
      this.header.element,
      this.controls.element,
      this.sliders.element,
      this.progress.element,
      this.verdictFold.element,
      this.details.element,
      this.player.element,
      h('div', { className: 'charts' }, [
        // The η schedule belongs under the loss curve it explains, not in a grid cell of its own.
        h('div', { className: 'chart-column' }, [this.loss.element, this.schedule.element]),
        this.landscape.element,
      ]),
      this.toolbar.element,
      h('div', { className: 'charts explore-charts' }, [this.stabilityMap.element, this.sweep.element]),
    ];
    this.root.replaceChildren(...this.runParts, this.schedulePlot.element, announcerElement());
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
        this.live.answered();
        this.showRun({ ...message.view, formula: displayFormula(message.view.formula) });
        this.live.frameDrawn();
        break;
      case 'showSweep':
        this.showSweep({ ...message.view, formula: displayFormula(message.view.formula) });
        break;
      case 'showStabilityMap':
        this.showStabilityMap({ ...message.view, formula: displayFormula(message.view.formula) });
        break;
      case 'progress':
        this.progress.update(message.runId, message.step, message.maxSteps, message.unit);
        break;
      case 'formulaError':
        this.header.showError(message, this.state.run !== null);
        break;
      case 'runError':
        this.live.answered();
        // A panel with no run yet still names its formula and start.
        if (!this.state.run && message.formula && message.start) this.header.show(displayFormula(message.formula), message.start);
        this.header.showRunError(message.message, this.state.run !== null);
        break;
      case 'showSchedule':
        this.update({ schedulePlot: message.view });
        break;
    }
  }

  private showRun(run: RunView): void {
    const keys = new Set(run.series.map((series) => series.key));
    const sameFormula = (view: { formula: FormulaView } | null): boolean => view?.formula.source === run.formula.source;
    this.header.clearError();
    this.update(
      {
        run,
        restore: run.restore,
        sweep: sameFormula(this.state.sweep) ? this.state.sweep : null,
        stabilityMap: sameFormula(this.state.stabilityMap) ? this.state.stabilityMap : null,
        hiddenSeries: this.state.hiddenSeries.filter((key) => keys.has(key)),
      },
      // A live run is a frame of a drag: the settled run that follows is the one worth keeping.
      { save: run.phase === 'settled' },
    );
  }

  private showSweep(sweep: SweepView): void {
    this.update({ sweep });
    this.sweep.element.scrollIntoView?.({ block: 'nearest' });
  }

  private showStabilityMap(map: StabilityMapView): void {
    const firstTime = this.state.stabilityMap === null;
    this.update({ stabilityMap: map });
    if (firstTime) this.stabilityMap.element.scrollIntoView?.({ block: 'nearest' });
  }

  private toggleSeries(key: string): void {
    const hidden = new Set(this.state.hiddenSeries);
    if (hidden.has(key)) hidden.delete(key);
    else hidden.add(key);
    this.update({ hiddenSeries: [...hidden] });
  }

  /** The playhead moved (player, hover, arrow keys): both charts show it. */
  private movePlayhead(index: number | null): void {
    this.loss.chart.setPlayhead(index);
    this.landscape.chart.setPlayhead(index);
  }

  /** Changes the state, saves it (unless told not to), and redraws (unless told not to). */
  private update(change: Partial<PanelState>, { save = true, redraw = true } = {}): void {
    this.state = { ...this.state, ...change };
    if (save) this.host.saveState(this.state);
    if (redraw) this.redraw();
  }

  private redraw(): void {
    // A "Plot schedule" panel shows the schedule and nothing of a run (a panel is one or the other for good).
    const plot = this.state.schedulePlot ?? null;
    this.schedulePlot.render(plot);
    if (plot) {
      for (const part of this.runParts) part.hidden = true;
      return;
    }
    const { run, sweep, stabilityMap } = this.state;
    if (run) {
      const hidden = new Set(this.state.hiddenSeries);
      this.header.show(run.formula, run.start, run.training ?? null, run.settings.framework ?? 'pytorch');
      this.controls.show(run.settings, run.minibatch);
      this.sliders.show(run);
      this.progress.finish(run.runId);
      this.verdict.show(run);
      this.verdictFold.update();
      this.details.show(this.state.detailsOpen);
      this.player.show(run);
      this.toolbar.show(run);
      this.loss.render(run, this.state.lossScale, hidden, this.state.smoothing);
      this.schedule.render(run);
      this.landscape.render(run, hidden);
      this.movePlayhead(this.player.current);
    }
    if (sweep) this.progress.finish(sweep.runId);
    this.sweep.render(sweep, this.state.sweepMetric, run);
    this.stabilityMap.render(stabilityMap, run);
  }
}

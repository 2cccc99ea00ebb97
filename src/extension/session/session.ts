/**
 * One simulation panel's state and behaviour, without the editor: the formula, start point and settings;
 * running them (time-sliced, cancellable, with progress); pinned and compared runs; the sweep; and the
 * views posted to the panel. The extension host wraps it in a webview (SimulationPanel); tests drive it
 * with a fake port, message by message, in plain Node.
 */
import type { Formula } from '../../core/formula';
import type { Landscape } from '../../core/landscape';
import {
  NonFiniteStartError,
  checkBudgetFor,
  finish,
  finishInSlices,
  cellSettings,
  defaultOptimizerSettings,
  defaultScheduleSettings,
  MAX_STEPS,
  maxStepsWritten,
  frameworkOf,
  isChoosableSchedule,
  mapCategory,
  runSettingsProblem,
  runStabilityMapInSlices,
  simulateInSlices,
  stabilityAt,
  stabilityBound,
  stabilityMapAxes,
  sweepLearningRatesInSlices,
  type Diagnosis,
  type DiagnosisChecks,
  type MapCell,
  type OptimizerKind,
  type RunSettings,
  type ScheduleKind,
  type RunRecord,
  type Stability,
  type StabilityMapAxes,
} from '../../core/optim';
import { formatCount } from '../../words/format';
import { noiseRemedies, type RemedyKind } from '../../core/optim/noise';
import { batchWords } from '../../words/noise';
import { runReportCsv, runReportJson } from '../../core/report';
import {
  LIMITS,
  type HostMessage,
  type PanelRestoreState,
  type RunPhase,
  type SeriesView,
  type SliderSetting,
  type TrainingLink,
  type TrainingView,
  type WebviewMessage,
} from '../../shared/protocol';
import {
  completeRun,
  formulaViewOf,
  startCompletedRun,
  withChecks,
  learningRateLabel,
  remediesOf,
  runViewOf,
  sweepViewOf,
  type ComparedRun,
  type CompletedRun,
  type LossAxis,
  type RunViewInput,
} from './views';

/** What the next run compares with the current settings: η÷10 and η×10, batch sizes, or schedules. */
type Comparison = 'learning-rates' | 'batch-sizes' | 'schedules';

export type { LossAxis } from './views';

/** Where the session's messages go: the webview, or a test. */
export interface SessionPort {
  post(message: HostMessage): void;
}

export interface SessionState {
  formula: Formula;
  documentUri: string | null;
  /** "loss.py:12", for titles. */
  origin: string | null;
  start: number[];
  settings: RunSettings;
  /** The loss axis to start with: 'auto' is logarithmic while the loss stays positive. */
  lossAxis: LossAxis;
  /** The training-code optimizer the runs simulate, when the panel was opened from one ("Simulate this optimizer"). */
  training?: { link: TrainingLink; view: TrainingView } | null;
}

export interface SessionOptions {
  /** Points per series on the charts; longer runs are downsampled keeping each bucket's extremes. */
  chartPoints?: number;
  /** How often progress is posted during a long run. */
  progressMilliseconds?: number;
  sliceMilliseconds?: number;
  /** Updates the checks may apply (default: checkBudgetFor the formula's size, as the CLI's). */
  checkUpdates?: number;
  /** Runs a stability map's cells (default: in time slices here; the extension host uses worker threads). */
  stabilityMapRunner?: StabilityMapRunner;
}

/** One stability map to compute: every cell of `axes` is a run of `settings` with η and the parameter set. */
export interface StabilityMapJob {
  readonly formula: Formula;
  readonly start: readonly number[];
  readonly settings: RunSettings;
  readonly stability: Stability;
  readonly axes: StabilityMapAxes;
  /** True once a newer map (or the panel's end) makes this one pointless. */
  isCancelled(): boolean;
}

/** The cells of a map row by row (null when cancelled). */
export type StabilityMapRunner = (job: StabilityMapJob) => Promise<readonly MapCell[] | null>;

/** The in-process runner: the grid in time slices, like the runs. */
export const runStabilityMapHere: StabilityMapRunner = (job) =>
  runStabilityMapInSlices(job.formula, job.start, job.settings, job.stability, job.axes, { isCancelled: job.isCancelled });

/** Chart points per series while a slider is dragged: enough to draw the curve, few enough to redraw every frame. */
export const LIVE_CHART_POINTS = 600;

/** An export: its kind, and its text a piece at a time (the run is run again for every step, never kept whole). */
export interface ExportedData {
  readonly format: 'csv' | 'json';
  /** Steps the file holds (the run's), for progress. */
  readonly steps: number;
  /** Each call writes the file from the start; pieces of about 64 KB. */
  readonly pieces: () => Iterable<string>;
}

export class SimulationSession {
  /** Identifies the latest run or sweep; an older one sees it has been superseded and posts nothing. */
  private runSequence = 0;
  /** Cancel was asked for the latest run: it stops and shows what it reached. */
  private cancelRequested = false;
  private pinned: SeriesView[] = [];
  private compareNext: Comparison | null = null;
  private projection: [number, number] | undefined;
  private lastRun: CompletedRun | undefined;
  /** The runId the last run was shown with: the recommendation button names it. */
  private lastRunId: number | undefined;
  /** What the last run view was built from: pinning rebuilds it at once, without running again. */
  private lastViewInput: RunViewInput | undefined;
  /** The landscape of the last settled run, which live runs keep (resampled when the drag settles). */
  private lastLandscape: { landscape: Landscape | null; key: string } | undefined;
  /** The last view posted, re-posted when the page (re)loads. */
  private lastMessage: HostMessage | undefined;
  /** The sweep and the stability map the panel shows, by what they were made for: made again when that changes. */
  private sweepShown: string | undefined;
  private mapShown: string | undefined;
  private mapSequence = 0;
  private disposed = false;

  constructor(
    private state: SessionState,
    private readonly port: SessionPort,
    private readonly options: SessionOptions = {},
  ) {}

  get formula(): Formula {
    return this.state.formula;
  }

  get settings(): RunSettings {
    return this.state.settings;
  }

  get start(): readonly number[] {
    return this.state.start;
  }

  get origin(): string | null {
    return this.state.origin;
  }

  get documentUri(): string | null {
    return this.state.documentUri;
  }

  /** The training-code optimizer the runs simulate, or null. */
  get training(): { link: TrainingLink; view: TrainingView } | null {
    return this.state.training ?? null;
  }

  /** The last finished run (its settings, diagnosis and stability), or undefined before the first. */
  get lastCompletedRun(): CompletedRun | undefined {
    return this.lastRun;
  }

  /** What a restored panel needs to run again. */
  get restoreState(): PanelRestoreState {
    const { documentUri, formula, start, settings, training } = this.state;
    return { documentUri, formulaSource: formula.source, start: [...start], settings, ...(training ? { training: training.link } : {}) };
  }

  /**
   * The last run, every step of it, as CSV or as the CLI's JSON (indented), written by running it again. Throws, with
   * what to do, for a run longer than a whole trace may be written out (maxStepsWritten: about 2.5 GB).
   */
  exportData(format: 'csv' | 'json'): ExportedData | undefined {
    const run = this.lastRun;
    if (!run) return undefined;
    const formula = this.state.formula;
    const { variables, display, source } = formula;
    const limit = maxStepsWritten(variables.length, Boolean(formula.data));
    const steps = run.record.steps;
    if (steps > limit) {
      throw new Error(
        `This run took ${formatCount(steps)} steps; an export writes at most ${formatCount(limit)} steps of ${variablesOf(variables.length)}. Lower the step limit with Set Step Limit…, then export again.`,
      );
    }
    const { data } = formula;
    const report = { objective: formula, ...run, formula: { display, source }, ...(data ? { data: { rows: data.rowCount, columns: data.columns } } : {}) };
    if (format === 'csv') return { format, steps, pieces: () => runReportCsv(report) };
    return { format, steps, pieces: () => withNewline(runReportJson(report, { trace: 'full', indent: 2 })) };
  }

  /** Acts on a validated message from the panel. Export, image saving and writing η into code are the host's (dialogs, edits). */
  async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        if (this.lastMessage) this.port.post(this.lastMessage);
        return;
      case 'setLearningRate':
        return this.setLearningRate(message.learningRate);
      case 'simulateLearningRate':
        return this.setLearningRate(message.learningRate);
      case 'scaleLearningRate':
        return this.scaleLearningRate(message.factor);
      case 'setOptimizer':
        return this.setOptimizer(message.optimizer);
      case 'setSchedule':
        return this.setSchedule(message.schedule);
      case 'setMaxSteps':
        return this.setMaxSteps(message.maxSteps);
      case 'rerun':
        return this.simulate();
      case 'cancel':
        this.cancel();
        return;
      case 'compareLearningRates':
        return this.compareLearningRates();
      case 'pinRun':
        this.pinCurrent();
        return;
      case 'clearPinned':
        return this.clearPinned();
      case 'sweep':
        return this.sweep();
      case 'setProjection':
        this.projection = [message.x, message.y];
        return this.simulate();
      case 'applyRecommendation':
        return this.applyRecommendation(message.runId);
      case 'setMinibatch':
        return this.setMinibatch(message.batchSize, message.shuffle, message.seed);
      case 'compareBatchSizes':
        return this.compare('batch-sizes');
      case 'compareSchedules':
        return this.compare('schedules');
      case 'adjustSetting':
        return this.adjustSetting(message.setting, message.value, message.phase);
      case 'setStart':
        if (message.start.length !== this.state.formula.variables.length) return;
        this.state = { ...this.state, start: [...message.start] };
        return this.simulate(message.phase);
      case 'stabilityMap':
        await this.stabilityMap();
        return;
      case 'simulateMapCell': {
        const { settings } = this.state;
        let next: RunSettings;
        try {
          next = cellSettings(settings, message.parameter, message.learningRate, message.value);
        } catch {
          return; // the optimizer has no such parameter (it changed since the map was drawn)
        }
        if (runSettingsProblem(next) !== null) return;
        return this.update(next);
      }
      case 'exportData':
      case 'exportImage':
      case 'askStartPoint':
      case 'useLearningRateInCode':
        return;
    }
  }

  /**
   * The verdict's button: applies the checked change of run `runId` (η, step limit, optimizer, start, together, as
   * they were checked) and runs it. Ignored when that run is no longer the one shown (a newer run replaced it).
   */
  applyRecommendation(runId: number): Promise<void> {
    const run = this.lastRun;
    const next = run?.diagnosis.next;
    if (run === undefined || next == null || this.lastRunId !== runId) return Promise.resolve();
    this.state = { ...this.state, settings: next.settings, start: [...next.start] };
    return this.simulate();
  }

  /**
   * A slider moved: η, momentum β, or Adam's β1 and β2. A value the optimizer does not have (β while gradient
   * descent runs) or cannot take is ignored. Live moves get a quick run; settled ones the full run.
   */
  adjustSetting(setting: SliderSetting, value: number, phase: RunPhase): Promise<void> {
    const { settings } = this.state;
    const optimizer = settings.optimizer;
    let next: RunSettings | undefined;
    if (setting === 'learningRate') next = { ...settings, learningRate: Math.min(value, LIMITS.maxLearningRate) };
    else if (setting === 'momentum' && (optimizer.kind === 'momentum' || optimizer.kind === 'nesterov')) next = { ...settings, optimizer: { ...optimizer, momentum: value } };
    else if ((setting === 'beta1' || setting === 'beta2') && (optimizer.kind === 'adam' || optimizer.kind === 'adamw')) {
      next = { ...settings, optimizer: { ...optimizer, [setting]: value } };
    }
    if (!next || runSettingsProblem(next) !== null) return Promise.resolve();
    this.state = { ...this.state, settings: next };
    return this.simulate(phase);
  }

  setLearningRate(learningRate: number): Promise<void> {
    const clamped = Math.min(learningRate, LIMITS.maxLearningRate);
    return this.update({ ...this.state.settings, learningRate: clamped });
  }

  /** η × 10 or η ÷ 10. Division by ten is done as division (0.1 × 10 × 0.1 ≠ 0.1 in floating point). */
  scaleLearningRate(factor: 10 | 0.1): Promise<void> {
    const η = this.state.settings.learningRate;
    return this.setLearningRate(Number((factor === 10 ? η * 10 : η / 10).toPrecision(12)));
  }

  /** The framework's own defaults for that optimizer: a Keras run stays a Keras run. */
  setOptimizer(kind: OptimizerKind): Promise<void> {
    const { settings } = this.state;
    return this.update({ ...settings, optimizer: defaultOptimizerSettings(kind, frameworkOf(settings)) });
  }

  setSchedule(kind: ScheduleKind): Promise<void> {
    return this.update({ ...this.state.settings, schedule: defaultScheduleSettings(kind, this.state.settings.maxSteps) });
  }

  /**
   * Schedules whose shape is a share of the run (step decay, warmup) are re-fitted to the new length; a schedule
   * read from training code keeps the code's own lengths.
   */
  setMaxSteps(maxSteps: number): Promise<void> {
    const { settings } = this.state;
    const schedule = isChoosableSchedule(settings.schedule) ? defaultScheduleSettings(settings.schedule.kind, maxSteps) : settings.schedule;
    return this.update({ ...settings, maxSteps, schedule });
  }

  /** Runs the optimizer line of training code (read again, perhaps with other answers) on this panel's loss. */
  useTrainingCode(settings: RunSettings, training: { link: TrainingLink; view: TrainingView }): Promise<void> {
    this.state = { ...this.state, training };
    return this.update(settings);
  }

  /** For a loss over data: rows per update (null: the full batch), shuffling and its seed. */
  setMinibatch(batchSize: number | null, shuffle: boolean, seed: number): Promise<void> {
    return this.update({ ...this.state.settings, batchSize, shuffle, seed });
  }

  setStart(start: readonly number[]): Promise<void> {
    this.state = { ...this.state, start: [...start] };
    return this.simulate();
  }

  /** The formula was edited: keep the start values of variables that are still there. */
  replaceFormula(formula: Formula, startFor: (name: string) => number): Promise<void> {
    const previous = new Map(this.state.formula.variables.map((name, i) => [name, this.state.start[i]]));
    const start = formula.variables.map((name) => previous.get(name) ?? startFor(name));
    if (formula.variables.join('\u0000') !== this.state.formula.variables.join('\u0000')) {
      this.pinned = [];
      this.projection = undefined;
    }
    if (formula.source !== this.state.formula.source) {
      // The panel drops a sweep and a map made for another formula.
      this.sweepShown = undefined;
      this.mapShown = undefined;
    }
    this.state = { ...this.state, formula, start };
    return this.simulate();
  }

  /**
   * The same formula selected afresh (its whole definition, say, after its return line): the text and the start
   * values it now gives replace the old ones, and the run starts over from them.
   */
  reselect(formula: Formula, start: readonly number[], origin: string | null): Promise<void> {
    if (formula.variables.join('\u0000') !== this.state.formula.variables.join('\u0000')) {
      this.pinned = [];
      this.projection = undefined;
    }
    this.state = { ...this.state, formula, origin, start: [...start] };
    return this.simulate();
  }

  /** Shows a formula error in the panel, which keeps its last chart. */
  showFormulaError(error: { message: string; line: number; column: number; source: string; lineOnly?: boolean }): void {
    this.port.post({ type: 'formulaError', ...error });
  }

  private update(settings: RunSettings): Promise<void> {
    this.state = { ...this.state, settings };
    return this.simulate();
  }

  /** Stops the run under way, if any (it ends as 'cancelled' and is shown as far as it got). */
  cancel(): void {
    this.cancelRequested = true;
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Keeps the current run on the charts, and shows it pinned at once (the charts need no new run for that). */
  pinCurrent(): void {
    const input = this.lastViewInput;
    const view = this.lastMessage?.type === 'showRun' ? this.lastMessage.view : undefined;
    const current = view?.series[0];
    if (!input || !current) return;
    const key = `pinned-${this.runSequence}-${this.pinned.length}`;
    this.pinned = [...this.pinned, { ...current, key, role: 'pinned', label: `${current.label} (pinned)` }];
    this.postRun({ ...input, pinned: this.pinned, landscape: undefined, phase: 'settled' });
  }

  /** Removes pinned and compared runs. */
  clearPinned(): Promise<void> {
    this.pinned = [];
    return this.simulate();
  }

  /** η/10, η and 10η together. */
  compareLearningRates(): Promise<void> {
    return this.compare('learning-rates');
  }

  /** The next run draws `comparison` beside it (batch sizes and schedules only for a loss over data). */
  compare(comparison: Comparison): Promise<void> {
    this.compareNext = comparison === 'learning-rates' || this.state.formula.data ? comparison : null;
    return this.simulate();
  }

  /**
   * Runs the current settings (and, after Compare, η/10 and 10η too) and posts the view. A newer run
   * cancels this one; a cancelled run still posts what it reached if nothing newer has started.
   *
   * A 'live' run (a slider or the start point being dragged) is the quick part only: no comparison, no checks
   * of the advice's numbers, the last landscape, fewer chart points. A settled run is whole, and afterwards a
   * sweep or stability map the panel shows for other settings is made again.
   */
  async simulate(phase: RunPhase = 'settled'): Promise<void> {
    if (this.disposed) return;
    const runId = this.startRun();
    const live = phase === 'live';
    const compare = live ? null : this.compareNext;
    if (!live) this.compareNext = null;
    const { formula, start, settings } = this.state;
    const tooLong = this.stepLimitProblem();
    if (tooLong) {
      this.post({ type: 'runError', message: tooLong });
      return;
    }
    const stability = stabilityAt(formula, start);
    const isCurrent = (): boolean => this.isLatest(runId) && !this.cancelRequested;
    let lastProgress = 0;

    const runOne = async (runSettings: RunSettings, reportProgress: boolean): Promise<{ run: CompletedRun; checks: DiagnosisChecks | null }> => {
      const record = await simulateInSlices(formula, start, runSettings, {
        isCancelled: () => !isCurrent(),
        sliceMilliseconds: this.options.sliceMilliseconds,
        onProgress: (step, maxSteps) => {
          const now = performance.now();
          if (!reportProgress || !isCurrent() || now - lastProgress < (this.options.progressMilliseconds ?? 100)) return;
          lastProgress = now;
          this.port.post({ type: 'progress', runId, step, maxSteps, unit: 'steps' });
        },
      });
      // The recommendation is checked by more runs, under the CLI's budget of work, so the advice is the CLI's; they
      // run in time slices after the run is shown (finishChecks). Skipped for a run a newer one has replaced, whose
      // words nobody will read, for the comparison's other runs, whose advice the panel does not show, and while a
      // slider is dragged (the settled run that follows is checked). A minibatch run's remedies are whole runs: they
      // are run in slices below, not here.
      const checked = reportProgress && this.isLatest(runId);
      return startCompletedRun(
        formula,
        record,
        runSettings,
        stability,
        checked
          ? {
              budget: { ...checkBudgetFor(formula.variables.length, formula.expressions.builder.size), ...(this.options.checkUpdates === undefined ? {} : { updates: this.options.checkUpdates }) },
              noise: { runRemedies: false },
            }
          : { check: false },
      );
    };

    let current: CompletedRun;
    let checks: DiagnosisChecks | null;
    const compared: { run: ComparedRun; label: string }[] = [];
    try {
      ({ run: current, checks } = await runOne(settings, !live));
      // A noisy run's remedies are run too (in slices, like the run), then it is judged with them and they are
      // drawn beside it: the side-by-side its advice describes. Not while a slider is dragged: the settled run
      // that follows has them.
      const remedies = live ? new Map<RemedyKind, RunSettings>() : this.noiseRemediesOf(current);
      if (remedies.size > 0) {
        const traces = new Map<RemedyKind, RunRecord>();
        for (const [kind, remedySettings] of remedies) {
          if (!isCurrent()) break;
          traces.set(kind, await simulateInSlices(formula, start, remedySettings, { isCancelled: () => !isCurrent(), sliceMilliseconds: this.options.sliceMilliseconds }));
        }
        if (traces.size === remedies.size) {
          current = completeRun(formula, current.record, settings, stability, { noise: { remedyTraces: traces } });
          compared.push(...remediesOf(current, traces, formula.data?.rowCount ?? 1));
        }
      }
      for (const { settings: variant, label } of compare ? this.comparisonOf(compare, settings) : []) {
        if (!isCurrent()) break;
        compared.push({ run: (await runOne(variant, false)).run, label });
      }
    } catch (error) {
      if (!(error instanceof NonFiniteStartError)) throw error;
      if (this.isLatest(runId)) this.post(this.runError(error));
      return;
    }
    // Superseded by a newer run (which posts its own view), or the panel is gone.
    if (!this.isLatest(runId)) return;
    this.lastRun = current;
    this.lastRunId = runId;
    const { origin, lossAxis } = this.state;
    const landscapeKey = `${formula.source}\u0000${this.projection?.join() ?? ''}`;
    const kept = live && this.lastLandscape?.key === landscapeKey ? this.lastLandscape.landscape : undefined;
    const input: RunViewInput = {
      runId,
      formula,
      origin,
      start,
      lossAxis,
      current,
      compared,
      pinned: this.pinned,
      projection: this.projection,
      restore: this.restoreState,
      chartPoints: live ? Math.min(LIVE_CHART_POINTS, this.options.chartPoints ?? LIVE_CHART_POINTS) : this.options.chartPoints,
      phase,
      landscape: kept,
      training: this.state.training?.view ?? null,
    };
    const view = this.postRun(input);
    if (live) return;
    this.lastLandscape = { landscape: view.landscape, key: landscapeKey };
    if (checks !== null) {
      // The run and its verdict are on screen; its advice follows when the checks finish.
      const diagnosis = await this.finishChecks(runId, checks);
      if (diagnosis === null) return;
      current = withChecks(formula, current, diagnosis);
      this.lastRun = current;
      // As shown now (a run pinned meanwhile stays pinned), with the landscape already sampled.
      const shown = this.lastViewInput !== input && this.lastViewInput?.runId === runId ? this.lastViewInput : { ...input, landscape: view.landscape };
      this.postRun({ ...shown, current });
    }
    await this.refreshStaleViews();
  }

  /**
   * The checks behind the advice of run `runId`, in time slices (the editor stays responsive; what they find does not
   * depend on the slices). Null when a newer run replaced it or the panel closed: they are dropped where they paused.
   * After Cancel, what they found so far: they are stopped, and what is left finishes at once, claiming nothing more.
   */
  private async finishChecks(runId: number, checks: DiagnosisChecks): Promise<Diagnosis | null> {
    const finished = await finishInSlices(checks.work, {
      isCancelled: () => !this.isLatest(runId) || this.cancelRequested,
      sliceMilliseconds: this.options.sliceMilliseconds,
    });
    if (!this.isLatest(runId)) return null;
    if (finished !== null) return finished.value;
    checks.stop();
    return finish(checks.work);
  }

  private postRun(input: RunViewInput) {
    const view = runViewOf(input);
    this.lastViewInput = input;
    this.post({ type: 'showRun', view });
    return view;
  }

  /** After a settled run: the sweep and the map the panel shows, made again if they were made for other settings. */
  private async refreshStaleViews(): Promise<void> {
    if (this.sweepShown !== undefined && this.sweepShown !== this.viewKey('learningRate')) await this.sweep();
    if (this.mapShown !== undefined && this.mapShown !== this.viewKey('map')) await this.stabilityMap();
  }

  /**
   * What a sweep or a map depends on: the formula, the start and the settings except those it varies (η for
   * both, and the map's parameter).
   */
  private viewKey(varies: 'learningRate' | 'map'): string {
    const { formula, start, settings } = this.state;
    const optimizer: Record<string, unknown> = { ...settings.optimizer };
    if (varies === 'map') {
      delete optimizer.momentum;
      delete optimizer.beta1;
    }
    return JSON.stringify([formula.source, start, { ...settings, learningRate: 0, optimizer }]);
  }

  /** Sweeps η (log-spaced) with the current optimizer, schedule and step limit, and posts the sweep view. */
  async sweep(): Promise<void> {
    if (this.disposed) return;
    const runId = this.startRun();
    const { formula, start, settings } = this.state;
    const tooLong = this.stepLimitProblem();
    if (tooLong) {
      this.post({ type: 'runError', message: tooLong });
      return;
    }
    let result;
    try {
      result = await sweepLearningRatesInSlices(formula, start, settings, undefined, {
        isCancelled: () => !this.isLatest(runId) || this.cancelRequested,
        onProgress: (done, total) => this.port.post({ type: 'progress', runId, step: done, maxSteps: total, unit: 'runs' }),
        sliceMilliseconds: this.options.sliceMilliseconds,
      });
    } catch (error) {
      if (!(error instanceof NonFiniteStartError)) throw error;
      if (this.isLatest(runId)) this.post(this.runError(error));
      return;
    }
    if (!result || !this.isLatest(runId)) return;
    this.sweepShown = this.viewKey('learningRate');
    const training = this.state.training?.view;
    this.post({ type: 'showSweep', view: { ...sweepViewOf(runId, formula, this.state.origin, start, settings, result), ...(training ? { training } : {}) } });
  }

  /**
   * Why the step limit cannot be run, or undefined: a run in the editor takes at most MAX_STEPS (messages and restored
   * state are checked against it already; a recommendation's longer run stays within it too).
   */
  private stepLimitProblem(): string | undefined {
    const { settings } = this.state;
    if (settings.maxSteps <= MAX_STEPS) return undefined;
    return `The step limit is ${formatCount(settings.maxSteps)}; a run in the editor takes at most ${formatCount(MAX_STEPS)} steps. Lower it with Gradient Descent: Set Step Limit…, or run it with the gd-lab command line.`;
  }

  /** The remedies a minibatch run's judgement asks to run (none for any other run). */
  private noiseRemediesOf(run: CompletedRun): Map<RemedyKind, RunSettings> {
    const { noise, cause, checks } = run.diagnosis;
    if (noise === null || checks.status !== 'skipped') return new Map();
    if (cause === 'noise-floor') return noiseRemedies('noise-floor', run.settings, noise.rows);
    if (cause === 'lr-too-large' || cause === 'lr-too-large-for-batch') return noiseRemedies('diverged', run.settings, noise.rows);
    return new Map();
  }

  /** The runs a comparison draws beside the current one, with their legend words. */
  private comparisonOf(comparison: Comparison, settings: RunSettings): { settings: RunSettings; label: string }[] {
    const rows = this.state.formula.data?.rowCount ?? 1;
    switch (comparison) {
      case 'learning-rates':
        return ([[0.1, 'η÷10'], [10, 'η×10']] as const).map(([factor, word]) => {
          const learningRate = Number((factor === 10 ? settings.learningRate * 10 : settings.learningRate / 10).toPrecision(12));
          return { settings: { ...settings, learningRate }, label: learningRateLabel(word, { ...settings, learningRate }) };
        });
      case 'batch-sizes':
        return comparedBatchSizes(Math.min(settings.batchSize ?? rows, rows), rows).map((batchSize) => ({
          settings: { ...settings, batchSize, shuffle: batchSize < rows && (settings.shuffle ?? true) },
          label: batchWords(batchSize, rows),
        }));
      case 'schedules':
        return [
          { settings: { ...settings, schedule: { kind: 'constant' } }, label: 'constant η' },
          { settings: { ...settings, schedule: { kind: 'cosine', tMax: null, minLr: 0 } }, label: 'cosine annealing of η to 0' },
        ].filter((variant) => variant.settings.schedule.kind !== settings.schedule.kind || (settings.schedule.kind === 'cosine' && settings.schedule.minLr !== 0)) as { settings: RunSettings; label: string }[];
    }
  }

  /**
   * Maps the verdicts over η and the optimizer's second knob (momentum β, Adam's β1) and posts the map. False when
   * the optimizer has no such knob. Runs beside the current run (a newer map replaces this one, not a newer run).
   */
  async stabilityMap(): Promise<boolean> {
    if (this.disposed) return false;
    const { formula, start, settings, origin } = this.state;
    const mapId = ++this.mapSequence;
    // Every cell starts where the run does: nothing to map from a start where the loss is not finite.
    if (!Number.isFinite(formula.value(start))) return false;
    const stability: Stability = stabilityAt(formula, start);
    const axes = stabilityMapAxes(settings, stability);
    if (!axes) return false;
    const runner = this.options.stabilityMapRunner ?? runStabilityMapHere;
    const cells = await runner({ formula, start, settings, stability, axes, isCancelled: () => mapId !== this.mapSequence || this.disposed });
    if (!cells || mapId !== this.mapSequence || this.disposed) return true;
    this.mapShown = this.viewKey('map');
    this.post({
      type: 'showStabilityMap',
      view: {
        runId: this.runSequence,
        formula: formulaViewOf(formula, origin),
        start: [...start],
        settings,
        parameter: axes.parameter,
        learningRates: [...axes.learningRates],
        values: [...axes.values],
        cells: cells.map((cell) => ({ verdict: cell.verdict, convergedAt: cell.convergedAt, category: mapCategory(cell) })),
        bound: stabilityBound(settings, stability, axes),
      },
    }, false);
    return true;
  }

  /** The run cannot start here: what is not finite at the start point, and what to do about it. */
  private runError(error: NonFiniteStartError): HostMessage {
    const { formula, start, origin } = this.state;
    const point = formula.variables.map((name, i) => `${name} = ${start[i]}`).join(', ');
    const what = Number.isFinite(error.loss) ? `the gradient is not finite (its norm is ${error.gradientNorm})` : `the loss is ${error.loss}`;
    return {
      type: 'runError',
      message: `At the start point (${point}) ${what}, so gradient descent cannot start. Choose another start point.`,
      formula: formulaViewOf(formula, origin),
      start: [...start],
    };
  }

  private startRun(): number {
    this.cancelRequested = false;
    return ++this.runSequence;
  }

  private isLatest(runId: number): boolean {
    return runId === this.runSequence && !this.disposed;
  }

  /** Posts a message; `remember` keeps it as the view the page gets again when it reloads. */
  private post(message: HostMessage, remember = true): void {
    if (remember) this.lastMessage = message;
    this.port.post(message);
  }
}

/** The pieces, then a line break. */
function* withNewline(pieces: Iterable<string>): Generator<string> {
  yield* pieces;
  yield '\n';
}

/** "a formula of 2 variables". */
function variablesOf(count: number): string {
  return `a formula of ${count} variable${count === 1 ? '' : 's'}`;
}

/**
 * The batch sizes drawn beside a run of `batchSize`: the full batch and two others — the run's own and a quarter
 * of it when it is a minibatch, else a sixteenth and a quarter of the data (powers of two, at least 1).
 */
export function comparedBatchSizes(batchSize: number, rows: number): number[] {
  const powerBelow = (n: number): number => 2 ** Math.floor(Math.log2(Math.max(1, n)));
  const sizes = batchSize < rows ? [rows, Math.max(1, Math.floor(batchSize / 4))] : [powerBelow(rows / 4), powerBelow(rows / 16)];
  return [...new Set(sizes.filter((size) => size !== batchSize && size >= 1))];
}

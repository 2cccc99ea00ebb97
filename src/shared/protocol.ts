/**
 * The one message protocol between the extension host and the simulation panel (webview).
 * Both sides import this file; the host validates every message from the webview with
 * `parseWebviewMessage` before acting on it, and the webview checks host messages with `isHostMessage`.
 *
 * Numbers crossing this boundary are always finite: the host never sends NaN or Infinity
 * (a diverged run is cut at its last finite state).
 */
import type { Cause } from '../core/optim/diagnosis';
import {
  FRAMEWORKS,
  OPTIMIZER_KINDS,
  SCHEDULE_KINDS,
  type MapCategory,
  type MapParameter,
  type Framework,
  type OptimizerKind,
  type RunSettings,
  type ScheduleKind,
  type Stability,
  type StopReason,
  type SweepPoint,
  type Verdict,
} from '../core/optim/types';
import type { Landscape } from '../core/landscape';
import { MAX_STEPS } from '../core/optim/stepLimits';

export type LossScale = 'log' | 'linear';

// ─── Views: what the host sends for the panel to draw ────────────────────────────────────────────

/** A (possibly downsampled) run, ready to chart: parallel arrays indexed by kept point. */
export interface TracePoints {
  /** Step index of each kept point (0 = start); increasing. */
  step: number[];
  loss: number[];
  /** η used by the update that led to the point (for step 0: the η of the first update). */
  learningRate: number[];
  /** Parameter vector at each kept point, in the formula's variable order. */
  params: number[][];
}

export type SeriesRole = 'current' | 'pinned' | 'compare';

/** One curve on the charts: the current run, a pinned run, or one of a comparison. */
export interface SeriesView {
  /** Stable identity across updates, for colors and legend toggles. */
  key: string;
  /** What the legend says, e.g. "η = 0.1 · Adam". */
  label: string;
  role: SeriesRole;
  learningRate: number;
  optimizer: OptimizerKind;
  verdict: Verdict;
  /** The step this run diverged at (its loss ran away, or the update that overflowed); null unless it diverged. */
  divergedAt: number | null;
  points: TracePoints;
  /**
   * For a run of minibatches: the loss of the batch each update used, at the update's step (step t: the batch
   * of update t, before it), downsampled like `points` but keeping the batch loss's own extremes.
   */
  batchLoss?: { step: number[]; loss: number[] };
}

/** A loss over data: its rows, how they are dealt to the updates, and what the loss on all of them says. */
export interface MinibatchView {
  rows: number;
  /** Rows per update (as many as `rows` for the full batch). */
  batchSize: number;
  shuffle: boolean;
  seed: number;
  batchesPerEpoch: number;
  /** The full-data loss's best value (Newton's method) and the run's floor, for a minibatch run; else null. */
  bestLoss: number | null;
  floor: number | null;
  /** How far above the best value counts as converged. */
  tolerance: number | null;
}

/** The diagnosis as the panel shows it: the verdict and its cause, worded by the host (src/words). */
export interface DiagnosisView {
  verdict: Verdict;
  cause: Cause;
  convergedAt: number | null;
  divergedAt: number | null;
  /** Updates whose direction reversed the previous one. */
  directionFlips: number;
  /** One line: "Converged at step 24", "Diverged at step 3". */
  headline: string;
  /** What happened, why, and what to change, with what running the change gave. */
  advice: string;
  /** The rule of thumb and what running it gave ("a flat curve → η × 10. Checked: …"), or null. */
  ruleOfThumb: string | null;
  /** The recommendation as one click, checked; null when there is nothing to change. */
  recommendation: RecommendationView | null;
  /** The facts behind the advice, worded: the critical η met, a lower minimum, the runs the checks made. */
  facts: FactView[];
  /**
   * The η beyond which this run's optimizer is unstable, from the largest curvature met along the path: 2/L for
   * gradient descent, 2(1+β)/L for momentum; null for the adaptive optimizers, which scale each step and have no
   * such limit.
   */
  criticalLearningRate: number | null;
  /** The same from the curvature at the start alone. */
  criticalLearningRateAtStart: number | null;
}

/** A checked change, as a button: "Use η = 0.3: converges in 16 steps". */
export interface RecommendationView {
  label: string;
  /** What the click changes (absent: unchanged). */
  learningRate?: number;
  maxSteps?: number;
  optimizer?: OptimizerKind;
  start?: number[];
  /** For a minibatch run's remedies: another schedule, another batch size (null: the full batch). */
  schedule?: ScheduleKind;
  batchSize?: number | null;
}

/** A fact: "Critical η" — "2/L = 1 (L = 2, the largest curvature met along the path)". */
export interface FactView {
  term: string;
  value: string;
}

/** The loss surface around the path, sampled by the host (the webview never evaluates the formula). */
export type LandscapeView = Landscape;

export interface FormulaView {
  /** The text as selected. */
  source: string;
  /** The formula re-printed in plain math, e.g. "(w - 3)^2 + 0.5*b^2". */
  display: string;
  variables: string[];
  /** Where it came from, for the panel title ("loss.py:12"), when known. */
  origin: string | null;
}

/** What the panel needs to come back after being hidden or after VS Code restarts. */
export interface PanelRestoreState {
  documentUri: string | null;
  formulaSource: string;
  start: number[];
  settings: RunSettings;
  /** The training-code optimizer the run simulates, when it came from one (optional: older states have none). */
  training?: TrainingLink | null;
}

/**
 * A run of an optimizer line of a training script: where the line is, and the values the user gave for what the
 * file leaves unknown (by argument name), so that "Use η in code" can find and rewrite it.
 */
export interface TrainingLink {
  documentUri: string;
  /** 1-based line of the optimizer construction. */
  line: number;
  answers: [string, number][];
}

/** What the panel shows about the training-code optimizer a run simulates. */
export interface TrainingView {
  /** "train.py:9". */
  origin: string;
  /** "AdamW(lr=0.0003, weight_decay=0.05)". */
  call: string;
  framework: Framework;
  /** The schedule's name in the code ("OneCycleLR"), or null. */
  schedule: string | null;
  /** The learning rate is written in the file, so "Use η in code" can change it. */
  writable: boolean;
}

/**
 * The part of what the page keeps with setState that the host reads back: VS Code hands it to the
 * WebviewPanelSerializer after a restart.
 */
export interface PersistedPanelState {
  version: 1;
  restore: PanelRestoreState | null;
}

/**
 * How a run was made: 'live' while a slider or the start point is being dragged (a quick run: the last landscape,
 * no checks of the advice's numbers, fewer chart points), 'settled' otherwise (the full run).
 */
export type RunPhase = 'live' | 'settled';

export interface RunView {
  /** Increases with each run; the webview drops progress for older runs. */
  runId: number;
  phase: RunPhase;
  formula: FormulaView;
  start: number[];
  settings: RunSettings;
  /** Loss axis the panel should start with (the user can switch it). */
  lossScale: LossScale;
  /** series[0] is the current run; the rest are pinned or compared runs. */
  series: SeriesView[];
  /** Steps at which the current run's loss went up (the first MAX_MARKED_STEPS of them). */
  overshootSteps: number[];
  /** How many steps the loss went up on in all (overshootSteps may be capped). */
  overshootCount: number;
  diagnosis: DiagnosisView;
  stability: Stability;
  final: { step: number; params: number[]; loss: number };
  stop: StopReason;
  /** False when the schedule changes η over the run, so the panel shows the η chart. */
  constantLearningRate: boolean;
  landscape: LandscapeView | null;
  restore: PanelRestoreState;
  /** For a loss over data; absent for a formula of numbers. */
  minibatch?: MinibatchView;
  /** The training-code optimizer this run simulates (absent or null for a run one set up in the panel). */
  training?: TrainingView | null;
}

export interface SweepView {
  runId: number;
  formula: FormulaView;
  /** Where every run of the sweep started. */
  start: number[];
  settings: RunSettings;
  points: SweepPoint[];
  suggestedLearningRate: number | null;
  /** Plain gradient descent's view of the curvature at the start (its 2/L), whatever optimizer the sweep ran. */
  stability: Stability;
  /**
   * The critical η of the sweep's optimizer (`settings.optimizer`), from the core: 2/L for gradient descent
   * (2/(L + weight decay) with weight decay, which gives a limit even where 2/L has none), 2(1+β)/L for momentum;
   * null for the adaptive optimizers, which scale each step and have no such limit, and when nothing curves.
   */
  criticalLearningRate: number | null;
  /** The training-code optimizer swept (absent or null otherwise). */
  training?: TrainingView | null;
}

/** The η (and momentum) schedule of a training-code optimizer over its steps, with no loss: "Plot schedule". */
export interface ScheduleView {
  /** "OneCycleLR · train.py:10". */
  title: string;
  /** "AdamW(lr=0.0003) with OneCycleLR(max_lr=0.1, total_steps=10000)". */
  description: string;
  framework: Framework;
  /** The updates charted (downsampled for long schedules, extremes kept), 1-based. */
  steps: number[];
  /** η of each charted update. */
  learningRates: number[];
  /** The momentum (or Adam's β1) of each charted update when the schedule cycles it, else null. */
  momenta: number[] | null;
  /** How many updates the schedule spans. */
  totalSteps: number;
}

/** One cell of a stability map: the verdict of the run at that η and parameter value. */
export interface MapCellView {
  verdict: Verdict;
  convergedAt: number | null;
  /** How the map colours it: converged (fast), slow, oscillating, diverged or stationary. */
  category: MapCategory;
}

/** Verdicts over a grid of η and the optimizer's second knob (momentum β, or Adam's β1). */
export interface StabilityMapView {
  runId: number;
  formula: FormulaView;
  start: number[];
  /** The settings the map was made with; each cell changes η and `parameter`. */
  settings: RunSettings;
  parameter: MapParameter;
  /** Columns: η, log-spaced, increasing. */
  learningRates: number[];
  /** Rows: the parameter's values, increasing. */
  values: number[];
  /** Row-major: cells[row * learningRates.length + column]. */
  cells: MapCellView[];
  /**
   * The analytic edge of stability for each row's β (2(1 + β)/L for momentum, Nesterov's bound), null where the
   * curvature gives none; null altogether for the adaptive optimizers.
   */
  bound: (number | null)[] | null;
}

export const MAX_MARKED_STEPS = 2000;

// ─── Host → webview ─────────────────────────────────────────────────────────────────────────────

/** Draw this run (replaces whatever was shown). */
export interface ShowRunMessage {
  type: 'showRun';
  view: RunView;
}

/** Draw this learning-rate sweep. */
export interface ShowSweepMessage {
  type: 'showSweep';
  view: SweepView;
}

/** A long run (or sweep) is under way: `step` of `maxSteps` done. */
export interface ProgressMessage {
  type: 'progress';
  runId: number;
  step: number;
  maxSteps: number;
  /** What `step` counts: optimizer steps of one run, or the runs of a sweep. */
  unit: 'steps' | 'runs';
}

/** The formula (after an edit, say) cannot be read; the panel keeps its last chart and shows why. */
export interface FormulaErrorMessage {
  type: 'formulaError';
  message: string;
  line: number;
  column: number;
  /** The selection, in which `line` counts; or, with `lineOnly`, just the line `line` of the document. */
  source: string;
  lineOnly?: boolean;
}

/** The run cannot start (the loss or its gradient is not finite at the start point); the panel keeps its last chart. */
export interface RunErrorMessage {
  type: 'runError';
  message: string;
  /** The formula and start that could not run, so a panel with no run yet can still say which formula it is. */
  formula?: FormulaView;
  start?: number[];
}

/** Draw this stability map. */
export interface ShowStabilityMapMessage {
  type: 'showStabilityMap';
  view: StabilityMapView;
}

/** Draw this schedule on its own (a "Plot schedule" panel). */
export interface ShowScheduleMessage {
  type: 'showSchedule';
  view: ScheduleView;
}

export type HostMessage =
  | ShowRunMessage
  | ShowSweepMessage
  | ShowStabilityMapMessage
  | ShowScheduleMessage
  | ProgressMessage
  | FormulaErrorMessage
  | RunErrorMessage;

// ─── Webview → host (intents; the host decides and answers with a new view) ──────────────────────

/** What the panel's sliders set: η, and the optimizer's momentum β or Adam's β1 and β2. */
export const SLIDER_SETTINGS = ['learningRate', 'momentum', 'beta1', 'beta2'] as const;
export type SliderSetting = (typeof SLIDER_SETTINGS)[number];

export type WebviewMessage =
  /** The page has loaded and wants its view. */
  | { type: 'ready' }
  | { type: 'setLearningRate'; learningRate: number }
  | { type: 'scaleLearningRate'; factor: 10 | 0.1 }
  | { type: 'setOptimizer'; optimizer: OptimizerKind }
  | { type: 'setSchedule'; schedule: ScheduleKind }
  | { type: 'setMaxSteps'; maxSteps: number }
  | { type: 'rerun' }
  | { type: 'cancel' }
  /** Run η/10, η and 10η together. */
  | { type: 'compareLearningRates' }
  /** Keep the current run on the charts while later runs are drawn. */
  | { type: 'pinRun' }
  | { type: 'clearPinned' }
  | { type: 'sweep' }
  /** Simulate at this η (a click on a sweep point). */
  | { type: 'simulateLearningRate'; learningRate: number }
  /** Show these two variables on the landscape (formulas of more than two variables). */
  | { type: 'setProjection'; x: number; y: number }
  /** For a loss over data: rows per update (null: the full batch), shuffling, and the shuffle's seed. */
  | { type: 'setMinibatch'; batchSize: number | null; shuffle: boolean; seed: number }
  /** Run the full batch and two batch sizes together. */
  | { type: 'compareBatchSizes' }
  /** Run a constant η and cosine annealing to 0 together, on the same data and seed. */
  | { type: 'compareSchedules' }
  | { type: 'exportData'; format: 'csv' | 'json' }
  /** The chart as a PNG data URL, to be saved by the host. */
  | { type: 'exportImage'; dataUrl: string }
  /** Apply the recommendation of run `runId` (the verdict's button), if that run is still the one shown. */
  | { type: 'applyRecommendation'; runId: number }
  /**
   * A slider moved. 'live' while it is dragged (answered with a quick run), 'settled' when the drag ends or
   * pauses (the full run, with the landscape, the advice's checks and a stale sweep or map made again).
   */
  | { type: 'adjustSetting'; setting: SliderSetting; value: number; phase: RunPhase }
  /** A new start point, clicked or dragged on the landscape; phases as for a slider. */
  | { type: 'setStart'; start: number[]; phase: RunPhase }
  /** Map the verdicts over η and the optimizer's second knob. */
  | { type: 'stabilityMap' }
  /** Run the setting of a stability map's cell. */
  | { type: 'simulateMapCell'; learningRate: number; parameter: MapParameter; value: number }
  /** Ask for a start point in VS Code's input box (the panel's "Set Start Point…" button). */
  | { type: 'askStartPoint' }
  /** Write this η into the training code the run came from (the user clicked "Use η = … in code"). */
  | { type: 'useLearningRateInCode'; learningRate: number };

export type WebviewMessageType = WebviewMessage['type'];

/** Limits the host enforces on values coming from the webview. */
export const LIMITS = {
  maxLearningRate: 1e6,
  /** The most steps of a run in the editor, whatever the formula (a run's memory does not grow with its length). */
  maxSteps: MAX_STEPS,
  /** A PNG of the panel's chart is far below this; anything larger is refused. */
  maxImageBytes: 20 * 1024 * 1024,
  /** More rows per batch than this is more than the lab reads as data. */
  maxBatchSize: 2_000_000,
  /** More variables than any formula the panel can draw. */
  maxVariables: 10_000,
  /** A start value clicked on a landscape is finite and far inside the float range. */
  maxStartMagnitude: 1e300,
} as const;

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isPositiveFinite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0;

// Field checks shared by live messages (parseWebviewMessage) and saved panel state (panelState.ts), so a value
// restored after a reload passes exactly the checks it would pass if the panel sent it.

/** An η the host accepts: finite, > 0, at most LIMITS.maxLearningRate. */
export const isLearningRate = (value: unknown): value is number => isPositiveFinite(value) && value <= LIMITS.maxLearningRate;

/** A step limit the panel accepts: a whole number from 1 to LIMITS.maxSteps. */
export const isStepLimit = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= LIMITS.maxSteps;

export const isOptimizerKind = (value: unknown): value is OptimizerKind => (OPTIMIZER_KINDS as readonly unknown[]).includes(value);

export const isScheduleKind = (value: unknown): value is ScheduleKind => (SCHEDULE_KINDS as readonly unknown[]).includes(value);

const isIndex = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 10_000;

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

const isPhase = (value: unknown): value is RunPhase => value === 'live' || value === 'settled';

/** η in (0, max]; β, β1 and β2 in [0, 1), as torch.optim accepts them. */
function isSliderValue(setting: unknown, value: unknown): setting is SliderSetting {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  switch (setting) {
    case 'learningRate':
      return value > 0 && value <= LIMITS.maxLearningRate;
    case 'momentum':
    case 'beta1':
    case 'beta2':
      return value >= 0 && value < 1;
    default:
      return false;
  }
}

/**
 * Returns the message if it is one the webview may send, with values in range; otherwise undefined.
 * Extra properties are dropped so nothing unchecked travels further.
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!isRecord(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'rerun':
    case 'cancel':
    case 'compareLearningRates':
    case 'pinRun':
    case 'clearPinned':
    case 'sweep':
    case 'compareBatchSizes':
    case 'compareSchedules':
    case 'stabilityMap':
    case 'askStartPoint':
      return { type: raw.type };
    case 'setMinibatch': {
      const batchOk = raw.batchSize === null || (typeof raw.batchSize === 'number' && Number.isInteger(raw.batchSize) && raw.batchSize >= 1 && raw.batchSize <= LIMITS.maxBatchSize);
      const seedOk = typeof raw.seed === 'number' && Number.isSafeInteger(raw.seed) && raw.seed >= 0;
      return batchOk && seedOk && typeof raw.shuffle === 'boolean'
        ? { type: raw.type, batchSize: raw.batchSize as number | null, shuffle: raw.shuffle, seed: raw.seed as number }
        : undefined;
    }
    case 'setLearningRate':
    case 'simulateLearningRate':
    case 'useLearningRateInCode':
      return isLearningRate(raw.learningRate) ? { type: raw.type, learningRate: raw.learningRate } : undefined;
    case 'scaleLearningRate':
      return raw.factor === 10 || raw.factor === 0.1 ? { type: raw.type, factor: raw.factor } : undefined;
    case 'setOptimizer':
      return isOptimizerKind(raw.optimizer) ? { type: raw.type, optimizer: raw.optimizer } : undefined;
    case 'setSchedule':
      return isScheduleKind(raw.schedule) ? { type: raw.type, schedule: raw.schedule } : undefined;
    case 'setMaxSteps':
      return isStepLimit(raw.maxSteps) ? { type: raw.type, maxSteps: raw.maxSteps } : undefined;
    case 'setProjection':
      return isIndex(raw.x) && isIndex(raw.y) && raw.x !== raw.y ? { type: raw.type, x: raw.x, y: raw.y } : undefined;
    case 'exportData':
      return raw.format === 'csv' || raw.format === 'json' ? { type: raw.type, format: raw.format } : undefined;
    case 'applyRecommendation':
      return typeof raw.runId === 'number' && Number.isSafeInteger(raw.runId) && raw.runId >= 0 ? { type: raw.type, runId: raw.runId } : undefined;
    case 'exportImage':
      return typeof raw.dataUrl === 'string' &&
        raw.dataUrl.length <= LIMITS.maxImageBytes &&
        PNG_DATA_URL.test(raw.dataUrl)
        ? { type: raw.type, dataUrl: raw.dataUrl }
        : undefined;
    case 'adjustSetting':
      return isPhase(raw.phase) && isSliderValue(raw.setting, raw.value)
        ? { type: raw.type, setting: raw.setting, value: raw.value as number, phase: raw.phase }
        : undefined;
    case 'setStart':
      return isPhase(raw.phase) &&
        Array.isArray(raw.start) &&
        raw.start.length >= 1 &&
        raw.start.length <= LIMITS.maxVariables &&
        raw.start.every((value) => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= LIMITS.maxStartMagnitude)
        ? { type: raw.type, start: raw.start.slice() as number[], phase: raw.phase }
        : undefined;
    case 'simulateMapCell':
      return isPositiveFinite(raw.learningRate) &&
        raw.learningRate <= LIMITS.maxLearningRate &&
        (raw.parameter === 'momentum' || raw.parameter === 'beta1') &&
        isSliderValue(raw.parameter, raw.value)
        ? { type: raw.type, learningRate: raw.learningRate, parameter: raw.parameter as MapParameter, value: raw.value as number }
        : undefined;
    default:
      return undefined;
  }
}

const HOST_MESSAGE_TYPES: readonly HostMessage['type'][] = ['showRun', 'showSweep', 'showStabilityMap', 'showSchedule', 'progress', 'formulaError', 'runError'];

/** A training link read back from saved state (restored after a reload), or null when it is not one. */
export function parseTrainingLink(raw: unknown): TrainingLink | null {
  if (!isRecord(raw) || typeof raw.documentUri !== 'string' || !Number.isInteger(raw.line) || (raw.line as number) < 1 || !Array.isArray(raw.answers)) return null;
  const answers: [string, number][] = [];
  for (const answer of raw.answers) {
    if (!Array.isArray(answer) || answer.length !== 2 || typeof answer[0] !== 'string' || typeof answer[1] !== 'number' || !Number.isFinite(answer[1])) return null;
    answers.push([answer[0], answer[1]]);
  }
  return { documentUri: raw.documentUri, line: raw.line as number, answers };
}

/** True for one of the frameworks whose semantics the core follows. */
export function isFramework(value: unknown): value is Framework {
  return (FRAMEWORKS as readonly unknown[]).includes(value);
}

/** A cheap shape check on the webview side: the host is trusted, but a stray message must not break the page. */
export function isHostMessage(raw: unknown): raw is HostMessage {
  return isRecord(raw) && (HOST_MESSAGE_TYPES as readonly unknown[]).includes(raw.type);
}

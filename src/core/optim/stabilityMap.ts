/**
 * A stability map: the same run over a grid of two settings, η and the optimizer's second knob (momentum β for
 * momentum and Nesterov, β1 for Adam and AdamW), each cell read by the diagnosis. Distill's "Why Momentum Really
 * Works" draws it for a quadratic; here it is made for any formula by running every cell.
 *
 * Every cell is a real run read by the diagnosis's own measures and verdict (`runVerdict`: `measureRun`, `judge`,
 * and for a minibatch run the judgement on all the data), as the sweep reads its runs: the map and the verdict line
 * never disagree. The map colours verdicts only, so the rest of the
 * diagnosis — the search behind a recommendation, which runs more runs per cell — is not run. Rows can be run in any order and in parts (`runStabilityRows`),
 * which is how the extension host spreads a map over worker threads.
 */
import type { Objective } from '../objective';
import { bestValueFrom, logSpace, runVerdict } from './sweep';
import { Simulation } from './simulate';
import { runInSlices, type SliceOptions } from './slicing';
import { criticalLearningRateFor } from './stability';
import { type MapCategory, type MapParameter, type OptimizerKind, type OptimizerSettings, type RunSettings, type Stability, type Verdict } from './types';

export type { MapCategory, MapParameter } from './types';


/** Which knob a map of this optimizer varies beside η, or null when it has none worth a map. */
export function mapParameterOf(kind: OptimizerKind): MapParameter | null {
  switch (kind) {
    case 'momentum':
    case 'nesterov':
      return 'momentum';
    case 'adam':
    case 'adamw':
      return 'beta1';
    default:
      return null;
  }
}

export interface StabilityMapAxes {
  readonly parameter: MapParameter;
  /** Columns: η, log-spaced, increasing. */
  readonly learningRates: readonly number[];
  /** Rows: the parameter, increasing. */
  readonly values: readonly number[];
}

/** One run of the grid, as the map draws it. */
export interface MapCell {
  readonly verdict: Verdict;
  /** Where the gradient came within the tolerance, or null. */
  readonly convergedAt: number | null;
}

export interface StabilityMapSize {
  readonly columns: number;
  readonly rows: number;
}

export const DEFAULT_MAP_SIZE: StabilityMapSize = { columns: 40, rows: 20 };

/**
 * The grid's axes. η spans whole decades from 1,000 times below plain gradient descent's critical η 2/L to ten
 * times above it (momentum's limit 2(1 + β)/L lies between 2/L and 4/L, so the edge runs through the map); the
 * adaptive optimizers, whose η is a step length the curvature does not bound, get 1e−4 … 10. Either range widens
 * to hold the current η. The parameter runs in equal steps of 0.05 from 0 (Nesterov, which needs β > 0, from 0.05).
 */
export function stabilityMapAxes(settings: RunSettings, stability: Stability, size: StabilityMapSize = DEFAULT_MAP_SIZE): StabilityMapAxes | null {
  const parameter = mapParameterOf(settings.optimizer.kind);
  if (parameter === null) return null;
  const critical = parameter === 'momentum' ? stability.criticalLearningRate : null;
  let low = critical !== null ? Math.floor(Math.log10(critical) - 3 + 1e-9) : -4;
  let high = critical !== null ? Math.ceil(Math.log10(critical) + 1 - 1e-9) : 1;
  const current = settings.learningRate;
  low = Math.min(low, Math.floor(Math.log10(current) + 1e-9));
  high = Math.max(high, Math.ceil(Math.log10(current) - 1e-9));
  const learningRates = logSpace(Number(`1e${low}`), Number(`1e${high}`), size.columns);
  const first = settings.optimizer.kind === 'nesterov' ? 1 : 0;
  const values = Array.from({ length: size.rows - first }, (_, j) => Number(((j + first) * 0.05).toFixed(2)));
  return { parameter, learningRates, values };
}

/** The optimizer with its map parameter set to `value`. */
export function withMapParameter(optimizer: OptimizerSettings, parameter: MapParameter, value: number): OptimizerSettings {
  if (parameter === 'momentum' && (optimizer.kind === 'momentum' || optimizer.kind === 'nesterov')) return { ...optimizer, momentum: value };
  if (parameter === 'beta1' && (optimizer.kind === 'adam' || optimizer.kind === 'adamw')) return { ...optimizer, beta1: value };
  throw new RangeError(`${optimizer.kind} has no ${parameter} to map`);
}

/** The current value of the map parameter of these settings. */
export function mapParameterValue(optimizer: OptimizerSettings, parameter: MapParameter): number | null {
  if (parameter === 'momentum' && (optimizer.kind === 'momentum' || optimizer.kind === 'nesterov')) return optimizer.momentum;
  if (parameter === 'beta1' && (optimizer.kind === 'adam' || optimizer.kind === 'adamw')) return optimizer.beta1;
  return null;
}

/** The settings of one cell: η and the parameter set, everything else as in `settings`. */
export function cellSettings(settings: RunSettings, parameter: MapParameter, learningRate: number, value: number): RunSettings {
  return { ...settings, learningRate, optimizer: withMapParameter(settings.optimizer, parameter, value) };
}


/**
 * Runs one cell and reads its verdict. `best` is a loss over data's best value, which a minibatch cell is judged
 * against (found once per map: bestValueFrom).
 */
export function runMapCell(objective: Objective, start: ArrayLike<number>, settings: RunSettings, stability: Stability, best = bestValueFrom(objective, start)): MapCell {
  const simulation = new Simulation(objective, start, settings, { series: false });
  while (!simulation.done) simulation.advance(Number.MAX_SAFE_INTEGER);
  return cellOf(simulation, objective, settings, stability, best);
}

function cellOf(simulation: Simulation, objective: Objective, settings: RunSettings, stability: Stability, best: () => number): MapCell {
  // As the sweep reads its runs: no curvature beyond the start's (the same for every cell), a minibatch run on all
  // the data against the best value.
  return runVerdict(simulation.record(), objective, settings, stability, best);
}

/** The cells of the given rows, in the order given, each row in η order. */
export function runStabilityRows(
  objective: Objective,
  start: ArrayLike<number>,
  settings: RunSettings,
  stability: Stability,
  axes: StabilityMapAxes,
  rows: readonly number[],
): MapCell[] {
  const cells: MapCell[] = [];
  const best = bestValueFrom(objective, start);
  for (const row of rows) {
    for (const learningRate of axes.learningRates) {
      cells.push(runMapCell(objective, start, cellSettings(settings, axes.parameter, learningRate, axes.values[row]!), stability, best));
    }
  }
  return cells;
}

/**
 * The whole grid in time slices (for a host without worker threads): yields to the event loop between slices,
 * reports progress in cells. Null when cancelled.
 */
export async function runStabilityMapInSlices(
  objective: Objective,
  start: ArrayLike<number>,
  settings: RunSettings,
  stability: Stability,
  axes: StabilityMapAxes,
  options: SliceOptions = {},
): Promise<MapCell[] | null> {
  const columns = axes.learningRates.length;
  const total = columns * axes.values.length;
  const cells: MapCell[] = [];
  const settingsOf = (index: number): RunSettings =>
    cellSettings(settings, axes.parameter, axes.learningRates[index % columns]!, axes.values[Math.floor(index / columns)]!);
  let current = settingsOf(0);
  let simulation = new Simulation(objective, start, current, { series: false });
  const best = bestValueFrom(objective, start);
  const work = {
    get done(): boolean {
      return cells.length === total;
    },
    advance(updates: number): void {
      simulation.advance(updates);
      if (!simulation.done) return;
      cells.push(cellOf(simulation, objective, current, stability, best));
      if (cells.length < total) {
        current = settingsOf(cells.length);
        simulation = new Simulation(objective, start, current, { series: false });
      }
    },
  };
  const finished = await runInSlices(work, options, () => options.onProgress?.(cells.length, total));
  return finished ? cells : null;
}

/**
 * The analytic edge of stability per row, where the curvature gives one: 2(1 + β)/L for momentum,
 * 2(1 + β)/((1 + 2β)L) for Nesterov (criticalLearningRateFor with that row's β). Null for the adaptive
 * optimizers, whose η the curvature does not bound, and where nothing curves.
 */
export function stabilityBound(settings: RunSettings, stability: Stability, axes: StabilityMapAxes): (number | null)[] | null {
  if (axes.parameter !== 'momentum') return null;
  const largest = stability.eigenvalues.length === 0 ? Number.NEGATIVE_INFINITY : stability.lipschitz;
  const bound = axes.values.map((value) => criticalLearningRateFor(withMapParameter(settings.optimizer, 'momentum', value), largest));
  return bound.some((value) => value !== null) ? bound : null;
}

/** How the map colours a cell: by verdict, with a run that converged told apart from one still on its way. */
export function mapCategory(cell: MapCell): MapCategory {
  switch (cell.verdict) {
    case 'converged':
      return 'fast';
    case 'needs-more-steps':
    case 'too-slow':
      return 'slow';
    case 'oscillating':
      return 'oscillating';
    case 'diverged':
      return 'diverged';
    case 'stationary':
      return 'stationary';
  }
}

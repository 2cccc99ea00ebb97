/**
 * The views the panel tests draw, made by the real thing: the formula engine reads each formula, the optimizer
 * core runs it, and the host's own view builders (src/extension/session/views.ts) shape what is posted.
 *
 *   quadraticRun(0.2)   x², converges (smooth)
 *   quadraticRun(0.9)   x², oscillates across the minimum but settles
 *   quadraticRun(1.1)   x², diverges (η above 2/L = 1)
 *   rosenbrockRun()     Rosenbrock from (−1.2, 1): contour landscape, a slow descent along the valley
 *   threeVariableRun()  three variables: contour over the two that moved most, projection picker
 *   comparisonRun()     x² at η/10, η and 10η
 *   quadraticSweep()    η from 1e−3 to 10 on x² (gradient descent, or the optimizer given)
 *   minibatchRun()      linear regression over 40 rows written out in Python, batches of 4: a noise floor with its
 *                       remedies drawn beside it
 *   liveRuns(η…)        10,000-step runs of the Rosenbrock function as a dragged slider gets them (phase 'live')
 *   stabilityMap()      the verdicts over η × momentum β on x² (or η × β1 for Adam)
 */
import { compileFormula } from '../../src/core/formula';
import { minibatchFormula } from '../support/dataFormulas';
import {
  defaultOptimizerSettings,
  defaultRunSettings,
  defaultScheduleSettings,
  mapCategory,
  runStabilityRows,
  stabilityAt,
  stabilityBound,
  stabilityMapAxes,
  sweepLearningRates,
  type OptimizerKind,
  type RunSettings,
  type ScheduleKind,
} from '../../src/core/optim';
import { LIVE_CHART_POINTS } from '../../src/extension/session/session';
import { formulaViewOf, learningRateLabel, runSynchronously, runViewOf, runWithRemediesSynchronously, sweepViewOf } from '../../src/extension/session/views';
import type { RunView, SeriesRole, StabilityMapView, SweepView } from '../../src/shared/protocol';

export const QUADRATIC = 'loss = x**2';
export const ROSENBROCK = 'loss = (1 - x)**2 + 100*(y - x**2)**2';
export const THREE_VARIABLES = 'loss = (w - 3)**2 + 0.5*b**2 + 4*(c + 1)**2';

interface RunOptions {
  /** The formula as selected. */
  problem: string;
  start: number[];
  learningRate: number;
  maxSteps: number;
  schedule?: ScheduleKind;
  /** Gradient descent unless given. */
  optimizer?: OptimizerKind;
  /** Other runs on the charts (pinned or compared). */
  others?: { learningRate: number; role: SeriesRole }[];
  runId?: number;
  origin?: string | null;
}

function settingsOf(learningRate: number, maxSteps: number, schedule: ScheduleKind, optimizer: OptimizerKind = 'gd'): RunSettings {
  return { ...defaultRunSettings(), learningRate, maxSteps, schedule: defaultScheduleSettings(schedule, maxSteps), optimizer: defaultOptimizerSettings(optimizer) };
}

export function runView(options: RunOptions): RunView {
  const { problem, start, learningRate, maxSteps, schedule = 'constant', optimizer = 'gd', others = [], runId = 1 } = options;
  const formula = compileFormula(problem);
  const settings = settingsOf(learningRate, maxSteps, schedule, optimizer);
  const current = runSynchronously(formula, start, settings);
  const otherRuns = others.map((other) => ({ ...other, run: runSynchronously(formula, start, { ...settings, learningRate: other.learningRate }) }));
  const pinned = otherRuns
    .filter((other) => other.role === 'pinned')
    .map((other, i) => ({
      ...runViewOf({ runId, formula, origin: null, start, lossAxis: 'auto', current: other.run, restore: restoreOf(problem, start, settings) }).series[0],
      key: `pinned-${i}`,
      role: 'pinned' as const,
    }));
  return runViewOf({
    runId,
    formula,
    origin: options.origin === undefined ? 'train.py:12' : options.origin,
    start,
    lossAxis: 'auto',
    current,
    compared: otherRuns
      .filter((other) => other.role === 'compare')
      .map((other) => ({ run: other.run, label: learningRateLabel(other.learningRate < learningRate ? 'η÷10' : 'η×10', other.run.settings) })),
    pinned,
    restore: restoreOf(problem, start, settings),
  });
}

function restoreOf(source: string, start: number[], settings: RunSettings): RunView['restore'] {
  return { documentUri: 'file:///work/train.py', formulaSource: source, start, settings };
}

export function quadraticRun(learningRate: number, extra: Partial<RunOptions> = {}): RunView {
  return runView({ problem: QUADRATIC, start: [3], learningRate, maxSteps: 100, ...extra });
}

export function rosenbrockRun(extra: Partial<RunOptions> = {}): RunView {
  return runView({ problem: ROSENBROCK, start: [-1.2, 1], learningRate: 0.0012, maxSteps: 3000, ...extra });
}

export function threeVariableRun(extra: Partial<RunOptions> = {}): RunView {
  return runView({ problem: THREE_VARIABLES, start: [0, 2, 1], learningRate: 0.2, maxSteps: 200, ...extra });
}

/** η/10, η and 10η on x², as the host sends them after `compareLearningRates`. */
export function comparisonRun(learningRate = 0.2): RunView {
  return quadraticRun(learningRate, {
    others: [
      { learningRate: learningRate / 10, role: 'compare' },
      { learningRate: learningRate * 10, role: 'compare' },
    ],
  });
}

export function quadraticSweep(runId = 2, optimizer: OptimizerKind = 'gd'): SweepView {
  const formula = compileFormula(QUADRATIC);
  const settings = settingsOf(0.2, 100, 'constant', optimizer);
  const result = sweepLearningRates(formula, [3], settings, { from: 1e-3, to: 10, count: 40 });
  return sweepViewOf(runId, formula, 'train.py:12', [3], settings, result);
}

/** Rosenbrock from (−1.2, 1), 10,000 steps each (early stopping off), as the host answers a dragged η slider. */
export function liveRuns(learningRates: readonly number[]): RunView[] {
  const formula = compileFormula(ROSENBROCK);
  const start = [-1.2, 1];
  const landscape = rosenbrockRun().landscape;
  return learningRates.map((learningRate, i) => {
    const settings = { ...settingsOf(learningRate, 10_000, 'constant'), tolerance: 0 };
    return runViewOf({
      runId: 100 + i,
      formula,
      origin: 'train.py:12',
      start,
      lossAxis: 'auto',
      current: runSynchronously(formula, start, settings),
      restore: restoreOf(ROSENBROCK, start, settings),
      chartPoints: LIVE_CHART_POINTS,
      phase: 'live',
      landscape,
    });
  });
}

/** The stability map of x² from 3 for momentum (η × β) or Adam (η × β1), as the host posts it. */
export function stabilityMap(optimizer: 'momentum' | 'adam' = 'momentum', runId = 3): StabilityMapView {
  const formula = compileFormula(QUADRATIC);
  const start = [3];
  const settings = settingsOf(0.2, 100, 'constant', optimizer);
  const stability = stabilityAt(formula, start);
  const axes = stabilityMapAxes(settings, stability)!;
  const cells = runStabilityRows(formula, start, settings, stability, axes, axes.values.map((_, row) => row));
  return {
    runId,
    formula: formulaViewOf(formula, 'train.py:12'),
    start,
    settings,
    parameter: axes.parameter,
    learningRates: [...axes.learningRates],
    values: [...axes.values],
    cells: cells.map((cell) => ({ ...cell, category: mapCategory(cell) })),
    bound: stabilityBound(settings, stability, axes),
  };
}

/** The regression in batches of 4 (shuffled, seed 0) at a constant η: it settles at a noise floor. */
export function minibatchRun(extra: { batchSize?: number | null; learningRate?: number; runId?: number } = {}): RunView {
  const formula = minibatchFormula();
  const settings: RunSettings = { ...settingsOf(extra.learningRate ?? 0.2, 400, 'constant'), batchSize: extra.batchSize === undefined ? 4 : extra.batchSize, shuffle: true, seed: 0 };
  const { current, remedies } = runWithRemediesSynchronously(formula, [0, 0], settings);
  return runViewOf({
    runId: extra.runId ?? 1,
    formula,
    origin: 'regression.py:7',
    start: [0, 0],
    lossAxis: 'auto',
    current,
    compared: remedies,
    restore: { documentUri: 'file:///work/regression.py', formulaSource: formula.source, start: [0, 0], settings },
  });
}

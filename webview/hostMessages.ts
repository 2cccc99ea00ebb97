/**
 * Incoming messages, checked before anything draws them. `isHostMessage` (the protocol's own check) looks
 * at the type only; here the views get a structural check of every field the panel reads, so a stray or
 * malformed message is dropped instead of breaking the page halfway through a redraw.
 */
import { CAUSES } from '../src/core/optim/diagnosis';
import { OPTIMIZER_KINDS, VERDICTS } from '../src/core/optim/types';
import { parsePanelRestoreState, parseRunSettings } from '../src/shared/panelState';
import {
  isFramework,
  isHostMessage,
  type FormulaView,
  type HostMessage,
  type LandscapeView,
  type RunView,
  type ScheduleView,
  type SeriesView,
  type StabilityMapView,
  type SweepView,
  type TracePoints,
} from '../src/shared/protocol';

type Check = (value: unknown) => boolean;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber: Check = (value) => typeof value === 'number' && Number.isFinite(value);
const isPositive: Check = (value) => isFiniteNumber(value) && (value as number) > 0;
const isCount: Check = (value) => isFiniteNumber(value) && Number.isInteger(value) && (value as number) >= 0;
const isString: Check = (value) => typeof value === 'string';
const isBoolean: Check = (value) => typeof value === 'boolean';
const orNull = (check: Check): Check => (value) => value === null || check(value);
const oneOf = (allowed: readonly unknown[]): Check => (value) => allowed.includes(value);
const arrayOf = (check: Check): Check => (value) => Array.isArray(value) && value.every(check);
const finiteArray = arrayOf(isFiniteNumber);
const isIndexBelow = (count: number): Check => (value) => isCount(value) && (value as number) < count;

/** True when the record has each key as its own property and each value passes its check. */
function hasShape(value: unknown, shape: Record<string, Check>): value is Record<string, unknown> {
  if (!isRecord(value)) return false;
  const fields = new Map(Object.entries(value));
  return Object.entries(shape).every(([key, check]) => check(fields.get(key)));
}

function isFormulaView(value: unknown): value is FormulaView {
  return hasShape(value, {
    source: isString,
    display: isString,
    variables: arrayOf(isString),
    origin: orNull(isString),
  });
}

/** Settings as the host checks the panel's own (the same function reads them back from saved state). */
const isRunSettings: Check = (value) => parseRunSettings(value).ok;
const isFraction: Check = (value) => isFiniteNumber(value) && (value as number) >= 0 && (value as number) < 1;

const isTrainingView: Check = (value) =>
  hasShape(value, { origin: isString, call: isString, framework: isFramework, schedule: orNull(isString), writable: isBoolean });
/** An optional field: absent (older views), null, or passing the check. */
const optional = (check: Check): Check => (value) => value === undefined || value === null || check(value);

const isStability: Check = (value) =>
  hasShape(value, { eigenvalues: finiteArray, lipschitz: isFiniteNumber, criticalLearningRate: orNull(isPositive) });

function isTracePoints(value: unknown, dimension: number): value is TracePoints {
  if (!hasShape(value, { step: finiteArray, loss: finiteArray, learningRate: finiteArray, params: Array.isArray })) return false;
  const points = value as unknown as TracePoints;
  const count = points.step.length;
  return (
    count >= 1 &&
    points.loss.length === count &&
    points.learningRate.length === count &&
    points.params.length === count &&
    points.params.every((param) => finiteArray(param) && param.length === dimension)
  );
}

/** A series' batch losses, when it has them: steps and losses of one length. */
const isBatchLoss: Check = (value) =>
  value === undefined ||
  (hasShape(value, { step: finiteArray, loss: finiteArray }) && (value.step as number[]).length === (value.loss as number[]).length);

function isSeriesView(value: unknown, dimension: number): value is SeriesView {
  return (
    hasShape(value, {
      key: isString,
      label: isString,
      role: oneOf(['current', 'pinned', 'compare']),
      learningRate: isFiniteNumber,
      optimizer: oneOf(OPTIMIZER_KINDS),
      verdict: oneOf(VERDICTS),
      batchLoss: isBatchLoss,
      divergedAt: orNull(isCount),
    }) && isTracePoints(value.points, dimension)
  );
}

/** A loss over data's view, when the run has one. */
const isMinibatchView: Check = (value) =>
  value === undefined ||
  hasShape(value, {
    rows: isPositive,
    batchSize: isPositive,
    shuffle: isBoolean,
    seed: isCount,
    batchesPerEpoch: isPositive,
    bestLoss: orNull(isFiniteNumber),
    floor: orNull(isFiniteNumber),
    tolerance: orNull(isFiniteNumber),
  });

function isLandscapeView(value: unknown, dimension: number): value is LandscapeView {
  if (!isRecord(value)) return false;
  const isVariable = isIndexBelow(dimension);
  if (value.kind === 'curve') {
    return (
      hasShape(value, { variable: isVariable, xs: finiteArray, loss: arrayOf(orNull(isFiniteNumber)) }) &&
      (value.xs as number[]).length >= 2 &&
      (value.loss as number[]).length === (value.xs as number[]).length
    );
  }
  if (value.kind === 'contour') {
    if (
      !hasShape(value, {
        x: isVariable,
        y: isVariable,
        xs: finiteArray,
        ys: finiteArray,
        loss: arrayOf(orNull(isFiniteNumber)),
        fixed: finiteArray,
        byMovement: arrayOf(isVariable),
      })
    ) {
      return false;
    }
    const xs = value.xs as number[];
    const ys = value.ys as number[];
    return value.x !== value.y && xs.length >= 2 && ys.length >= 2 && (value.loss as unknown[]).length === xs.length * ys.length;
  }
  return false;
}

const isRecommendationView: Check = (value) =>
  hasShape(value, { label: isString }) &&
  (value.learningRate === undefined || isPositive(value.learningRate)) &&
  (value.maxSteps === undefined || isCount(value.maxSteps)) &&
  (value.optimizer === undefined || oneOf(OPTIMIZER_KINDS)(value.optimizer)) &&
  (value.start === undefined || finiteArray(value.start));

function isDiagnosisView(value: unknown): boolean {
  return hasShape(value, {
    verdict: oneOf(VERDICTS),
    cause: oneOf(CAUSES),
    headline: isString,
    advice: isString,
    ruleOfThumb: orNull(isString),
    recommendation: orNull(isRecommendationView),
    facts: arrayOf((fact) => hasShape(fact, { term: isString, value: isString })),
    convergedAt: orNull(isCount),
    divergedAt: orNull(isCount),
    criticalLearningRate: orNull(isPositive),
    criticalLearningRateAtStart: orNull(isPositive),
  });
}

export function isRunView(value: unknown): value is RunView {
  if (!hasShape(value, { runId: isFiniteNumber, formula: isFormulaView })) return false;
  const dimension = (value.formula as FormulaView).variables.length;
  return (
    hasShape(value, {
      phase: oneOf(['live', 'settled']),
      start: (start) => finiteArray(start) && (start as number[]).length === dimension,
      settings: isRunSettings,
      lossScale: oneOf(['log', 'linear']),
      series: (series) => Array.isArray(series) && series.length >= 1 && series.every((one) => isSeriesView(one, dimension)),
      overshootSteps: finiteArray,
      overshootCount: isCount,
      diagnosis: isDiagnosisView,
      stability: isStability,
      final: (final) => hasShape(final, { step: isCount, params: finiteArray, loss: isFiniteNumber }),
      stop: oneOf(['max-steps', 'converged', 'non-finite', 'cancelled']),
      constantLearningRate: isBoolean,
      landscape: (landscape) => landscape === null || isLandscapeView(landscape, dimension),
      restore: (restore) => parsePanelRestoreState(restore).ok,
      minibatch: isMinibatchView,
      training: optional(isTrainingView),
    })
  );
}

const isSweepPoint: Check = (value) =>
  hasShape(value, {
    learningRate: isPositive,
    finalLoss: isFiniteNumber,
    stepsToConverge: orNull(isCount),
    steps: isCount,
    verdict: oneOf(VERDICTS),
  });

export function isSweepView(value: unknown): value is SweepView {
  return hasShape(value, {
    runId: isFiniteNumber,
    formula: isFormulaView,
    start: finiteArray,
    settings: isRunSettings,
    points: arrayOf(isSweepPoint),
    suggestedLearningRate: orNull(isPositive),
    stability: isStability,
    criticalLearningRate: orNull(isPositive),
    training: optional(isTrainingView),
  });
}

const MAP_CATEGORIES = ['fast', 'slow', 'oscillating', 'diverged', 'stationary'] as const;

export function isStabilityMapView(value: unknown): value is StabilityMapView {
  if (
    !hasShape(value, {
      runId: isFiniteNumber,
      formula: isFormulaView,
      start: finiteArray,
      settings: isRunSettings,
      parameter: oneOf(['momentum', 'beta1']),
      learningRates: (rates) => arrayOf(isPositive)(rates) && (rates as number[]).length >= 2,
      values: (values) => arrayOf(isFraction)(values) && (values as number[]).length >= 1,
      cells: arrayOf((cell) => hasShape(cell, { verdict: oneOf(VERDICTS), convergedAt: orNull(isCount), category: oneOf(MAP_CATEGORIES) })),
      bound: orNull(arrayOf(orNull(isPositive))),
    })
  ) {
    return false;
  }
  const map = value as unknown as StabilityMapView;
  return (
    map.start.length === map.formula.variables.length &&
    map.cells.length === map.learningRates.length * map.values.length &&
    (map.bound === null || map.bound.length === map.values.length)
  );
}

export function isScheduleView(value: unknown): value is ScheduleView {
  if (!hasShape(value, { title: isString, description: isString, framework: isFramework, steps: finiteArray, learningRates: finiteArray, totalSteps: isCount })) return false;
  const count = (value.steps as number[]).length;
  const momenta = value.momenta;
  return count >= 1 && (value.learningRates as number[]).length === count && (momenta === null || (finiteArray(momenta) && (momenta as number[]).length === count));
}

/** The message, if it is one the panel can draw; otherwise undefined (and the page carries on). */
export function readHostMessage(raw: unknown): HostMessage | undefined {
  if (!isHostMessage(raw)) return undefined;
  const message = raw as unknown as Record<string, unknown>;
  switch (raw.type) {
    case 'showRun':
      return isRunView(message.view) ? raw : undefined;
    case 'showSweep':
      return isSweepView(message.view) ? raw : undefined;
    case 'showStabilityMap':
      return isStabilityMapView(message.view) ? raw : undefined;
    case 'progress':
      return hasShape(message, { runId: isFiniteNumber, step: isCount, maxSteps: isPositive, unit: oneOf(['steps', 'runs']) }) ? raw : undefined;
    case 'formulaError':
      return hasShape(message, { message: isString, line: isCount, column: isCount, source: isString }) ? raw : undefined;
    case 'runError':
      return hasShape(message, {
        message: isString,
        formula: (formula) => formula === undefined || isFormulaView(formula),
        start: (start) => start === undefined || finiteArray(start),
      })
        ? raw
        : undefined;
    case 'showSchedule':
      return isScheduleView(message.view) ? raw : undefined;
  }
}

/**
 * Samples the loss surface around a run's path, for the landscape view: the curve f(x) for one variable,
 * a grid of f over the two variables that moved most (or a chosen pair) for more. The panel only draws
 * what is sampled here; it never evaluates the formula.
 */
import type { Objective } from './objective';

export type Landscape =
  | { kind: 'curve'; variable: number; xs: number[]; loss: (number | null)[] }
  | {
      kind: 'contour';
      x: number;
      y: number;
      xs: number[];
      ys: number[];
      /** Row-major: loss[j * xs.length + i] at (xs[i], ys[j]); null where not finite. */
      loss: (number | null)[];
      /** All variables' values for the slice (the x and y entries are ignored). */
      fixed: number[];
      /** Variable indices, most-moved first. */
      byMovement: number[];
    };

/**
 * Where a run went: each variable's lowest and highest value over its path, and where it ended. A run's record keeps
 * these as it streams (its counters), so a path of millions of steps is never needed whole.
 */
export interface VisitedRegion {
  readonly low: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  /** The parameters at the end. */
  readonly last: ArrayLike<number>;
}

/** The region of a path given point by point (row-major parameter vectors, `count` ≥ 1 of them). */
export function regionOfPath(params: ArrayLike<number>, count: number, dimension: number): VisitedRegion {
  const low = new Float64Array(dimension).fill(Infinity);
  const high = new Float64Array(dimension).fill(-Infinity);
  for (let t = 0; t < count; t += 1) {
    for (let i = 0; i < dimension; i += 1) {
      const v = params[t * dimension + i]!;
      if (v < low[i]!) low[i] = v;
      if (v > high[i]!) high[i] = v;
    }
  }
  return { low, high, last: Array.from({ length: dimension }, (_, i) => params[(count - 1) * dimension + i]!) };
}

export interface LandscapeOptions {
  /** Points on the 1-D curve. */
  curvePoints?: number;
  /** Grid points per side for 2-D. */
  gridSize?: number;
  /** The pair of variables to show when there are more than two. */
  projection?: readonly [number, number];
}

/** How much room to leave around the visited range, as a fraction of it. */
const MARGIN = 0.15;

/**
 * Samples around all the `regions` runs visited (the first is the current run: a slice through more than two
 * variables is taken at its last point).
 */
export function sampleLandscape(objective: Objective, regions: readonly VisitedRegion[], options: LandscapeOptions = {}): Landscape {
  const n = objective.variables.length;
  const { curvePoints = 240, gridSize = 72 } = options;
  const ranges = Array.from({ length: n }, (_, i) => visitedRange(regions, i));
  const last = Array.from(regions[0]!.last);

  if (n === 1) {
    const xs = linspace(...padded(ranges[0]), curvePoints);
    return { kind: 'curve', variable: 0, xs, loss: xs.map((x) => finiteOrNull(objective.value([x]))) };
  }

  const byMovement = ranges
    .map((range, index) => ({ index, moved: range[1] - range[0] }))
    .sort((a, b) => b.moved - a.moved || a.index - b.index)
    .map((entry) => entry.index);
  const [x, y] = options.projection && isValidPair(options.projection, n) ? options.projection : [Math.min(byMovement[0], byMovement[1]), Math.max(byMovement[0], byMovement[1])];
  const xs = linspace(...padded(ranges[x]), gridSize);
  const ys = linspace(...padded(ranges[y]), gridSize);
  const point = [...last];
  const loss: (number | null)[] = new Array(xs.length * ys.length);
  for (let j = 0; j < ys.length; j += 1) {
    point[y] = ys[j];
    for (let i = 0; i < xs.length; i += 1) {
      point[x] = xs[i];
      loss[j * xs.length + i] = finiteOrNull(objective.value(point));
    }
  }
  return { kind: 'contour', x, y, xs, ys, loss, fixed: last, byMovement };
}

function isValidPair([a, b]: readonly [number, number], n: number): boolean {
  return Number.isInteger(a) && Number.isInteger(b) && a >= 0 && b >= 0 && a < n && b < n && a !== b;
}

function visitedRange(regions: readonly VisitedRegion[], i: number): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const region of regions) {
    low = Math.min(low, region.low[i]!);
    high = Math.max(high, region.high[i]!);
  }
  return [low, high];
}

/** The visited range with a margin; a variable that never moved gets a window around its value. */
function padded([low, high]: [number, number]): [number, number] {
  const width = high - low;
  if (width > 1e-12 * Math.max(1, Math.abs(low))) return [low - MARGIN * width, high + MARGIN * width];
  const half = Math.max(1, Math.abs(low) * 0.5);
  return [low - half, high + half];
}

function linspace(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

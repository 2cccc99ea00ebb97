/**
 * Diverged runs beside finite ones on one loss chart: a run at η×10 that climbs to 1e300 would stretch the axis
 * and flatten every other curve into the floor. So the axis covers the runs that did not diverge, and a diverged
 * run is drawn up to where it leaves that range, ending in an arrow that names the step it diverged at.
 * Pure (no chart.js, no DOM), tested in Node.
 */

export interface Point {
  x: number;
  y: number;
}

export interface ClippedSeries {
  /** The points up to the ceiling, ending exactly on it when the run crossed it. */
  data: Point[];
  /** Where the run left the chart through the ceiling, or null when it stayed inside. */
  exit: Point | null;
}

export interface CurveForClipping {
  loss: readonly number[];
  diverged: boolean;
}

/**
 * The top of the loss axis when diverged runs share the chart with finite ones: a little above the highest loss
 * of the finite runs (a third of a decade on a log axis, a tenth of their range on a linear one). Null when
 * there is nothing to clip: every run diverged, none did, or no diverged run goes above it.
 */
export function finiteCeiling(curves: readonly CurveForClipping[], logAxis: boolean): number | null {
  const finite = curves.filter((curve) => !curve.diverged);
  if (finite.length === 0 || finite.length === curves.length) return null;
  let high = -Infinity;
  let low = Infinity;
  for (const curve of finite) {
    for (const value of curve.loss) {
      if (value > high) high = value;
      if (value < low) low = value;
    }
  }
  if (!Number.isFinite(high)) return null;
  const ceiling = logAxis && high > 0 ? high * 2 : high + Math.max((high - low) * 0.1, Math.abs(high) * 0.05, 1e-12);
  const crosses = curves.some((curve) => curve.diverged && curve.loss.some((value) => value > ceiling));
  return crosses ? ceiling : null;
}

/**
 * The points of a run cut where it first rises above `ceiling`, with the crossing interpolated (in log loss on
 * a log axis, so the line keeps its slope) and returned as the exit.
 */
export function clipAtCeiling(points: readonly Point[], ceiling: number, logAxis: boolean): ClippedSeries {
  const at = points.findIndex((point) => point.y > ceiling);
  if (at === -1) return { data: [...points], exit: null };
  if (at === 0) {
    const exit = { x: points[0].x, y: ceiling };
    return { data: [exit], exit };
  }
  const before = points[at - 1];
  const after = points[at];
  const transform = (value: number): number => (logAxis && value > 0 ? Math.log(value) : value);
  const share = (transform(ceiling) - transform(before.y)) / (transform(after.y) - transform(before.y));
  const fraction = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  const exit = { x: before.x + (after.x - before.x) * fraction, y: ceiling };
  return { data: [...points.slice(0, at), exit], exit };
}

export interface Box {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * A path cut where it first leaves `box` (a landscape's map), ending on the box's edge: a diverged comparison is
 * drawn up to where it leaves the map instead of stretching the map or crossing it with far-off steps.
 */
export function clipToBox(points: readonly Point[], box: Box): ClippedSeries {
  const inside = (point: Point): boolean => point.x >= box.xMin && point.x <= box.xMax && point.y >= box.yMin && point.y <= box.yMax;
  const at = points.findIndex((point) => !inside(point));
  if (at === -1) return { data: [...points], exit: null };
  if (at === 0) return { data: [], exit: null };
  const before = points[at - 1];
  const after = points[at];
  // The largest fraction of the step that stays inside, edge by edge (Liang–Barsky for a segment leaving a box).
  let fraction = 1;
  const dx = after.x - before.x;
  const dy = after.y - before.y;
  if (dx > 0) fraction = Math.min(fraction, (box.xMax - before.x) / dx);
  if (dx < 0) fraction = Math.min(fraction, (box.xMin - before.x) / dx);
  if (dy > 0) fraction = Math.min(fraction, (box.yMax - before.y) / dy);
  if (dy < 0) fraction = Math.min(fraction, (box.yMin - before.y) / dy);
  const exit = { x: before.x + dx * Math.max(0, fraction), y: before.y + dy * Math.max(0, fraction) };
  return { data: [...points.slice(0, at), exit], exit };
}

/**
 * Which steps of a long run to chart. A 100,000-step run drawn with ~2,000 points must not hide what matters:
 * an oscillating loss sampled every 50th step can look smooth. So each bucket of steps keeps both its lowest
 * and its highest loss, and the chart's envelope is the run's.
 */

/**
 * Increasing step indices to keep, at most `maxPoints` (at least 2) of the `steps + 1` states: always the first
 * (0) and the last (`steps`), and in between, for each of ⌊(maxPoints − 2)/2⌋ equal buckets of steps, the step
 * with the lowest and the step with the highest loss. Every step when they all fit.
 */
export function downsampleSteps(loss: ArrayLike<number>, steps: number, maxPoints: number): number[] {
  if (steps + 1 <= maxPoints) return Array.from({ length: steps + 1 }, (_, t) => t);
  if (steps === 0) return [0];
  const kept: number[] = [0];
  const interior = steps - 1;
  const buckets = Math.max(0, Math.floor((maxPoints - 2) / 2));
  for (let b = 0; b < buckets; b++) {
    const first = 1 + Math.floor((b * interior) / buckets);
    const end = 1 + Math.floor(((b + 1) * interior) / buckets);
    if (first >= end) continue;
    let lowest = first;
    let highest = first;
    for (let t = first + 1; t < end; t++) {
      if (loss[t]! < loss[lowest]!) lowest = t;
      if (loss[t]! > loss[highest]!) highest = t;
    }
    kept.push(Math.min(lowest, highest));
    if (highest !== lowest) kept.push(Math.max(lowest, highest));
  }
  kept.push(steps);
  return kept;
}

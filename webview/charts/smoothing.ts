/**
 * TensorBoard's smoothing of a noisy curve: an exponential moving average, debiased so the first points are not
 * pulled towards zero. `weight` 0 is the raw curve; 0.99 all but flattens it.
 */
export function smoothed(values: readonly number[], weight: number): number[] {
  if (!(weight > 0)) return [...values];
  const result: number[] = [];
  let average = 0;
  let debias = 1;
  for (const value of values) {
    average = average * weight + (1 - weight) * value;
    debias *= weight;
    result.push(average / (1 - debias));
  }
  return result;
}

/** The smoothing a panel starts with: TensorBoard's default. */
export const DEFAULT_SMOOTHING = 0.6;

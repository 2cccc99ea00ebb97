/** A loss curve as one line of text: ▁▂▃▄▅▆▇█, on a log scale when the loss stays positive. */
const BARS = '▁▂▃▄▅▆▇█';

/**
 * The `count` states at `steps` (increasing, from the start to the end of the run: every step, or the run's series)
 * with their `values`, sampled at up to `width` evenly spaced steps (the state at or nearest before each).
 */
export function sparkline(steps: ArrayLike<number>, values: ArrayLike<number>, count: number, width = 60): { line: string; scale: 'log' | 'linear' } {
  if (count === 0) return { line: '', scale: 'linear' };
  const last = steps[count - 1]!;
  const columns = Math.min(width, last + 1);
  let positive = true;
  for (let i = 0; i < count; i += 1) if (!(values[i]! > 0)) positive = false;
  const scale = positive ? 'log' : 'linear';
  let index = 0;
  const sample = Array.from({ length: columns }, (_, c) => {
    const step = columns === 1 ? 0 : Math.round((c * last) / (columns - 1));
    while (index + 1 < count && steps[index + 1]! <= step) index += 1;
    return scale === 'log' ? Math.log10(values[index]!) : values[index]!;
  });
  const low = Math.min(...sample);
  const high = Math.max(...sample);
  const line = sample.map((v) => BARS[high === low ? 0 : Math.min(BARS.length - 1, Math.floor(((v - low) / (high - low)) * BARS.length))]).join('');
  return { line, scale };
}

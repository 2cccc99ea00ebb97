/** A loss curve as one line of text: ▁▂▃▄▅▆▇█, on a log scale when the loss stays positive. */
const BARS = '▁▂▃▄▅▆▇█';

export function sparkline(values: ArrayLike<number>, count: number, width = 60): { line: string; scale: 'log' | 'linear' } {
  const columns = Math.min(width, count);
  if (columns === 0) return { line: '', scale: 'linear' };
  let positive = true;
  for (let i = 0; i < count; i += 1) if (!(values[i] > 0)) positive = false;
  const scale = positive ? 'log' : 'linear';
  const sample = Array.from({ length: columns }, (_, c) => {
    const index = columns === 1 ? 0 : Math.round((c * (count - 1)) / (columns - 1));
    return scale === 'log' ? Math.log10(values[index]) : values[index];
  });
  const low = Math.min(...sample);
  const high = Math.max(...sample);
  const line = sample.map((v) => BARS[high === low ? 0 : Math.min(BARS.length - 1, Math.floor(((v - low) / (high - low)) * BARS.length))]).join('');
  return { line, scale };
}

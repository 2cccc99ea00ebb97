/**
 * Side-by-side timing: variants run interleaved in rounds in one process, and each reports its median,
 * so a slow moment of the machine hits all of them alike and ratios stay meaningful.
 */

export interface Variant {
  readonly name: string;
  /** Runs `iterations` units of work; returns a value so the work cannot be optimized away. */
  readonly run: (iterations: number) => number;
}

export interface Measurement {
  readonly name: string;
  /** Units of work per second (median over rounds). */
  readonly perSecond: number;
  /**
   * Units of work per second in its fastest round. A busy machine only ever slows a round down, and not every kind of
   * code alike (a loop bound by its chain of dependent operations hardly notices a neighbour sharing the core; one
   * doing many independent operations a step does), so where two variants' medians drift apart with the machine's load
   * their fastest rounds still compare the code.
   */
  readonly bestPerSecond: number;
}

/** Times each variant for about `milliseconds` per round, over `rounds` interleaved rounds. */
export function measure(variants: readonly Variant[], { rounds = 7, milliseconds = 150 } = {}): Measurement[] {
  const samples = variants.map(() => [] as number[]);
  let sink = 0;
  // Calibrate each variant's iteration count to roughly the round length (this also warms the JIT).
  const iterations = variants.map((variant) => {
    let n = 1;
    for (;;) {
      const start = performance.now();
      sink += variant.run(n);
      const elapsed = performance.now() - start;
      if (elapsed > milliseconds / 4) return Math.max(1, Math.round((n * milliseconds) / elapsed));
      n *= 4;
    }
  });
  for (let round = 0; round < rounds; round += 1) {
    variants.forEach((variant, i) => {
      const start = performance.now();
      sink += variant.run(iterations[i]);
      samples[i].push((iterations[i] * 1000) / (performance.now() - start));
    });
  }
  if (Number.isNaN(sink)) console.log('(sink)');
  return variants.map((variant, i) => ({ name: variant.name, perSecond: median(samples[i]), bestPerSecond: Math.max(...samples[i]) }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Prints rows as an aligned table. */
export function printTable(title: string, header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export const formatRate = (perSecond: number): string =>
  perSecond >= 1e6 ? `${(perSecond / 1e6).toFixed(2)} M/s` : perSecond >= 1e3 ? `${(perSecond / 1e3).toFixed(1)} k/s` : `${perSecond.toFixed(1)} /s`;

/** The value a share `q` (0 … 1) of the samples is at or below: 0.5 the median, 0.9 the 90th percentile. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/**
 * How each series looks, the same on every chart: the current run in the theme's lead color, thickest and
 * solid; pinned and compared runs in the next Okabe–Ito colors, thinner and dashed, so that they are told
 * apart by color and by line pattern. A series keeps its color for as long as it stays on the charts.
 */
import type { SeriesView } from '../../src/shared/protocol';
import type { ChartTheme } from '../theme';

export interface SeriesStyle {
  color: string;
  width: number;
  dash: number[];
}

const DASHES: number[][] = [[], [7, 4], [2, 3], [10, 3, 2, 3], [4, 4], [1, 2]];

export class SeriesColors {
  private readonly slots = new Map<string, number>();

  /** Gives each series a palette slot (0 is reserved for the current run) and frees slots of series gone. */
  assign(series: readonly SeriesView[], paletteSize: number): void {
    const others = series.filter((one) => one.role !== 'current').map((one) => one.key);
    for (const key of [...this.slots.keys()]) if (!others.includes(key)) this.slots.delete(key);
    for (const key of others) {
      if (this.slots.has(key)) continue;
      const used = new Set(this.slots.values());
      let slot = 1;
      while (used.has(slot) && slot < paletteSize - 1) slot += 1;
      this.slots.set(key, slot);
    }
  }

  styleOf(series: SeriesView, theme: ChartTheme): SeriesStyle {
    if (series.role === 'current') return { color: theme.series[0], width: 2.5, dash: [] };
    const slot = this.slots.get(series.key) ?? 1;
    return {
      color: theme.series[slot % theme.series.length],
      width: 1.75,
      dash: DASHES[slot % DASHES.length],
    };
  }
}

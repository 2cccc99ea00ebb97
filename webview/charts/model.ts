/** What each chart module produces from a view and what `ChartView` draws: data, options, legend and words. */
import type { ChartData, ChartOptions } from 'chart.js';
import type { Swatch } from './legend';
import type { PlayheadMark } from './playheadPlugin';
import type { ChartPoint } from './setup';

/** The text of a tooltip, and of the announcement when the keyboard lands on the point. */
export interface PointDescription {
  title: string;
  lines: string[];
}

export interface ChartLegendItem {
  label: string;
  color: string;
  swatch: Swatch;
  /** The datasets the entry stands for; the legend shows and hides them. */
  datasets: number[];
  /** Series entries: the panel remembers hidden series across runs, so it handles the toggle. */
  onToggle?: () => void;
  /** Entries that only explain a mark (start, end, the surface) are not toggles. */
  fixed?: boolean;
}

export interface ChartModel {
  data: ChartData<'line', ChartPoint[]>;
  options: ChartOptions<'line'>;
  legend: ChartLegendItem[];
  /** Null for points without a tooltip (halos, background curves). */
  describePoint(datasetIndex: number, index: number): PointDescription | null;
  /** Datasets the arrow keys step through, in Up/Down order. */
  navigable: readonly number[];
  /** The chart in one or two sentences, for screen readers. */
  summary: string;
  /** Click or Enter on a point (the sweep chart simulates that η). */
  activate?(datasetIndex: number, index: number): void;
  /**
   * The playhead, on charts of the current run's steps: the dataset whose point i is the run's kept point i (what
   * hover and the arrow keys move the playhead along), and the mark for a kept point.
   */
  playhead?: {
    dataset: number;
    /** Pointer distance (px) within which hovering moves the playhead; absent: anywhere, by x (the loss chart). */
    hoverRadius?: number;
    mark(index: number): PlayheadMark | null;
  };
}

/**
 * What the panel keeps with `vscode.setState`: the last views and the user's choices. The host does not use
 * `retainContextWhenHidden`, so the page is rebuilt whenever the panel is hidden and shown again; on load it
 * draws from this state at once, before the host has answered `ready`.
 *
 * `restore` sits at the top level so that the host's WebviewPanelSerializer can read it from the state
 * VS Code hands back after a restart without knowing the rest of the shape.
 */
import type { LossScale, PanelRestoreState, RunView, SweepView } from '../src/shared/protocol';
import { isRunView, isSweepView } from './hostMessages';

export type SweepMetric = 'finalLoss' | 'stepsToConverge';

export interface PanelState {
  version: 1;
  restore: PanelRestoreState | null;
  run: RunView | null;
  sweep: SweepView | null;
  /** The loss axis the user picked; null follows what each run suggests. */
  lossScale: LossScale | null;
  sweepMetric: SweepMetric;
  /** Series (by key) the user hid from the charts with the legend. */
  hiddenSeries: string[];
}

export const EMPTY_STATE: PanelState = {
  version: 1,
  restore: null,
  run: null,
  sweep: null,
  lossScale: null,
  sweepMetric: 'finalLoss',
  hiddenSeries: [],
};

/** The stored state if it is one this version wrote and still valid; otherwise a fresh one (never throws). */
export function readPanelState(raw: unknown): PanelState {
  if (typeof raw !== 'object' || raw === null || (raw as { version?: unknown }).version !== 1) return { ...EMPTY_STATE };
  const stored = raw as Partial<Record<keyof PanelState, unknown>>;
  const run = isRunView(stored.run) ? stored.run : null;
  return {
    version: 1,
    restore: run ? run.restore : null,
    run,
    sweep: isSweepView(stored.sweep) ? stored.sweep : null,
    lossScale: stored.lossScale === 'log' || stored.lossScale === 'linear' ? stored.lossScale : null,
    sweepMetric: stored.sweepMetric === 'stepsToConverge' ? 'stepsToConverge' : 'finalLoss',
    hiddenSeries: Array.isArray(stored.hiddenSeries)
      ? stored.hiddenSeries.filter((key): key is string => typeof key === 'string')
      : [],
  };
}

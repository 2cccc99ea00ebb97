/**
 * What the panel keeps with `vscode.setState`: the last views and the user's choices. The host does not use
 * `retainContextWhenHidden`, so the page is rebuilt whenever the panel is hidden and shown again; on load it
 * draws from this state at once, before the host has answered `ready`.
 *
 * `restore` sits at the top level so that the host's WebviewPanelSerializer can read it from the state
 * VS Code hands back after a restart without knowing the rest of the shape.
 */
import type { LossScale, PanelRestoreState, RunView, ScheduleView, StabilityMapView, SweepView } from '../src/shared/protocol';
import { parsePanelRestoreState } from '../src/shared/panelState';
import { DEFAULT_SMOOTHING } from './charts/smoothing';
import { isRunView, isScheduleView, isStabilityMapView, isSweepView } from './hostMessages';

export type SweepMetric = 'finalLoss' | 'stepsToConverge';

export interface PanelState {
  version: 1;
  restore: PanelRestoreState | null;
  run: RunView | null;
  sweep: SweepView | null;
  stabilityMap: StabilityMapView | null;
  /** The loss axis the user picked; null follows what each run suggests. */
  lossScale: LossScale | null;
  sweepMetric: SweepMetric;
  /** Series (by key) the user hid from the charts with the legend. */
  hiddenSeries: string[];
  /** How much the batch loss of a minibatch run is smoothed (0 … 0.99). */
  smoothing: number;
  /** The run's details (facts, export) are open. */
  detailsOpen: boolean;
  /** A "Plot schedule" panel's schedule (such a panel shows nothing else). */
  schedulePlot?: ScheduleView | null;
}

export const EMPTY_STATE: PanelState = {
  version: 1,
  restore: null,
  run: null,
  sweep: null,
  stabilityMap: null,
  lossScale: null,
  sweepMetric: 'finalLoss',
  hiddenSeries: [],
  smoothing: DEFAULT_SMOOTHING,
  detailsOpen: false,
};

/**
 * The stored state if it is one this version wrote and still valid; otherwise a fresh one. It comes back from
 * storage, not from the host, so its views pass the same checks as live messages (readHostMessage's): a part that
 * fails is dropped with a one-line note in the console. Never throws.
 */
export function readPanelState(raw: unknown): PanelState {
  if (raw === undefined || raw === null) return { ...EMPTY_STATE };
  try {
    if (typeof raw !== 'object' || (raw as { version?: unknown }).version !== 1) {
      note('it is not one this version wrote');
      return { ...EMPTY_STATE };
    }
    const stored = new Map(Object.entries(raw));
    const kept = <T>(key: 'run' | 'sweep' | 'stabilityMap', check: (value: unknown) => value is T): T | null => {
      const value = stored.get(key) ?? null;
      if (value === null || check(value)) return value as T | null;
      note(`its ${key} view is not valid`);
      return null;
    };
    const run = kept('run', isRunView);
    // The run's view passed this check already; parsing again keeps only the fields the host reads back.
    const restore = run ? parsePanelRestoreState(run.restore) : undefined;
    const lossScale = stored.get('lossScale');
    const hiddenSeries = stored.get('hiddenSeries');
    const smoothing = stored.get('smoothing');
    const schedulePlot = stored.get('schedulePlot');
    return {
      version: 1,
      restore: restore?.ok ? restore.value : null,
      run,
      sweep: kept('sweep', isSweepView),
      // Checked as the live message is: a map saved by an older page (or altered) is dropped, not drawn.
      stabilityMap: kept('stabilityMap', isStabilityMapView),
      lossScale: lossScale === 'log' || lossScale === 'linear' ? lossScale : null,
      sweepMetric: stored.get('sweepMetric') === 'stepsToConverge' ? 'stepsToConverge' : 'finalLoss',
      hiddenSeries: Array.isArray(hiddenSeries) ? hiddenSeries.filter((key): key is string => typeof key === 'string') : [],
      smoothing: typeof smoothing === 'number' && smoothing >= 0 && smoothing <= 0.99 ? smoothing : DEFAULT_SMOOTHING,
      detailsOpen: stored.get('detailsOpen') === true,
      ...(isScheduleView(schedulePlot) ? { schedulePlot } : {}),
    };
  } catch (error) {
    note(error instanceof Error ? error.message : String(error));
    return { ...EMPTY_STATE };
  }
}

/** One line in the webview's console: what of the saved state was dropped, and why. */
function note(problem: string): void {
  console.warn(`Gradient Descent Lab: dropped saved panel state: ${problem}`);
}

/**
 * Checks: a setting run with the core itself and judged exactly as any run is judged (measure.ts, verdict.ts),
 * so what the advice states about a setting is what running that setting gives. A Checker runs the checks of one
 * diagnosis under a budget of updates and, where the caller gives one, of wall time, and remembers each run so no
 * setting is run twice.
 */
import type { Objective } from '../objective';
import type { Check } from './diagnosis';
import { measureRun, type Divergence } from './measure';
import { Simulation } from './simulate';
import type { RunSettings } from './types';
import { judge, moreStepsNeeded } from './verdict';

/**
 * Updates the checks of one diagnosis may apply, for a formula of up to two variables (fewer beyond: the work of an
 * update grows with the variables). A small compiled formula updates at 0.2–0.7 µs a step with the trace recorded,
 * so this is 40–140 ms at most, and a typical diagnosis of a 1,000-step run needs a few percent of it: its
 * candidates mostly converge or blow up early; only a run that no η gets there within its step limit searches
 * longer runs and other optimizers, which can use it all. The CLI and the tests count updates, so their advice is
 * the same on every machine; the editor also stops the checks after 25 ms (what was not run is not claimed).
 */
export const CHECK_UPDATES = 200_000;

/**
 * A formula's expression graph at or below this many nodes (the Rosenbrock function has 29, Beale's 56) gets the
 * whole CHECK_UPDATES; a larger one proportionally fewer, since an update's work grows with the graph (a logistic
 * loss over 480 points, 1,444 nodes, updates about ten times slower than the Rosenbrock function). Counting nodes
 * rather than reading the clock keeps the advice the same on every machine.
 */
export const FULL_BUDGET_NODES = 200;

/** The updates the checks may apply for a formula whose expression graph has `nodes` nodes. */
export function checkUpdatesFor(nodes: number): number {
  return Math.floor(CHECK_UPDATES * Math.min(1, FULL_BUDGET_NODES / Math.max(1, nodes)));
}

/** Updates a check runs between readings of the clock, when the checks have a time budget. */
export const CHECK_CHUNK = 1000;

export interface CheckBudget {
  /** Updates the checks may apply in all (default CHECK_UPDATES, scaled down beyond two variables). */
  readonly updates?: number;
  /** Wall-clock milliseconds the checks may take, from the first on; undefined or ∞ for no limit. */
  readonly milliseconds?: number;
  /** The clock, in milliseconds (performance.now unless a test gives its own). */
  readonly now?: () => number;
}

/** A checked run: its outcome, and what the decision reads besides. */
export interface CheckedRun extends Check {
  readonly settings: RunSettings;
  readonly start: readonly number[];
  readonly end: readonly number[];
  readonly startGradientNorm: number;
  readonly finalGradientNorm: number;
  /** The largest gradient norm before it settled (far above the start's when the run left a plateau). */
  readonly largestGradientNorm: number;
  /** Hessian eigenvalues at the end, ascending; null when not finite. */
  readonly endEigenvalues: readonly number[] | null;
  /**
   * Where the run would get there at its recent pace (verdict.ts's projection), for ordering which runs to try
   * longer first; null when it was not getting there. Never stated: a longer run states what it does.
   */
  readonly projectedSteps: number | null;
  /** How it diverged, if it did (a run whose loss falls without bound says the formula has no minimum that way). */
  readonly divergence: Divergence | null;
}

export class Checker {
  /** Every run made, in order (a setting asked for again is not run again). */
  readonly runs: CheckedRun[] = [];
  private readonly cache = new Map<string, CheckedRun>();
  private remaining: number;
  private updatesUsed = 0;
  private readonly deadline: number;
  private readonly now: () => number;
  private exhausted = false;

  constructor(
    private readonly objective: Objective,
    /** The diagnosed run's start, where a check starts unless told otherwise. */
    readonly start: readonly number[],
    budget: CheckBudget = {},
  ) {
    const updates = budget.updates ?? CHECK_UPDATES;
    this.remaining = Math.floor((updates * 2) / Math.max(2, start.length));
    this.now = budget.now ?? ((): number => performance.now());
    const timed = budget.milliseconds !== undefined && budget.milliseconds < Number.POSITIVE_INFINITY;
    this.deadline = timed ? this.now() + Math.max(0, budget.milliseconds!) : Number.POSITIVE_INFINITY;
  }

  /** True once a check was refused or abandoned for want of budget: what was not run is not claimed. */
  get ranOut(): boolean {
    return this.exhausted;
  }

  get updates(): number {
    return this.updatesUsed;
  }

  /** Updates still available. */
  get left(): number {
    return this.remaining;
  }

  /**
   * Runs `settings` from `start` (the diagnosed run's start unless given) and judges it, or returns the earlier run
   * of the same setting. Null when it cannot be checked: its step limit does not fit in what is left of the budget,
   * the time ran out while it ran (it is abandoned, and no further check starts), or the settings cannot run.
   */
  run(settings: RunSettings, start: readonly number[] = this.start): CheckedRun | null {
    const key = JSON.stringify([settings, start]);
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    if (this.exhausted || settings.maxSteps > this.remaining || this.outOfTime()) {
      this.exhausted = true;
      return null;
    }
    let simulation: Simulation;
    try {
      // A check is only judged: no chart series.
      simulation = new Simulation(this.objective, start, settings, { series: false });
    } catch {
      return null;
    }
    const timed = this.deadline < Number.POSITIVE_INFINITY;
    while (!simulation.done) {
      if (timed && this.outOfTime()) {
        this.charge(simulation.steps);
        this.exhausted = true;
        return null;
      }
      simulation.advance(timed ? CHECK_CHUNK : settings.maxSteps);
    }
    const record = simulation.record();
    this.charge(record.steps);
    const measures = measureRun(record, this.objective, { atStart: [] });
    const { verdict, convergedAt } = judge(measures, settings);
    const more = convergedAt === null ? moreStepsNeeded(measures, settings) : 0;
    const checked: CheckedRun = {
      verdict,
      convergedAt,
      steps: record.steps,
      finalLoss: measures.finalLoss,
      settings,
      start,
      end: measures.end,
      startGradientNorm: measures.startGradientNorm,
      finalGradientNorm: measures.finalGradientNorm,
      largestGradientNorm: measures.largestGradientNorm,
      endEigenvalues: measures.curvature.atEnd,
      divergence: measures.divergence?.kind ?? null,
      projectedSteps: convergedAt ?? (more === null || !Number.isFinite(more) ? null : record.steps + more),
    };
    this.cache.set(key, checked);
    this.runs.push(checked);
    return checked;
  }

  private charge(updates: number): void {
    this.remaining -= updates;
    this.updatesUsed += updates;
  }

  private outOfTime(): boolean {
    return !(this.now() < this.deadline);
  }
}

/** The outcome of a checked run as the diagnosis states it. */
export function checkOf(run: Check): Check {
  return { verdict: run.verdict, convergedAt: run.convergedAt, steps: run.steps, finalLoss: run.finalLoss };
}

/**
 * Checks: a setting run with the core itself and judged exactly as any run is judged (measure.ts, verdict.ts),
 * so what the advice states about a setting is what running that setting gives. A Checker runs the checks of one
 * diagnosis under a budget of work — the updates the runs apply and the curvature read at their ends, counted in
 * updates — never of wall time, so what the checks find is a function of the input only: the CLI, the tests and
 * the editor give the same advice on every machine, however loaded. A check is a piece of work at a time (CheckWork,
 * a generator that pauses every so often): the CLI runs it to the end at once (finish), the editor in time slices
 * between which it yields to the event loop, and stops it when a newer run makes it pointless.
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
 * so this is 40–140 ms of work at most, and a typical diagnosis of a 1,000-step run needs a few percent of it: its
 * candidates mostly converge or blow up early; only a run that no η gets there within its step limit searches
 * longer runs and other optimizers, which can use it all. The budget counts work, not time, so the advice is the
 * same on every machine; the editor runs it in time slices, so it never holds the editor for long.
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

/**
 * Arithmetic operations per n³ of the Jacobi eigen-decomposition (symmetricEigen.ts) of an n×n Hessian: a sweep
 * rotates each of the n²/2 pairs, about 4n multiply-adds a rotation (rows and columns of the matrix and of the
 * eigenvectors), and the Hessians met take about six sweeps: 2·4·6/2 = 24.
 */
export const JACOBI_OPERATIONS_PER_CUBE = 24;

/**
 * What one curvature reading — the Hessian at a check's end and its eigenvalues, which the decision reads (a lower
 * minimum must be a minimum) — counts as, in updates of a formula of `variables` variables whose expression graph
 * has `nodes` nodes. The unit is an update, about one operation per node of the graph. The Hessian's n rows cost
 * about what n gradients do (its graph holds the n(n+1)/2 second derivatives, built from the gradient's): n
 * updates. The eigen-decomposition costs JACOBI_OPERATIONS_PER_CUBE·n³ operations: that many over `nodes` updates.
 * Measured (2 cores, Node 20): 30 variables, 643 nodes: a reading takes 1.26 ms, an update 1.2 µs — 1,050 updates,
 * counted as 30 + 1,008; 60 variables, 1,261 nodes: 11.4 ms against 2.3 µs — 4,900, counted as 60 + 4,112. For a
 * formula of one or two variables a reading counts as a few updates: it is the runs that cost there. Without this
 * count a formula of many variables, whose runs stop early, spent its checks' time on eigenvalues no budget saw.
 */
export function curvatureUpdatesFor(variables: number, nodes: number): number {
  return variables + Math.ceil((JACOBI_OPERATIONS_PER_CUBE * variables ** 3) / Math.max(1, nodes));
}

/**
 * The checks' updates between pauses are at most this share of their budget (and never more than
 * CHECK_PIECE_UPDATES), and a curvature reading is a piece of its own: the budget is sized to about 150 ms of work
 * at most, so a piece is about a millisecond (measured: 0.2–5 ms, up to 13 ms for a check that first compiles an
 * optimizer's run loop, on a loaded machine), short enough that a caller running the checks in time slices keeps
 * each slice near its length.
 */
export const CHECK_PIECES = 200;
export const CHECK_PIECE_UPDATES = 1000;

/**
 * The checks as work done a piece at a time: each `next()` does a piece (at most about 1/CHECK_PIECES of the budget:
 * some updates of a run, or a curvature reading) and pauses; the last returns the result.
 */
export type CheckWork<T> = Generator<void, T, void>;

/** Does all of `work` at once (the CLI, the tests, and whatever needs the checked result synchronously). */
export function finish<T>(work: CheckWork<T>): T {
  for (;;) {
    const piece = work.next();
    if (piece.done === true) return piece.value;
  }
}

export interface CheckBudget {
  /** Updates the checks may apply in all (default CHECK_UPDATES, scaled down beyond two variables). */
  readonly updates?: number;
  /**
   * Updates one curvature reading at a check's end counts as (default: curvatureUpdatesFor the variables and
   * FULL_BUDGET_NODES). The CLI and the editor give it for the formula's own graph (checkBudgetFor).
   */
  readonly curvatureUpdates?: number;
}

/** The checks' budget for a formula of `variables` variables whose expression graph has `nodes` nodes. */
export function checkBudgetFor(variables: number, nodes: number): Required<CheckBudget> {
  return { updates: checkUpdatesFor(nodes), curvatureUpdates: curvatureUpdatesFor(variables, nodes) };
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
  private curvatureReadings = 0;
  private readonly curvatureUpdates: number;
  /** Updates a check applies between pauses. */
  private readonly piece: number;
  private exhausted = false;

  constructor(
    private readonly objective: Objective,
    /** The diagnosed run's start, where a check starts unless told otherwise. */
    readonly start: readonly number[],
    budget: CheckBudget = {},
  ) {
    const updates = budget.updates ?? CHECK_UPDATES;
    this.remaining = Math.floor((updates * 2) / Math.max(2, start.length));
    this.curvatureUpdates = budget.curvatureUpdates ?? curvatureUpdatesFor(start.length, FULL_BUDGET_NODES);
    this.piece = Math.max(1, Math.min(CHECK_PIECE_UPDATES, Math.ceil(this.remaining / CHECK_PIECES)));
  }

  /** True once a check was refused for want of budget, or the checks were stopped: what was not run is not claimed. */
  get ranOut(): boolean {
    return this.exhausted;
  }

  /** Updates the runs applied. */
  get updates(): number {
    return this.updatesUsed;
  }

  /** Curvature readings made (one at the end of each run), each counted as `curvatureUpdates` updates. */
  get readings(): number {
    return this.curvatureReadings;
  }

  /** Work still available, in updates. */
  get left(): number {
    return this.remaining;
  }

  /** No further check starts, and one under way is abandoned at its next pause (a newer run made them pointless). */
  stop(): void {
    this.exhausted = true;
  }

  /**
   * Runs `settings` from `start` (the diagnosed run's start unless given) and judges it, or returns the earlier run
   * of the same setting, pausing every `piece` updates and after the curvature reading. Null when it cannot be
   * checked: its step limit and its curvature reading do not fit in what is left of the budget, the checks were
   * stopped, or the settings cannot run.
   */
  *run(settings: RunSettings, start: readonly number[] = this.start): CheckWork<CheckedRun | null> {
    const key = JSON.stringify([settings, start]);
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    if (this.exhausted || settings.maxSteps + this.curvatureUpdates > this.remaining) {
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
    // A piece of updates, a pause; the curvature reading after the last is a piece of its own.
    for (;;) {
      simulation.advance(this.piece);
      yield;
      if (this.exhausted) {
        this.charge(simulation.steps, 0);
        return null;
      }
      if (simulation.done) break;
    }
    const record = simulation.record();
    // The curvature at the end (no Hessian at the start: the decision reads the end's).
    const measures = measureRun(record, this.objective, { atStart: [] });
    this.charge(record.steps, 1);
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
    yield;
    return checked;
  }

  private charge(updates: number, readings: number): void {
    this.remaining -= updates + readings * this.curvatureUpdates;
    this.updatesUsed += updates;
    this.curvatureReadings += readings;
  }
}

/** The outcome of a checked run as the diagnosis states it. */
export function checkOf(run: Check): Check {
  return { verdict: run.verdict, convergedAt: run.convergedAt, steps: run.steps, finalLoss: run.finalLoss };
}

/**
 * How many steps a run can be asked for. A run keeps its record (record/runRecord.ts), whose size does not depend on
 * how long the run is, and a whole trace is written out by running the run again, a piece at a time, never built as
 * one string: memory sets no limit any more. What does is time, and how big a file of every step gets.
 *
 * - In the editor a run must finish while someone waits for it: 10⁷ steps, a second or two for the formulas people
 *   select (slices keep the editor responsive meanwhile, and the run can be cancelled).
 * - In a terminal, 10⁹: a few minutes for a two-variable formula (10⁷ steps take 3–5 s on a busy 2-core machine), in
 *   the same memory as a short run.
 * - Written out whole (`--json --trace full`, the panel's Export): at most 10⁸ numbers, a file of about 2.5 GB.
 */

/** The most steps a run in the editor may take (the panel's step box, the maxSteps setting, a restored panel). */
export const MAX_STEPS = 10_000_000;

/** The most steps a run of the CLI may take (`--steps`). */
export const MAX_CLI_STEPS = 1_000_000_000;

/** Numbers a whole trace written out may hold: 10⁸, about 2.5 GB of JSON or CSV. */
export const MAX_WRITTEN_VALUES = 100_000_000;

/** Beyond this many steps `--json` prints the run's downsampled series, unless `--trace full` asks for every step. */
export const FULL_TRACE_STEPS = 100_000;

/** Numbers a trace writes per step: the step, η, the loss, then one per variable (and a loss over data's batch loss). */
const writtenPerStep = (dimension: number, batchLoss: boolean): number => dimension + 3 + (batchLoss ? 1 : 0);

/**
 * The most steps whose whole trace can be written out (CLI --json --trace full, export as JSON or CSV); `batchLoss`:
 * a loss over data, which writes each update's batch loss too.
 */
export function maxStepsWritten(dimension: number, batchLoss = false): number {
  return Math.min(MAX_CLI_STEPS, Math.floor(MAX_WRITTEN_VALUES / writtenPerStep(dimension, batchLoss)));
}

/**
 * How many steps a run can be asked for, given that a run keeps every step it takes (its Trace: the loss, the
 * gradient norm, η and every parameter, in float64). The limits are what that whole trace can honour: its
 * memory, and the size of a JSON or CSV that writes it out whole (the CLI's --json, the panel's export), which
 * is built as one string. Both shrink as the formula has more variables. The CLI and the panel share them.
 */

/** The most steps any run may take, whatever its size (the panel's step box, the setting, the CLI). */
export const MAX_STEPS = 10_000_000;

/** Numbers one run may keep: 50 million float64s, 400 MB (10⁷ steps of a 2-variable formula). */
export const MAX_RECORDED_VALUES = 50_000_000;

/**
 * Numbers a whole trace written out may hold: 10 million, about 250 MB of JSON or CSV text, well within the
 * longest string JavaScript can build (about 536 million characters) and the memory to build it.
 */
export const MAX_WRITTEN_VALUES = 10_000_000;

/** Numbers a run records per step: loss, gradient norm and η, then one per variable. */
const recordedPerStep = (dimension: number): number => dimension + 3;

/** The most steps a run of a formula of `dimension` variables can keep in memory. */
export function maxStepsKept(dimension: number): number {
  return Math.min(MAX_STEPS, Math.floor(MAX_RECORDED_VALUES / recordedPerStep(dimension)));
}

/** The most steps whose whole trace can be written out (CLI --json, export as JSON or CSV). */
export function maxStepsWritten(dimension: number): number {
  return Math.min(maxStepsKept(dimension), Math.floor(MAX_WRITTEN_VALUES / recordedPerStep(dimension)));
}

/**
 * The words for a minibatch run (noise.ts decides; this says): converged within a stated tolerance of the best
 * value, stuck at a noise floor with its remedies run side by side, still falling, or diverged because η is too
 * large for the batch. Every number named is one a run produced.
 */
import type { RunDiagnosis } from './diagnose';
import { formatCount, formatEpochs, formatNumber } from './format';
import { TOLERANCE_SHARE, type CheckedRemedy, type NoiseJudgement } from './noise';
import type { RunSettings } from './types';

export interface NoiseAdvice {
  readonly headline: string;
  readonly advice: string;
}

const percent = (share: number): string => `${formatNumber(share * 100)}%`;

/** "batches of 8", or "the full batch". */
export function batchWords(batchSize: number, rows: number): string {
  return batchSize >= rows ? 'the full batch' : `batches of ${formatCount(batchSize)}`;
}

/** "step 640 (epoch 49.2)". */
function stepWords(step: number, noise: NoiseJudgement): string {
  const perEpoch = Math.ceil(noise.rows / noise.batchSize);
  return `step ${formatCount(step)} (epoch ${formatEpochs(step / perEpoch)})`;
}

/** What a remedy is, in the words the advice uses. */
function remedyWords(check: CheckedRemedy, noise: NoiseJudgement): string {
  switch (check.remedy) {
    case 'cosine':
      return 'cosine annealing of η to 0 over the run';
    case 'larger-batch':
      return batchWords(check.settings.batchSize ?? noise.rows, noise.rows);
    case 'smaller-lr':
      return `η = ${formatNumber(check.settings.learningRate)}`;
    case 'full-batch':
      return `the full batch at η = ${formatNumber(check.settings.learningRate)}`;
  }
}

/** "batches of 32: 1.23, within the tolerance" — what a remedy reached, run. */
function outcome(check: CheckedRemedy, noise: NoiseJudgement): string {
  if (check.diverged) return `${remedyWords(check, noise)}: diverges`;
  const where = `${remedyWords(check, noise)}: ${formatNumber(check.floor, 4)}`;
  return check.reached ? `${where}, within the tolerance` : where;
}

export function noiseAdvice(d: RunDiagnosis, noise: NoiseJudgement, settings: RunSettings): NoiseAdvice {
  const η = `η = ${formatNumber(settings.learningRate)}`;
  const batches = batchWords(noise.batchSize, noise.rows);
  const best = `its best value ${formatNumber(noise.bestLoss, 4)} (Newton’s method on all the data)`;
  const tolerance = `within ${formatNumber(noise.tolerance, 3)} of ${best}: the tolerance, ${percent(TOLERANCE_SHARE)} of it`;
  const checked = noise.checks.filter((c) => c.remedy !== 'full-batch');
  const sideBySide = checked.length > 0 ? ` Where each settles, run with the same data and seed — ${checked.map((c) => outcome(c, noise)).join('; ')}.` : '';
  switch (noise.cause) {
    case 'settled':
      return {
        headline: `Converged at ${stepWords(d.convergedAt ?? d.steps, noise)}: the loss on all the data settled at its best`,
        advice: `With ${batches}, the loss on all the data settled at ${formatNumber(noise.floor, 4)}, ${tolerance}: ${η} is about right for this batch size.`,
      };
    case 'still-falling':
      return {
        headline: `Still descending at the step limit, ${stepWords(d.steps, noise)}`,
        advice: `The loss on all the data was still falling (now ${formatNumber(d.finalLoss, 4)}, ${best}): raise the step limit, or try a larger η.`,
      };
    case 'noise-floor': {
      const reached = checked.filter((c) => c.reached);
      const next = reached.length > 0 ? ` ${capitalize(remedyWords(reached[0]!, noise))} gets there: try it.` : checked.length > 0 ? ' None of them gets all the way within the run: combine them, or raise the step limit.' : '';
      return {
        headline: `Oscillating at a noise floor: the loss on all the data settled at ${formatNumber(noise.floor, 4)}, above its best ${formatNumber(noise.bestLoss, 4)}`,
        advice:
          `Each batch of ${formatCount(noise.batchSize)} rows gives a gradient that points a little off the full data’s, so at a constant ${η} the parameters keep bouncing around the minimum instead of settling on it (the batch loss bounces with them). ` +
          `Take big steps early and small ones late (decay η with a schedule), average more rows per step (a larger batch), or take smaller steps (a smaller η).${sideBySide}${next}`,
      };
    }
    case 'too-large-for-batch': {
      const full = noise.checks.find((c) => c.remedy === 'full-batch');
      return {
        headline: `Diverged at step ${formatCount(d.divergedAt ?? d.steps)}: ${η} is too large for ${batches}`,
        advice:
          `The full batch at ${η} does not diverge${full ? ` (checked: it settles at ${formatNumber(full.floor, 4)})` : ''}, but ${batches} give noisier gradients, and a step that size throws the parameters off.${sideBySide}`,
      };
    }
    case 'diverged':
      return {
        headline: `Diverged at step ${formatCount(d.divergedAt ?? d.steps)}: ${η} is too large even for the full batch`,
        advice: `The full batch at ${η} diverges too (checked): the steps overshoot the minimum whatever the batch.${sideBySide}`,
      };
  }
}

function capitalize(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

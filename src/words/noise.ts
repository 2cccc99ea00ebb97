/**
 * The words of a minibatch run's diagnosis (src/core/optim/noise.ts decides): converged within the tolerance of the
 * best value, still falling, a noise floor with its remedies run side by side, or η too large for the batch. The
 * one wording of a batch size, of a remedy and of the data's batches, for every surface. Every number is one a run
 * produced, or Newton's method on all the data.
 */
import { t } from '@vscode/l10n';
import type { Change, Diagnosis, NoiseFacts, NoiseRemedy } from '../core/optim/diagnosis';
import { TOLERANCE_SHARE } from '../core/optim/noise';
import type { RunSettings } from '../core/optim/types';
import { formatCount, formatEpochs, formatNumber } from './format';

/** "batches of 8", or "the full batch". */
export function batchWords(batchSize: number | null, rows: number): string {
  return batchSize === null || batchSize >= rows ? t('the full batch') : t('batches of {size}', { size: formatCount(batchSize) });
}

/** "step 640 (epoch 49.2)". */
export function stepAndEpoch(step: number, noise: NoiseFacts): string {
  return t('step {step} (epoch {epoch})', { step: formatCount(step), epoch: formatEpochs(step / noise.batchesPerEpoch) });
}

/** "47 rows in batches of 4, shuffled each epoch (seed 0): 12 steps an epoch" — the data's fact, in the panel. */
export function dataFact(rows: number, batchSize: number, shuffle: boolean, seed: number, batchesPerEpoch: number): string {
  if (batchSize >= rows) return t('{rows} rows, the full batch each step', { rows: formatCount(rows) });
  const order = shuffle ? t('shuffled each epoch (seed {seed})', { seed: formatCount(seed) }) : t('in file order');
  return t('{rows} rows in batches of {size}, {order}: {perEpoch} steps an epoch', { rows: formatCount(rows), size: formatCount(batchSize), order, perEpoch: formatCount(batchesPerEpoch) });
}

/** What a remedy changes: "cosine annealing of η to 0 over the run", "batches of 16", "η = 0.01". */
export function changeWords(change: Change, rows: number): string | null {
  if (change.schedule !== undefined) return change.schedule.kind === 'cosine' ? t('cosine annealing of η to 0 over the run') : t('the {schedule} schedule', { schedule: change.schedule.kind });
  if (change.batchSize !== undefined) return batchWords(change.batchSize, rows);
  return null;
}

function remedyWords(remedy: NoiseRemedy, rows: number, settings: RunSettings): string {
  if (remedy.remedy === 'full-batch') return t('the full batch at η = {η}', { η: formatNumber(settings.learningRate) });
  return changeWords(remedy.change, rows) ?? t('η = {η}', { η: formatNumber(remedy.change.learningRate ?? settings.learningRate) });
}

/** "batches of 32: 1.23, within the tolerance" — where a remedy settled, run. */
function outcome(remedy: NoiseRemedy, rows: number, settings: RunSettings): string {
  const what = remedyWords(remedy, rows, settings);
  if (remedy.check.verdict === 'diverged') return t('{what}: diverges', { what });
  return remedy.reached
    ? t('{what}: {floor}, within the tolerance', { what, floor: formatNumber(remedy.floor, 4) })
    : t('{what}: {floor}', { what, floor: formatNumber(remedy.floor, 4) });
}

/** The remedies side by side: " Where each settles, run with the same data and seed — …." */
function sideBySide(remedies: readonly NoiseRemedy[], rows: number, settings: RunSettings): string {
  const shown = remedies.filter((remedy) => remedy.remedy !== 'full-batch');
  if (shown.length === 0) return '';
  return t('Where each settles, run with the same data and seed — {list}.', { list: shown.map((remedy) => outcome(remedy, rows, settings)).join('; ') });
}

/** The headline of a minibatch run. */
export function noiseHeadline(d: Diagnosis, noise: NoiseFacts, settings: RunSettings): string | null {
  switch (d.cause) {
    case 'fine':
      return t('Converged at {at}: the loss on all the data settled at its best', { at: stepAndEpoch(d.convergedAt ?? d.steps, noise) });
    case 'step-limit':
      return d.stop === 'cancelled'
        ? t('Cancelled at {at}, still descending', { at: stepAndEpoch(d.steps, noise) })
        : t('Still descending at the step limit, {at}', { at: stepAndEpoch(d.steps, noise) });
    case 'noise-floor':
      return t('Oscillating at a noise floor: the loss on all the data settled at {floor}, above its best {best}', { floor: formatNumber(noise.floor, 4), best: formatNumber(noise.bestLoss, 4) });
    case 'lr-too-large-for-batch':
      return t('Diverged at step {step}: η = {η} is too large for {batches}', { step: formatCount(d.divergedAt ?? d.steps), η: formatNumber(settings.learningRate), batches: batchWords(noise.batchSize, noise.rows) });
    case 'lr-too-large':
      return t('Diverged at step {step}: η = {η} is too large even for the full batch', { step: formatCount(d.divergedAt ?? d.steps), η: formatNumber(settings.learningRate) });
    default:
      return null;
  }
}

/** What happened and why, for a minibatch run (the suggestion's sentence follows, from the words of any run). */
export function noiseWhy(d: Diagnosis, noise: NoiseFacts, settings: RunSettings): string[] | null {
  const η = t('η = {η}', { η: formatNumber(settings.learningRate) });
  const batches = batchWords(noise.batchSize, noise.rows);
  const best = t('its best value {best} (Newton’s method on all the data)', { best: formatNumber(noise.bestLoss, 4) });
  switch (d.cause) {
    case 'fine':
      return [
        t('With {batches}, the loss on all the data settled at {floor}, within {tolerance} of {best}: the tolerance, {share} of it. {η} is about right for this batch size.', {
          batches,
          floor: formatNumber(noise.floor, 4),
          tolerance: formatNumber(noise.tolerance, 3),
          best,
          share: `${formatNumber(TOLERANCE_SHARE * 100)}%`,
          η,
        }),
      ];
    case 'step-limit':
      return [t('The loss on all the data was still falling (now {loss}; {best}): raise the step limit.', { loss: formatNumber(d.finalLoss, 4), best })];
    case 'noise-floor':
      return [
        t('Each batch of {size} rows gives a gradient that points a little off the full data’s, so at a constant {η} the parameters keep bouncing around the minimum instead of settling on it (the batch loss bounces with them).', {
          size: formatCount(noise.batchSize),
          η,
        }),
        t('Take big steps early and small ones late (decay η with a schedule), average more rows per step (a larger batch), or take smaller steps (a smaller η).'),
        sideBySide(d.remedies, noise.rows, settings),
        ...(d.next === null && d.remedies.length > 0 ? [t('None of them gets all the way within the run: combine them, or raise the step limit.')] : []),
      ].filter((sentence) => sentence !== '');
    case 'lr-too-large-for-batch': {
      const full = d.remedies.find((remedy) => remedy.remedy === 'full-batch');
      return [
        full
          ? t('The full batch at {η} does not diverge (checked: it settles at {floor}), but {batches} give noisier gradients, and a step that size throws the parameters off.', { η, floor: formatNumber(full.floor, 4), batches })
          : t('The full batch at {η} does not diverge, but {batches} give noisier gradients, and a step that size throws the parameters off.', { η, batches }),
        sideBySide(d.remedies, noise.rows, settings),
      ].filter((sentence) => sentence !== '');
    }
    case 'lr-too-large':
      return [t('The full batch at {η} diverges too (checked): the steps overshoot the minimum whatever the batch.', { η })];
    default:
      return null;
  }
}

/** The rule of thumb for a minibatch run's own causes. */
export function noiseRuleOfThumb(d: Diagnosis): string | null {
  switch (d.cause) {
    case 'noise-floor':
      return t('Rule of thumb: noisy and stuck above the best → decay η with a schedule, or a larger batch.');
    case 'lr-too-large-for-batch':
      return t('Rule of thumb: growing → η ÷ 10, or a larger batch.');
    default:
      return null;
  }
}

/**
 * The η that steers a run. Usually the base η; a one-cycle schedule given its own peak (max_lr) ignores the base
 * η, as torch's OneCycleLR does, so there the peak is what a larger or smaller η means.
 */
import type { RunSettings } from './types';

/** The peak of a one-cycle schedule given its own (max_lr); else null. */
export function ownPeak(settings: RunSettings): number | null {
  return settings.schedule.kind === 'onecycle' ? settings.schedule.maxLr : null;
}

/** The η that steers the run: the base η, or a one-cycle schedule's own peak. */
export function steeringLearningRate(settings: RunSettings): number {
  return ownPeak(settings) ?? settings.learningRate;
}

/** True when η does not steer the run: a one-cycle schedule with its own peak. */
export function peakSteers(settings: RunSettings): boolean {
  return ownPeak(settings) !== null;
}

/** `settings` with the steering η (see steeringLearningRate) set to `value`. */
export function withSteeringLearningRate(settings: RunSettings, value: number): RunSettings {
  const schedule = settings.schedule;
  if (schedule.kind === 'onecycle' && schedule.maxLr !== null) return { ...settings, schedule: { ...schedule, maxLr: value } };
  return { ...settings, learningRate: value };
}

/**
 * The momentum an optimizer carries (β), read from its settings rather than its kind, so a variant added later
 * that has a `momentum` setting is read the same way: SGD's momentum, Nesterov's, RMSProp's; 0 for the others.
 * (Adam's β1 averages the gradient too, but its steps are normalised: its bouncing is not the heavy ball's.)
 */
export function momentumOf(optimizer: RunSettings['optimizer']): number {
  const momentum = (optimizer as { momentum?: unknown }).momentum;
  return typeof momentum === 'number' && momentum > 0 ? momentum : 0;
}

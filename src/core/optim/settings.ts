/** Run settings as a whole: the defaults a new run starts from, and the check every run goes through. */
import { minibatchSettingsProblem } from './minibatch';
import { defaultOptimizerSettings, optimizerSettingsProblem } from './optimizers';
import { scheduleSettingsProblem } from './schedules';
import { DEFAULT_LEARNING_RATE, DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE, type RunSettings } from './types';

/** Plain gradient descent at the default η, constant schedule, default step limit and tolerance. */
export function defaultRunSettings(): RunSettings {
  return {
    learningRate: DEFAULT_LEARNING_RATE,
    optimizer: defaultOptimizerSettings('gd'),
    schedule: { kind: 'constant' },
    maxSteps: DEFAULT_MAX_STEPS,
    tolerance: DEFAULT_TOLERANCE,
  };
}

/** The first reason these settings cannot run, in words that name the setting, or null when they can. */
export function runSettingsProblem(settings: RunSettings): string | null {
  if (!(Number.isFinite(settings.learningRate) && settings.learningRate > 0)) {
    return `learningRate must be a finite number > 0 (got ${settings.learningRate})`;
  }
  if (!(Number.isInteger(settings.maxSteps) && settings.maxSteps >= 0)) {
    return `maxSteps must be a whole number ≥ 0 (got ${settings.maxSteps})`;
  }
  if (!(Number.isFinite(settings.tolerance) && settings.tolerance >= 0)) {
    return `tolerance must be a finite number ≥ 0 (got ${settings.tolerance})`;
  }
  return (
    minibatchSettingsProblem(settings) ?? optimizerSettingsProblem(settings.optimizer) ?? scheduleSettingsProblem(settings.schedule)
  );
}

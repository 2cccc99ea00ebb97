/** Run settings as a whole: the defaults a new run starts from, and the check every run goes through. */
import { minibatchSettingsProblem } from './minibatch';
import { defaultOptimizerSettings, optimizerSettingsProblem } from './optimizers';
import { cyclesMomentum, scheduleSettingsProblem } from './schedules';
import { DEFAULT_LEARNING_RATE, DEFAULT_MAX_STEPS, DEFAULT_TOLERANCE, FRAMEWORKS, type Framework, type RunSettings } from './types';

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
  if (settings.framework !== undefined && !(FRAMEWORKS as readonly unknown[]).includes(settings.framework)) {
    return `framework must be one of ${FRAMEWORKS.join(', ')} (got ${String(settings.framework)})`;
  }
  const framework = frameworkOf(settings);
  return (
    minibatchSettingsProblem(settings) ??
    optimizerSettingsProblem(settings.optimizer, framework) ??
    scheduleSettingsProblem(settings.schedule) ??
    momentumCyclingProblem(settings, framework)
  );
}

/** Whose update rules the run follows: PyTorch's unless the settings name another framework. */
export function frameworkOf(settings: RunSettings): Framework {
  return settings.framework ?? 'pytorch';
}

/**
 * OneCycleLR's cycle_momentum sets a PyTorch optimizer's momentum or Adam's β1 (torch/optim/lr_scheduler.py,
 * OneCycleLR.__init__): Adagrad has neither, and PyTorch raises.
 */
function momentumCyclingProblem(settings: RunSettings, framework: Framework): string | null {
  if (!cyclesMomentum(settings.schedule)) return null;
  if (framework !== 'pytorch') return 'onecycle: cycleMomentum drives PyTorch optimizers only';
  if (settings.optimizer.kind === 'adagrad') {
    return 'onecycle: cycleMomentum needs an optimizer with momentum or betas, and Adagrad has neither (PyTorch raises ValueError; pass cycle_momentum=False)';
  }
  return null;
}

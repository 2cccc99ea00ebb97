/** The extension's settings (`gradientDescentLab.*`), read into the core's types. */
import * as vscode from 'vscode';
import {
  DEFAULT_LEARNING_RATE,
  DEFAULT_MAX_STEPS,
  DEFAULT_TOLERANCE,
  FRAMEWORKS,
  OPTIMIZER_KINDS,
  SCHEDULE_KINDS,
  defaultOptimizerSettings,
  defaultScheduleSettings,
  type RunSettings,
} from '../core/optim';
import { LIMITS } from '../shared/protocol';
import type { LossAxis } from './session/views';

const SECTION = 'gradientDescentLab';

/** Settings a new simulation starts with; out-of-range values fall back to the defaults. */
export function runSettingsFromConfiguration(): RunSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  const learningRate = positive(config.get<number>('learningRate'), DEFAULT_LEARNING_RATE, LIMITS.maxLearningRate);
  const maxSteps = Math.round(positive(config.get<number>('maxSteps'), DEFAULT_MAX_STEPS, LIMITS.maxSteps));
  const tolerance = config.get<number>('tolerance');
  const optimizer = oneOf(config.get<string>('optimizer'), OPTIMIZER_KINDS, 'gd');
  const schedule = oneOf(config.get<string>('schedule'), SCHEDULE_KINDS, 'constant');
  const framework = oneOf(config.get<string>('framework'), FRAMEWORKS, 'pytorch');
  return {
    learningRate,
    optimizer: defaultOptimizerSettings(optimizer, framework),
    schedule: defaultScheduleSettings(schedule, maxSteps),
    maxSteps,
    tolerance: typeof tolerance === 'number' && Number.isFinite(tolerance) && tolerance >= 0 ? tolerance : DEFAULT_TOLERANCE,
    // Absent is PyTorch's (as every run before frameworks): only another framework is written down.
    ...(framework === 'pytorch' ? {} : { framework }),
  };
}

/** The start value for a variable nothing else gives one. */
export function defaultStartValue(): number {
  const value = vscode.workspace.getConfiguration(SECTION).get<number>('startValue');
  return typeof value === 'number' && Number.isFinite(value) ? value : 1;
}

/** Whether optimizer lines of Python training scripts get "Simulate this optimizer" and "Plot schedule" lenses. */
export function optimizerCodeLensEnabled(): boolean {
  return vscode.workspace.getConfiguration(SECTION).get<boolean>('optimizerCodeLens') !== false;
}

export function lossAxisSetting(): LossAxis {
  return oneOf(vscode.workspace.getConfiguration(SECTION).get<string>('lossAxis'), ['auto', 'log', 'linear'] as const, 'auto');
}

function positive(value: number | undefined, fallback: number, max: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.min(value, max) : fallback;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  return (allowed as readonly string[]).includes(value ?? '') ? (value as T) : fallback;
}


/**
 * Whether a sweep or a stability map still describes the run on screen: both are made for one formula, start and
 * set of settings, and vary only η (and the map, its parameter). When something else has changed since, the
 * panel says what, so a sweep made with Adam is not read as gradient descent's. Pure, tested in Node.
 */
import type { MapParameter, OptimizerSettings, RunSettings } from '../src/core/optim/types';
import { frameworkOf } from '../src/core/optim/settings';
import { FRAMEWORK_LABELS, OPTIMIZER_LABELS, scheduleNameInText } from '../src/shared/labels';
import { formatInteger, formatParams } from './format';

export interface MadeFor {
  settings: RunSettings;
  start: readonly number[];
}

/**
 * What differs between what a view was made for and the run now, in words ("made with Adam", "made from x = 3"),
 * or null when nothing but what it varies has changed. `varies` names the map's parameter besides η.
 */
export function staleBecause(made: MadeFor, now: MadeFor, variables: readonly string[], varies: MapParameter | null = null): string | null {
  const a = made.settings;
  const b = now.settings;
  // The same optimizer under another framework's rules (a run of a Keras line, then of a PyTorch one) is another run.
  if (frameworkOf(a) !== frameworkOf(b)) return `made with ${FRAMEWORK_LABELS[frameworkOf(a)]}’s semantics`;
  if (a.optimizer.kind !== b.optimizer.kind) return `made with ${OPTIMIZER_LABELS[a.optimizer.kind]}, not ${OPTIMIZER_LABELS[b.optimizer.kind]}`;
  const changed = changedOptimizerSettings(a.optimizer, b.optimizer, varies);
  if (changed) return `made with ${changed}`;
  if (a.schedule.kind !== b.schedule.kind) return `made with the ${scheduleNameInText(a.schedule.kind)} schedule`;
  if (JSON.stringify(a.schedule) !== JSON.stringify(b.schedule)) return 'made with other schedule settings';
  if (a.maxSteps !== b.maxSteps) return `made with a step limit of ${formatInteger(a.maxSteps)}`;
  if (a.tolerance !== b.tolerance) return 'made with another tolerance';
  if (made.start.length !== now.start.length || made.start.some((value, i) => value !== now.start[i])) return `made from ${formatParams(variables, made.start)}`;
  return null;
}

const NAMES: ReadonlyMap<string, string> = new Map([
  ['momentum', 'β'],
  ['beta1', 'β1'],
  ['beta2', 'β2'],
  ['weightDecay', 'weight decay'],
  ['eps', 'ε'],
]);

function changedOptimizerSettings(a: OptimizerSettings, b: OptimizerSettings, varies: MapParameter | null): string | null {
  const before = new Map(Object.entries(a));
  const after = new Map(Object.entries(b));
  for (const [key, value] of before) {
    if (key === 'kind' || key === varies || value === after.get(key)) continue;
    const name = NAMES.get(key) ?? key;
    return typeof value === 'number' ? `${name} = ${value}` : `another ${name}`;
  }
  return null;
}

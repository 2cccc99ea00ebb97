/**
 * Helpers for the tests of recommendations: run and diagnose, re-run what a diagnosis says it checked, and follow
 * the recommendations from run to run as a person clicking them would.
 */
import assert from 'node:assert/strict';
import type { Objective } from '../../../src/core/objective';
import { diagnose, type DiagnoseOptions } from '../../../src/core/optim/diagnose';
import type { Check, Diagnosis } from '../../../src/core/optim/diagnosis';
import { simulate } from '../../../src/core/optim/simulate';
import { withSteeringLearningRate } from '../../../src/core/optim/steering';
import type { RunSettings } from '../../../src/core/optim/types';

export function diagnoseRun(objective: Objective, start: readonly number[], settings: RunSettings, options?: DiagnoseOptions): Diagnosis {
  return diagnose(simulate(objective, start, settings), objective, settings, options);
}

/** What running `settings` from `start` gives, judged as the diagnosis judges any run (no checks of its own). */
export function rerun(objective: Objective, start: readonly number[], settings: RunSettings): Check {
  const d = diagnoseRun(objective, start, settings, { check: false });
  return { verdict: d.verdict, convergedAt: d.convergedAt, steps: d.steps, finalLoss: d.finalLoss };
}

/** Every outcome the diagnosis states about another setting (its suggestion, its rule of thumb) is what re-running that setting gives. */
export function assertChecksHold(objective: Objective, start: readonly number[], settings: RunSettings, d: Diagnosis): void {
  if (d.next !== null) assert.deepEqual(rerun(objective, d.next.start, d.next.settings), d.next.check, 'the suggestion’s check is what re-running it gives');
  if ('ruleOfThumb' in d && d.ruleOfThumb !== null) {
    const again = rerun(objective, start, withSteeringLearningRate(settings, d.ruleOfThumb.learningRate));
    assert.deepEqual(again, d.ruleOfThumb.check, 'the rule of thumb’s check is what re-running it gives');
  }
}

export interface Visit {
  readonly settings: RunSettings;
  readonly start: readonly number[];
  readonly diagnosis: Diagnosis;
}

/**
 * Runs `settings`, applies its recommendation, runs that, and so on, until a run recommends nothing or `runs` runs
 * have been made. Each stated check is asserted to be what re-running gives.
 */
export function follow(objective: Objective, start: readonly number[], settings: RunSettings, runs = 6, options?: DiagnoseOptions): Visit[] {
  const visits: Visit[] = [];
  let current = { settings, start };
  for (let i = 0; i < runs; i++) {
    const diagnosis = diagnoseRun(objective, current.start, current.settings, options);
    assertChecksHold(objective, current.start, current.settings, diagnosis);
    visits.push({ ...current, diagnosis });
    if (diagnosis.next === null) break;
    current = { settings: diagnosis.next.settings, start: diagnosis.next.start };
  }
  return visits;
}

/** A visit as compact data: what happened, why, and what it recommends (the optimizer by kind). */
export function summary(visit: Visit): Record<string, unknown> {
  const d = visit.diagnosis;
  const change = d.next?.change;
  return {
    verdict: d.verdict,
    convergedAt: d.convergedAt,
    cause: d.cause,
    next:
      change === undefined
        ? null
        : {
            ...change,
            ...(change.optimizer === undefined ? {} : { optimizer: change.optimizer.kind }),
            check: { verdict: d.next!.check.verdict, convergedAt: d.next!.check.convergedAt, steps: d.next!.check.steps },
          },
  };
}

/** The settings visited are all different. */
export function assertNoSettingTwice(visits: readonly Visit[]): void {
  const keys = visits.map((visit) => JSON.stringify([visit.settings, visit.start]));
  assert.equal(new Set(keys).size, keys.length, `a setting was visited twice:\n${keys.join('\n')}`);
}

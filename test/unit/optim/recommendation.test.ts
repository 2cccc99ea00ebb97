/**
 * Recommendations, tested on their data: the cause and the checked change of each run, followed to the end as a
 * person clicking the verdict's button would. The cases are the ones the advice used to get wrong (issue 11), and
 * the worked example. Every stated check is re-run inside `follow`; wording is tested in test/unit/words.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { compileFormula } from '../../../src/core/formula';
import { diagnose } from '../../../src/core/optim/diagnose';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { defaultScheduleSettings } from '../../../src/core/optim/schedules';
import { defaultRunSettings } from '../../../src/core/optim/settings';
import { Simulation, simulate } from '../../../src/core/optim/simulate';
import type { OptimizerKind, RunSettings, ScheduleSettings } from '../../../src/core/optim/types';
import { assertNoSettingTwice, diagnoseRun, follow, summary, type Visit } from './following';

function settings(learningRate: number, optimizer: OptimizerKind = 'gd', extra: Partial<RunSettings> = {}): RunSettings {
  return { ...defaultRunSettings(), learningRate, optimizer: defaultOptimizerSettings(optimizer), ...extra };
}

/** Follows the advice from `start` and returns the visits' data, asserting that no setting comes back. */
function chain(formula: string, start: number[], run: RunSettings): Record<string, unknown>[] {
  const visits: Visit[] = follow(compileFormula(formula), start, run);
  assertNoSettingTwice(visits);
  return visits.map(summary);
}

const converged = (convergedAt: number, verdict = 'converged') => ({ verdict, convergedAt, steps: convergedAt });

describe('the issue’s cases: following the advice ends', () => {
  it('momentum on 0.5(100x² + y²) from (3, −2): 0.01 bounces and settles (momentum’s), 0.001 is raised once, not back and forth', () => {
    const formula = '0.5*(100*x^2 + y^2)';
    assert.deepEqual(chain(formula, [3, -2], settings(0.01, 'momentum')), [{ verdict: 'oscillating', convergedAt: 284, cause: 'momentum-bounce', next: null }]);
    assert.deepEqual(chain(formula, [3, -2], settings(0.001, 'momentum')), [
      { verdict: 'needs-more-steps', convergedAt: null, cause: 'lr-too-small', next: { learningRate: 0.03, check: converged(270, 'oscillating') } },
      { verdict: 'oscillating', convergedAt: 270, cause: 'momentum-bounce', next: null },
    ]);
  });

  it('tanh(x)² from 4: 0.1 sits on a plateau, 1 bounces; both are sent to 0.5, which converges, and stays', () => {
    const toHalf = { learningRate: 0.5, check: converged(382) };
    const settled = { verdict: 'converged', convergedAt: 382, cause: 'fine', next: null };
    assert.deepEqual(chain('tanh(x)^2', [4], settings(0.1)), [{ verdict: 'too-slow', convergedAt: null, cause: 'plateau', next: toHalf }, settled]);
    assert.deepEqual(chain('tanh(x)^2', [4], settings(1)), [{ verdict: 'oscillating', convergedAt: null, cause: 'lr-too-large', next: toHalf }, settled]);
  });

  it('heavy-ball momentum at its optimal (η, β) on 0.5(10000x² + y²): the bouncing is momentum’s, not η too large', () => {
    const run = { ...settings(4 / 101 ** 2), optimizer: { kind: 'momentum' as const, momentum: (99 / 101) ** 2, dampening: 0, weightDecay: 0 } };
    const [first] = chain('0.5*(10000*x^2 + y^2)', [1, 1], run);
    assert.equal(first!.cause, 'momentum-bounce');
    assert.notEqual(first!.next, null, 'and something checked gets there');
  });

  it('x² − y² (no minimum): named as such, never blamed on η, no η suggested', () => {
    assert.deepEqual(chain('x^2 - y^2', [1, 1], settings(0.4)), [{ verdict: 'diverged', convergedAt: null, cause: 'no-minimum', next: null }]);
  });

  it('(x² − 1)² + 0.3x from 2: the local minimum is named with the lower one, and η = 0.1 carries the run over the ridge', () => {
    const visits = follow(compileFormula('(x^2 - 1)^2 + 0.3*x'), [2], settings(0.01));
    assert.deepEqual(visits.map(summary), [
      { verdict: 'converged', convergedAt: 169, cause: 'local-minimum', next: { learningRate: 0.1, check: converged(10) } },
      { verdict: 'converged', convergedAt: 10, cause: 'fine', next: null },
    ]);
    const first = visits[0]!.diagnosis;
    assert.ok(first.cause === 'local-minimum');
    assert.ok(Math.abs(first.lower.point[0]! + 1.0356) < 1e-3 && Math.abs(first.lower.loss + 0.3054) < 1e-3, JSON.stringify(first.lower));
    assert.ok(Math.abs(visits[1]!.diagnosis.finalLoss - first.lower.loss) < 1e-6, 'the suggested η lands in the lower minimum');
  });

  it('log(cosh(x)) from 5 at η = 3: the critical η met is 2 (at the valley floor), not the start’s 11,010; η = 1 converges', () => {
    const visits = follow(compileFormula('log(cosh(x))'), [5], settings(3));
    const first = visits[0]!.diagnosis;
    assert.ok(Math.abs(first.criticalLearningRate! - 2) < 1e-6, `critical η ${first.criticalLearningRate}`);
    assert.ok(Math.abs(first.criticalLearningRateAtStart! - 11_014.2) < 0.1, `at the start ${first.criticalLearningRateAtStart}`);
    assert.deepEqual(visits.map(summary), [
      { verdict: 'oscillating', convergedAt: null, cause: 'lr-too-large', next: { learningRate: 1, check: converged(7) } },
      { verdict: 'converged', convergedAt: 7, cause: 'fine', next: null },
    ]);
  });

  it('Rosenbrock from (−1.5, 2) at 1e-3: no claim that any larger η diverges (2e-3 was run: still descending); Adam gets there', () => {
    const visits = follow(compileFormula('(1 - x)^2 + 100*(y - x^2)^2'), [-1.5, 2], settings(1e-3));
    const first = visits[0]!.diagnosis;
    const twice = first.checks.tried.find((run) => run.optimizer === 'gd' && run.learningRate === 0.002);
    assert.equal(twice?.check.verdict, 'needs-more-steps');
    assert.deepEqual(visits.map(summary), [
      { verdict: 'too-slow', convergedAt: null, cause: 'ill-conditioned', next: { learningRate: 2, optimizer: 'adam', check: converged(745) } },
      { verdict: 'converged', convergedAt: 745, cause: 'fine', next: null },
    ]);
  });

  it('x⁴ (sublinear descent): no projected step count, only what runs gave', () => {
    assert.deepEqual(chain('x^4', [1], settings(0.01)), [
      { verdict: 'needs-more-steps', convergedAt: null, cause: 'lr-too-small', next: { learningRate: 1, optimizer: 'adam', check: converged(1) } },
      { verdict: 'converged', convergedAt: 1, cause: 'fine', next: null },
    ]);
  });

  it('x² at η = 0.01: converged but slow, so the faster checked η is offered, not "about right"', () => {
    assert.deepEqual(chain('x^2', [10], settings(0.01)), [
      { verdict: 'converged', convergedAt: 719, cause: 'lr-too-small', next: { learningRate: 0.5, check: converged(1) } },
      { verdict: 'converged', convergedAt: 1, cause: 'fine', next: null },
    ]);
  });
});

describe('the worked example, x² from 10', () => {
  const toHalf = { learningRate: 0.5, check: converged(1) };
  const settled = { verdict: 'converged', convergedAt: 1, cause: 'fine', next: null };
  it('0.2 is fine, and its rule of thumb, η × 10 = 2, was run: it diverges', () => {
    const d = diagnoseRun(compileFormula('x^2'), [10], settings(0.2));
    assert.deepEqual([d.verdict, d.convergedAt, d.cause, d.next], ['converged', 29, 'fine', null]);
    assert.ok(d.cause === 'fine' && d.ruleOfThumb !== null);
    assert.deepEqual([d.ruleOfThumb.factor, d.ruleOfThumb.learningRate, d.ruleOfThumb.check.verdict], [10, 2, 'diverged']);
  });
  it('2 diverges: η ÷ 10 (run: converges at 29) is the rule of thumb; the search finds 0.5', () => {
    const d = diagnoseRun(compileFormula('x^2'), [10], settings(2));
    assert.ok(d.cause === 'lr-too-large' && d.ruleOfThumb !== null);
    assert.deepEqual([d.ruleOfThumb.learningRate, d.ruleOfThumb.check.convergedAt], [0.2, 29]);
    assert.deepEqual(chain('x^2', [10], settings(2)), [{ verdict: 'diverged', convergedAt: null, cause: 'lr-too-large', next: toHalf }, settled]);
  });
  it('0.9 bounces and settles: a smaller η settles sooner and smoothly', () => {
    assert.deepEqual(chain('x^2', [10], settings(0.9)), [{ verdict: 'oscillating', convergedAt: 66, cause: 'lr-too-large', next: toHalf }, settled]);
  });
  it('0.001 is too slow', () => {
    assert.deepEqual(chain('x^2', [10], settings(0.001)), [{ verdict: 'too-slow', convergedAt: null, cause: 'lr-too-small', next: toHalf }, settled]);
  });
  it('cut short at 10 steps, η = 0.2 needs more steps, checked', () => {
    const [first] = chain('x^2', [10], settings(0.2, 'gd', { maxSteps: 10 }));
    assert.deepEqual(first, { verdict: 'needs-more-steps', convergedAt: null, cause: 'lr-too-small', next: toHalf });
  });
});

describe('schedules: the change is checked with the schedule as it would run', () => {
  const square = 'x^2';
  const scheduled = (learningRate: number, schedule: ScheduleSettings, maxSteps: number): RunSettings => settings(learningRate, 'gd', { schedule, maxSteps });

  it('cosine over 200 steps at 0.05: the schedule annealed η away (not η’s fault); a larger η is checked with the same cosine', () => {
    const visits = follow(compileFormula(square), [10], scheduled(0.05, defaultScheduleSettings('cosine', 200), 200));
    const first = visits[0]!.diagnosis;
    assert.equal(first.cause, 'schedule');
    assert.ok(first.cause === 'schedule' && first.schedule.kind === 'annealed');
    assert.deepEqual(first.next?.settings.schedule, defaultScheduleSettings('cosine', 200));
    assert.equal(visits.at(-1)!.diagnosis.cause, 'fine');
  });

  it('exponential decay whose η left adds up to too little: named; what gets there checked', () => {
    const d = diagnoseRun(compileFormula(square), [10], scheduled(0.05, { kind: 'exponential', gamma: 0.99 }, 200));
    assert.ok(d.cause === 'schedule' && d.schedule.kind === 'exhausted');
    assert.equal(d.next?.check.verdict, 'converged');
  });

  it('a one-cycle with its own peak is steered by the peak: the change is to max_lr, not η', () => {
    const run = scheduled(0.01, { ...defaultScheduleSettings('onecycle', 100), maxLr: 5 }, 100);
    const visits = follow(compileFormula(square), [10], run);
    const next = visits[0]!.diagnosis.next!;
    assert.equal(next.change.learningRate, 0.5);
    assert.deepEqual([next.settings.learningRate, next.settings.schedule.kind === 'onecycle' && next.settings.schedule.maxLr], [0.01, 0.5]);
    assert.equal(visits.at(-1)!.diagnosis.cause, 'fine');
  });

  it('converged during a warmup towards a peak past the critical η: the schedule is the cause, and it warns', () => {
    const d = diagnoseRun(compileFormula(square), [10], scheduled(5, defaultScheduleSettings('warmup-cosine', 1000), 1000));
    assert.deepEqual([d.verdict, d.convergedAt, d.cause], ['converged', 1, 'schedule']);
    assert.ok(d.cause === 'schedule');
    assert.deepEqual(d.schedule, { kind: 'warmup', largestLearningRate: 0.5, peakLearningRate: 5 });
  });

  it('a peak it recommends is below the critical η, so following it does not end in that warning', () => {
    const visits = follow(compileFormula(square), [10], scheduled(0.05, defaultScheduleSettings('onecycle', 200), 200));
    assert.equal(visits.at(-1)!.diagnosis.cause, 'fine');
  });

  it('with early stopping off the check is the run as it would be: all its steps, judged where it settled', () => {
    const run = { ...scheduled(0.05, defaultScheduleSettings('cosine', 200), 200), tolerance: 0 };
    const d = diagnoseRun(compileFormula(square), [10], run);
    assert.equal(d.next?.check.steps, 200);
    assert.equal(d.next?.check.verdict, 'converged');
  });
});

describe('the checks are bounded, and the verdict never depends on them', () => {
  const square = compileFormula('x^2');

  it('without checks: the same verdict and facts, and no change claimed', () => {
    for (const learningRate of [0.001, 0.01, 0.2, 0.9, 2]) {
      const run = settings(learningRate);
      const trace = simulate(square, [10], run);
      const checked = diagnose(trace, square, run);
      const unchecked = diagnose(trace, square, run, { check: false });
      assert.deepEqual([unchecked.verdict, unchecked.convergedAt, unchecked.criticalLearningRate], [checked.verdict, checked.convergedAt, checked.criticalLearningRate]);
      assert.deepEqual([unchecked.next, unchecked.checks], [null, { status: 'skipped', tried: [], updates: 0 }]);
    }
  });

  it('out of budget: what was found stands, nothing more is claimed, and it says so', () => {
    const d = diagnoseRun(square, [10], settings(0.001), { budget: { updates: 1500 } });
    assert.equal(d.checks.status, 'incomplete');
    assert.ok(d.checks.updates <= 1500);
    if (d.next !== null) assert.ok(d.checks.tried.some((run) => run.learningRate === d.next!.change.learningRate));
  });

  it('a run too long for the budget is not checked at all', () => {
    const d = diagnoseRun(square, [10], settings(1e-5, 'gd', { maxSteps: 300_000 }));
    assert.deepEqual([d.verdict, d.next, d.checks.status], ['needs-more-steps', null, 'incomplete']);
  });

  it('a cancelled run is not checked: it shows what it reached', () => {
    const run = settings(0.05, 'gd', { schedule: defaultScheduleSettings('cosine', 1000) });
    const simulation = new Simulation(square, [10], run);
    simulation.advance(100);
    simulation.cancel();
    const d = diagnose(simulation.record(), square, run);
    assert.deepEqual([d.verdict, d.cause, d.next, d.checks.status], ['needs-more-steps', 'step-limit', null, 'skipped']);
  });

  it('the same diagnosis every time (the checks count updates, not time)', () => {
    const run = settings(1e-3);
    const trace = simulate(compileFormula('(1 - x)^2 + 100*(y - x^2)^2'), [-1.5, 2], run);
    const objective = compileFormula('(1 - x)^2 + 100*(y - x^2)^2');
    assert.deepEqual(diagnose(trace, objective, run), diagnose(trace, objective, run));
  });
});

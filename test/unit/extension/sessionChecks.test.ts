/**
 * The checks behind the panel's advice, in the session: they count work, not time, so the advice is the CLI's
 * whatever the clock says; they run in time slices after the run is shown; a newer run or Cancel stops them.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it, mock } from 'node:test';
import { compileFormula, type Formula } from '../../../src/core/formula';
import { checkBudgetFor, defaultRunSettings, diagnose, simulate, type RunSettings } from '../../../src/core/optim';
import { defaultOptimizerSettings } from '../../../src/core/optim/optimizers';
import { SimulationSession, type SessionOptions } from '../../../src/extension/session/session';
import { checkingAdvice, describeDiagnosis, describeFacts } from '../../../src/words/diagnosis';
import type { HostMessage, RunView } from '../../../src/shared/protocol';

class RecordingPort {
  readonly messages: HostMessage[] = [];
  /** Called with each message as it is posted. */
  onPost: (message: HostMessage) => void = () => {};
  post(message: HostMessage): void {
    this.messages.push(message);
    this.onPost(message);
  }
  get runs(): RunView[] {
    return this.messages.flatMap((m) => (m.type === 'showRun' ? [m.view] : []));
  }
}

function session(formula: Formula, start: number[], settings: Partial<RunSettings>, options: SessionOptions = {}): { session: SimulationSession; port: RecordingPort } {
  const port = new RecordingPort();
  const state = { formula, documentUri: null, origin: null, start, settings: { ...defaultRunSettings(), ...settings }, lossAxis: 'auto' as const };
  return { session: new SimulationSession(state, port, options), port };
}

/** What the CLI says about the same run: the core's diagnosis under the CLI's budget (src/cli/simulate.ts), worded. */
function cliAdvice(formula: Formula, start: number[], settings: RunSettings) {
  const diagnosis = diagnose(simulate(formula, start, settings), formula, settings, { budget: checkBudgetFor(formula.variables.length, formula.expressions.builder.size) });
  const words = describeDiagnosis(diagnosis, settings, formula.variables);
  return { cause: diagnosis.cause, headline: words.headline, advice: words.advice, ruleOfThumb: words.ruleOfThumb, action: words.action, facts: describeFacts(diagnosis, settings, formula.variables) };
}

function shownAdvice(view: RunView) {
  const { diagnosis } = view;
  return { cause: diagnosis.cause, headline: diagnosis.headline, advice: diagnosis.advice, ruleOfThumb: diagnosis.ruleOfThumb, action: diagnosis.recommendation?.label ?? null, facts: diagnosis.facts };
}

/** Resolves once `condition` holds, checking after every turn of the event loop. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

const ROSENBROCK = '(1 - x)^2 + 100*(y - x^2)^2';

/** Formulas whose advice takes checks of every kind: a faster η, another optimizer, a plateau, a lower minimum, a smaller η. */
const CASES: { source: string; start: number[]; settings: Partial<RunSettings> }[] = [
  { source: 'x^2', start: [10], settings: { learningRate: 0.01 } },
  { source: ROSENBROCK, start: [-1.5, 2], settings: { learningRate: 1e-3 } },
  { source: '(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2', start: [1, 1], settings: { learningRate: 0.01, optimizer: defaultOptimizerSettings('momentum') } },
  { source: 'tanh(x)^2', start: [4], settings: { learningRate: 0.01 } },
  { source: 'x^4 - 3*x^2 + x', start: [2], settings: { learningRate: 0.01 } },
  { source: 'x^2 + 10*y^2', start: [3, 1], settings: { learningRate: 0.12 } },
];

afterEach(() => mock.restoreAll());

describe('the checks behind the panel’s advice', () => {
  it('give the CLI’s advice for the same formula and settings, however slow the clock', async () => {
    // A clock that jumps 50 ms every time it is read: on a loaded machine every slice overruns, and a time budget
    // would have run out before the first check.
    let clock = 0;
    mock.method(performance, 'now', () => (clock += 50));
    for (const { source, start, settings } of CASES) {
      const formula = compileFormula(source);
      const { session: s, port } = session(formula, start, settings);
      await s.simulate();
      const shown = port.runs.at(-1)!;
      assert.deepEqual(shownAdvice(shown), cliAdvice(formula, start, shown.settings), source);
    }
    assert.ok(clock > 0, 'the clock was read');
  });

  it('and with slices of any length', async () => {
    for (const sliceMilliseconds of [0, 1, 1000]) {
      const { source, start, settings } = CASES[1]!;
      const formula = compileFormula(source);
      const { session: s, port } = session(formula, start, settings, { sliceMilliseconds });
      await s.simulate();
      assert.deepEqual(shownAdvice(port.runs.at(-1)!), cliAdvice(formula, start, port.runs.at(-1)!.settings));
    }
  });

  it('show the run and its verdict at once, then the checked advice, with the event loop turning between', async () => {
    const formula = compileFormula(ROSENBROCK);
    // Slices of 0 ms: a piece of the checks each, so the loop turns at least once a check.
    const { session: s, port } = session(formula, [-1.5, 2], { learningRate: 1e-3 }, { sliceMilliseconds: 0 });
    let turns = 0;
    let turnsWhenShown: number | undefined;
    port.onPost = (message) => {
      if (message.type === 'showRun') turnsWhenShown ??= turns;
    };
    let ticking = true;
    const tick = (): void => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    await s.simulate();
    ticking = false;
    const [first, checked] = port.runs;
    assert.equal(port.runs.length, 2);
    assert.equal(first!.runId, checked!.runId);
    assert.deepEqual([first!.diagnosis.headline, first!.diagnosis.advice, first!.diagnosis.recommendation, first!.diagnosis.ruleOfThumb], [checked!.diagnosis.headline, checkingAdvice(), null, null]);
    assert.equal(checked!.diagnosis.recommendation?.label, 'Use Adam at η = 2: converges in 745 steps');
    const checks = Number(/^(\d+) runs/.exec(checked!.diagnosis.facts.find((fact) => fact.term === 'Checked')!.value)![1]);
    const during = turns - turnsWhenShown!;
    assert.ok(checks >= 10 && during >= checks, `the event loop turned ${during} times during ${checks} checks`);
    // The applied recommendation is the checked one.
    await s.applyRecommendation(checked!.runId);
    assert.deepEqual([port.runs.at(-1)!.settings.optimizer.kind, port.runs.at(-1)!.diagnosis.convergedAt], ['adam', 745]);
  });

  it('a newer run drops the older run’s checks where they paused: its advice is never shown', async () => {
    const first = compileFormula(ROSENBROCK);
    let readings = 0;
    const hessian = first.hessian.bind(first);
    first.hessian = (params) => {
      readings++;
      return hessian(params);
    };
    const { session: s, port } = session(first, [-1.5, 2], { learningRate: 1e-3 }, { sliceMilliseconds: 0 });
    const older = s.simulate();
    await until(() => port.runs.length === 1);
    // The first run is shown, its checks under way; then the formula is edited.
    const newer = s.replaceFormula(compileFormula('x^2 + y^2'), () => 1);
    const readingsThen = readings;
    await Promise.all([older, newer]);
    assert.equal(readings, readingsThen, 'the older checks did no more work');
    const byRun = port.runs.map((run) => [run.runId, run.formula.source, run.diagnosis.advice === checkingAdvice()]);
    assert.deepEqual(byRun, [
      [1, ROSENBROCK, true],
      [2, 'x^2 + y^2', true],
      [2, 'x^2 + y^2', false],
    ]);
  });

  it('Cancel stops them: what they found so far is shown, and nothing unchecked is claimed', async () => {
    const formula = compileFormula(ROSENBROCK);
    const { session: s, port } = session(formula, [-1.5, 2], { learningRate: 1e-3 }, { sliceMilliseconds: 0 });
    const run = s.simulate();
    await until(() => port.runs.length === 1);
    await s.handle({ type: 'cancel' });
    await run;
    assert.equal(port.runs.length, 2);
    const stopped = port.runs[1]!.diagnosis;
    assert.equal(stopped.recommendation, null);
    assert.match(stopped.advice, /The checks stopped before finding what to change: no number is claimed/);
    // Run again, they finish.
    await s.simulate();
    assert.equal(port.runs.at(-1)!.diagnosis.recommendation?.label, 'Use Adam at η = 2: converges in 745 steps');
  });

  it('a slider’s live runs have no checks; the settled run that follows has them', async () => {
    const formula = compileFormula('x^2');
    const { session: s, port } = session(formula, [10], { learningRate: 0.01 });
    await s.simulate('live');
    assert.equal(port.runs.length, 1);
    assert.notEqual(port.runs[0]!.diagnosis.advice, checkingAdvice());
    await s.simulate('settled');
    assert.deepEqual(port.runs.slice(1).map((run) => run.diagnosis.advice === checkingAdvice()), [true, false]);
    assert.equal(port.runs.at(-1)!.diagnosis.recommendation?.label, 'Use η = 0.5: converges in 1 step');
  });
});

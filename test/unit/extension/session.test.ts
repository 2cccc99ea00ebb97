/**
 * The panel's message flow without VS Code: a session driven message by message, as the webview drives it,
 * with what it posts back checked.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileFormula } from '../../../src/core/formula';
import { defaultRunSettings, type RunSettings } from '../../../src/core/optim';
import { SimulationSession, type SessionOptions, type SessionState } from '../../../src/extension/session/session';
import type { HostMessage, RunView, SweepView, WebviewMessage } from '../../../src/shared/protocol';

class RecordingPort {
  readonly messages: HostMessage[] = [];
  post(message: HostMessage): void {
    this.messages.push(message);
  }
  get runs(): RunView[] {
    return this.messages.flatMap((m) => (m.type === 'showRun' ? [m.view] : []));
  }
  get lastRun(): RunView {
    const run = this.runs.at(-1);
    assert.ok(run, 'a run was shown');
    return run;
  }
  get sweeps(): SweepView[] {
    return this.messages.flatMap((m) => (m.type === 'showSweep' ? [m.view] : []));
  }
}

function session(
  source: string,
  start: number[],
  settings: Partial<RunSettings> = {},
  options: SessionOptions = {},
): { session: SimulationSession; port: RecordingPort } {
  const port = new RecordingPort();
  const state: SessionState = {
    formula: compileFormula(source),
    documentUri: 'file:///work/losses.py',
    origin: 'losses.py:3',
    start,
    settings: { ...defaultRunSettings(), ...settings },
    lossAxis: 'auto',
  };
  return { session: new SimulationSession(state, port, { sliceMilliseconds: 2, ...options }), port };
}

const send = (s: SimulationSession, message: WebviewMessage): Promise<void> => s.handle(message);


/** The file an export writes, whole (an export is written a piece at a time). */
function exported(s: SimulationSession, format: 'csv' | 'json'): string {
  return [...s.exportData(format)!.pieces()].join('');
}

describe('a simulation session, message by message', () => {
  it('runs the worked example and shows the verdict, advice and chart data', async () => {
    const { session: s, port } = session('loss = x**2', [10], { learningRate: 0.2 });
    await s.simulate();
    const view = port.lastRun;
    assert.equal(view.diagnosis.verdict, 'converged');
    assert.match(view.diagnosis.headline, /Converged at step \d+/);
    assert.ok(view.diagnosis.advice.length > 20);
    assert.equal(view.series.length, 1);
    assert.equal(view.series[0].role, 'current');
    assert.equal(view.series[0].points.loss[0], 100);
    assert.deepEqual(view.series[0].points.params[0], [10]);
    assert.equal(view.stability.criticalLearningRate, 1);
    assert.equal(view.lossScale, 'log');
    assert.equal(view.landscape?.kind, 'curve');
    assert.deepEqual(view.restore, { documentUri: 'file:///work/losses.py', formulaSource: 'loss = x**2', start: [10], settings: view.settings });
    assert.ok(view.series[0].points.loss.every(Number.isFinite));
  });

  it('η ×10 turns the converging run into a diverging one, and ÷10 brings it back', async () => {
    const { session: s, port } = session('loss = x**2', [10], { learningRate: 0.2 });
    await s.simulate();
    await send(s, { type: 'scaleLearningRate', factor: 10 });
    assert.equal(port.lastRun.settings.learningRate, 2);
    assert.equal(port.lastRun.diagnosis.verdict, 'diverged');
    assert.ok(port.lastRun.series[0].points.loss.every(Number.isFinite), 'no NaN or Infinity reaches the chart');
    await send(s, { type: 'scaleLearningRate', factor: 0.1 });
    assert.equal(port.lastRun.settings.learningRate, 0.2);
    assert.equal(port.lastRun.diagnosis.verdict, 'converged');
  });

  it('sets η, optimizer, schedule and step limit from the panel', async () => {
    const { session: s, port } = session('(1 - x)^2 + 100*(y - x^2)^2', [-1.5, 2]);
    await send(s, { type: 'setLearningRate', learningRate: 0.01 });
    await send(s, { type: 'setOptimizer', optimizer: 'adam' });
    assert.equal(port.lastRun.settings.optimizer.kind, 'adam');
    assert.equal(port.lastRun.constantLearningRate, true);
    await send(s, { type: 'setSchedule', schedule: 'cosine' });
    assert.equal(port.lastRun.settings.schedule.kind, 'cosine');
    assert.equal(port.lastRun.constantLearningRate, false);
    await send(s, { type: 'setMaxSteps', maxSteps: 50 });
    assert.equal(port.lastRun.final.step, 50);
    assert.equal(port.lastRun.landscape?.kind, 'contour');
  });

  it('re-posts its last view when the page (re)loads', async () => {
    const { session: s, port } = session('x^2', [3]);
    await s.simulate();
    const count = port.messages.length;
    await send(s, { type: 'ready' });
    assert.equal(port.messages.length, count + 1);
    assert.deepEqual(port.messages.at(-1), port.messages[count - 1]);
  });

  it('compares η÷10, η and η×10 in one view', async () => {
    const { session: s, port } = session('x^2', [10], { learningRate: 0.2 });
    await send(s, { type: 'compareLearningRates' });
    const { series } = port.lastRun;
    assert.deepEqual(series.map((x) => x.role), ['current', 'compare', 'compare']);
    assert.deepEqual(series.map((x) => x.learningRate), [0.2, 0.02, 2]);
    assert.deepEqual(series.map((x) => x.verdict), ['converged', 'converged', 'diverged']);
    assert.equal(new Set(series.map((x) => x.key)).size, 3);
    // The next run is a single run again.
    await send(s, { type: 'rerun' });
    assert.equal(port.lastRun.series.length, 1);
  });

  it('keeps a pinned run on the charts until it is cleared, showing it at once', async () => {
    const { session: s, port } = session('x^2', [10], { learningRate: 0.2 });
    await s.simulate();
    const before = port.runs.length;
    await send(s, { type: 'pinRun' });
    assert.equal(port.runs.length, before + 1, 'pinning posts the view with the pinned run, without waiting for a change');
    assert.deepEqual(port.lastRun.series.map((x) => [x.role, x.learningRate]), [['current', 0.2], ['pinned', 0.2]]);
    await send(s, { type: 'setLearningRate', learningRate: 0.05 });
    assert.deepEqual(port.lastRun.series.map((x) => [x.role, x.learningRate]), [['current', 0.05], ['pinned', 0.2]]);
    await send(s, { type: 'clearPinned' });
    assert.equal(port.lastRun.series.length, 1);
  });

  it('answers a dragged slider with quick live runs and the full run when it settles', async () => {
    const { session: s, port } = session('(1 - x)^2 + 100*(y - x^2)^2', [-1.5, 2], { learningRate: 1e-4, maxSteps: 10_000 });
    await s.simulate();
    const settledLandscape = port.lastRun.landscape;
    assert.equal(port.lastRun.phase, 'settled');
    await send(s, { type: 'adjustSetting', setting: 'learningRate', value: 2e-4, phase: 'live' });
    const live = port.lastRun;
    assert.equal(live.phase, 'live');
    assert.equal(live.settings.learningRate, 2e-4);
    assert.deepEqual(live.landscape, settledLandscape, 'a live run keeps the landscape');
    assert.ok(live.series[0].points.step.length <= 600, 'and fewer chart points');
    assert.ok(!port.messages.slice(-1).some((m) => m.type === 'progress'));
    await send(s, { type: 'adjustSetting', setting: 'learningRate', value: 2e-4, phase: 'settled' });
    assert.equal(port.lastRun.phase, 'settled');
    assert.notDeepEqual(port.lastRun.landscape, settledLandscape, 'the settled run samples the landscape around its own path');
    assert.equal(s.settings.learningRate, 2e-4, 'the status bar and palette read the same η');
  });

  it('slides momentum β and Adam’s β1 and β2 only where the optimizer has them', async () => {
    const { session: s, port } = session('x^2', [10], { learningRate: 0.05 });
    await s.simulate();
    const runs = port.runs.length;
    await send(s, { type: 'adjustSetting', setting: 'momentum', value: 0.5, phase: 'live' });
    assert.equal(port.runs.length, runs, 'gradient descent has no β: nothing to run');
    await send(s, { type: 'setOptimizer', optimizer: 'momentum' });
    await send(s, { type: 'adjustSetting', setting: 'momentum', value: 0.5, phase: 'settled' });
    assert.deepEqual(port.lastRun.settings.optimizer, { kind: 'momentum', momentum: 0.5, dampening: 0, weightDecay: 0 });
    await send(s, { type: 'setOptimizer', optimizer: 'nesterov' });
    await send(s, { type: 'adjustSetting', setting: 'momentum', value: 0, phase: 'settled' });
    assert.equal(s.settings.optimizer.kind === 'nesterov' && s.settings.optimizer.momentum, 0.9, 'Nesterov refuses β = 0, as torch.optim does');
    await send(s, { type: 'setOptimizer', optimizer: 'adam' });
    await send(s, { type: 'adjustSetting', setting: 'beta2', value: 0.99, phase: 'live' });
    await send(s, { type: 'adjustSetting', setting: 'beta1', value: 0.8, phase: 'settled' });
    assert.deepEqual([port.lastRun.settings.optimizer.kind, s.settings.optimizer.kind === 'adam' && [s.settings.optimizer.beta1, s.settings.optimizer.beta2]], ['adam', [0.8, 0.99]]);
  });

  it('starts where the landscape was clicked, and ignores a start of the wrong size', async () => {
    const { session: s, port } = session('(w - 3)**2 + b**2', [1.5, -2], { learningRate: 0.1 });
    await s.simulate();
    await send(s, { type: 'setStart', start: [0, 1], phase: 'live' });
    assert.deepEqual([port.lastRun.phase, port.lastRun.start], ['live', [0, 1]]);
    await send(s, { type: 'setStart', start: [0.5, 1], phase: 'settled' });
    assert.deepEqual([port.lastRun.phase, port.lastRun.start], ['settled', [0.5, 1]]);
    const count = port.messages.length;
    await send(s, { type: 'setStart', start: [1, 2, 3], phase: 'settled' });
    assert.equal(port.messages.length, count);
  });

  it('maps the verdicts over η × β, runs a clicked cell, and makes a stale map again when the settings settle', async () => {
    const { session: s, port } = session('x^2', [10], { learningRate: 0.2 });
    await s.simulate();
    assert.equal(await s.stabilityMap(), false, 'gradient descent has no second knob');
    await send(s, { type: 'setOptimizer', optimizer: 'momentum' });
    assert.equal(await s.stabilityMap(), true);
    const maps = () => port.messages.flatMap((m) => (m.type === 'showStabilityMap' ? [m.view] : []));
    const [map] = maps();
    assert.equal(map.parameter, 'momentum');
    assert.equal(map.cells.length, 40 * 20);
    assert.deepEqual(map.bound?.slice(0, 2), [1, 1.05]);
    assert.ok(map.cells.some((cell) => cell.category === 'diverged') && map.cells.some((cell) => cell.category === 'fast'));
    await send(s, { type: 'simulateMapCell', learningRate: map.learningRates[20], parameter: 'momentum', value: 0.5 });
    assert.equal(port.lastRun.settings.learningRate, map.learningRates[20]);
    assert.equal(s.settings.optimizer.kind === 'momentum' && s.settings.optimizer.momentum, 0.5);
    assert.equal(maps().length, 1, 'η and β are what the map varies: it is not made again');
    await send(s, { type: 'setMaxSteps', maxSteps: 300 });
    assert.equal(maps().length, 2, 'a new step limit makes it again');
    assert.equal(maps()[1].settings.maxSteps, 300);
    await send(s, { type: 'simulateMapCell', learningRate: 0.1, parameter: 'beta1', value: 0.5 });
    assert.equal(s.settings.optimizer.kind, 'momentum', 'a cell of another optimizer’s map is ignored');
  });

  it('makes a sweep made for other settings again when the settings settle', async () => {
    const { session: s, port } = session('x^2', [10], { learningRate: 0.2 });
    await send(s, { type: 'sweep' });
    await send(s, { type: 'setLearningRate', learningRate: 0.3 });
    assert.equal(port.sweeps.length, 1, 'η alone leaves the sweep as it is');
    await send(s, { type: 'setOptimizer', optimizer: 'adam' });
    assert.equal(port.sweeps.length, 2);
    assert.equal(port.sweeps[1].settings.optimizer.kind, 'adam');
    await send(s, { type: 'adjustSetting', setting: 'beta1', value: 0.5, phase: 'live' });
    assert.equal(port.sweeps.length, 2, 'not while a slider is dragged');
    await send(s, { type: 'adjustSetting', setting: 'beta1', value: 0.5, phase: 'settled' });
    assert.equal(port.sweeps.length, 3);
  });

  it('reads a changed selection of the same formula afresh', async () => {
    const { session: s, port } = session('(w - 3)**2 + 0.1*b**2', [10, 7]);
    await s.simulate();
    await s.reselect(compileFormula('def bowl(w=1.5, b=-2.0):\n    return (w - 3)**2 + 0.1*b**2'), [1.5, -2], 'losses.py:5');
    assert.deepEqual(port.lastRun.start, [1.5, -2]);
    assert.equal(port.lastRun.formula.origin, 'losses.py:5');
  });

  it('sweeps η and suggests one below the critical η', async () => {
    const { session: s, port } = session('x^2', [10]);
    await send(s, { type: 'sweep' });
    const [sweep] = port.sweeps;
    assert.equal(sweep.points.length, 60);
    assert.ok(sweep.suggestedLearningRate !== null && sweep.suggestedLearningRate < 1);
    assert.equal(sweep.stability.criticalLearningRate, 1);
    await send(s, { type: 'simulateLearningRate', learningRate: 0.5 });
    assert.equal(port.lastRun.settings.learningRate, 0.5);
  });

  it('shows progress during a long run, and a cancelled run as far as it got', async () => {
    const { session: s, port } = session('(1 - x)^2 + 100*(y - x^2)^2', [-1.5, 2], { learningRate: 1e-5, maxSteps: 3_000_000, tolerance: 0 });
    let finished = false;
    const running = s.simulate().finally(() => (finished = true));
    // Cancelled as soon as the first progress shows (a fixed wait would outlast the whole run on a fast machine).
    const progressShown = (): boolean => port.messages.some((m) => m.type === 'progress');
    while (!progressShown() && !finished) await new Promise((resolve) => setImmediate(resolve));
    assert.ok(progressShown(), 'progress was posted');
    s.cancel();
    await running;
    const view = port.lastRun;
    assert.equal(view.stop, 'cancelled');
    assert.ok(view.final.step > 0 && view.final.step < 3_000_000);
    assert.ok(view.series[0].points.step.length <= 2000, 'downsampled for the chart');
  });

  it('shows only the latest of overlapping runs', async () => {
    const { session: s, port } = session('(1 - x)^2 + 100*(y - x^2)^2', [-1.5, 2], { learningRate: 1e-5, maxSteps: 2_000_000, tolerance: 0 });
    const first = s.simulate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const second = send(s, { type: 'setMaxSteps', maxSteps: 100 });
    await Promise.all([first, second]);
    // Only the second run is shown: at once, then with its checked advice.
    assert.deepEqual(port.runs.map((run) => [run.runId, run.final.step]), [[2, 100], [2, 100]]);
  });

  it('keeps start values by name when the formula is edited', async () => {
    const { session: s, port } = session('(w - 3)**2 + b**2', [1.5, -2]);
    await s.simulate();
    await s.replaceFormula(compileFormula('(w - 3)**2 + b**2 + c**2'), () => 7);
    assert.deepEqual(port.lastRun.start, [1.5, -2, 7]);
    assert.equal(port.lastRun.formula.display, '(w - 3)^2 + b^2 + c^2');
  });

  it('runs, re-reads and exports variables named like an object’s own members', async () => {
    const { session: s, port } = session('(constructor - 1)**2 + (__proto__ + 2)**2', [3, 4], { learningRate: 0.2, maxSteps: 50 });
    await s.simulate();
    assert.deepEqual(port.lastRun.formula.variables, ['constructor', '__proto__']);
    assert.equal(port.lastRun.diagnosis.verdict, 'converged');
    const edited = compileFormula('def f(toString=5): return (constructor - 1)**2 + (__proto__ + 2)**2 + toString**2');
    await s.replaceFormula(edited, (name) => edited.startValues.get(name) ?? 0.5);
    assert.deepEqual(port.lastRun.formula.variables, ['toString', 'constructor', '__proto__']);
    assert.deepEqual(port.lastRun.start, [5, 3, 4]);
    assert.equal(exported(s, 'csv').split('\n')[0], 'step,learning_rate,loss,toString,constructor,__proto__');
    const report = JSON.parse(exported(s, 'json')) as { variables: string[]; final: { params: Record<string, number> } };
    assert.deepEqual(Object.keys(report.final.params), ['toString', 'constructor', '__proto__']);
    assert.ok(Object.values(report.final.params).every(Number.isFinite));
  });

  it('exports the whole run as CSV and as the CLI’s JSON', async () => {
    const { session: s } = session('(w - 3)**2 + b**2', [1.5, -2], { learningRate: 0.1, maxSteps: 20, tolerance: 0 });
    assert.equal(s.exportData('csv'), undefined, 'nothing before the first run');
    await s.simulate();
    const csv = exported(s, 'csv').trim().split('\n');
    assert.equal(csv[0], 'step,learning_rate,loss,w,b');
    assert.equal(csv.length, 22);
    assert.equal(csv[1], '0,,6.25,1.5,-2');
    const report = JSON.parse(exported(s, 'json')) as { variables: string[]; trace: { loss: number[]; lr: number[] }; diagnosis: { verdict: string } };
    assert.deepEqual(report.variables, ['w', 'b']);
    assert.equal(report.trace.loss.length, 21);
    assert.equal(report.trace.lr.length, 20);
    assert.equal(typeof report.diagnosis.verdict, 'string');
  });

  it('runs any step limit up to 10⁷ whatever the formula (a run keeps the same however long), and refuses beyond, naming it', async () => {
    const variables = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const wide = session(variables.map((v) => `${v}^2`).join(' + '), variables.map(() => 1), { learningRate: 0.1, maxSteps: 10_000_000 });
    await wide.session.simulate();
    assert.equal(wide.port.lastRun.settings.maxSteps, 10_000_000);
    assert.equal(wide.port.lastRun.diagnosis.verdict, 'converged');
    // Only a state from outside the panel's checks can ask for more (messages, settings and restored state cannot).
    const { session: s, port } = session('x^2', [1], { maxSteps: 20_000_000 });
    await s.simulate();
    await s.sweep();
    const errors = port.messages.filter((m) => m.type === 'runError');
    assert.equal(errors.length, 2);
    for (const error of errors) {
      assert.equal(
        (error as { message: string }).message,
        'The step limit is 20,000,000; a run in the editor takes at most 10,000,000 steps. Lower it with Gradient Descent: Set Step Limit…, or run it with the gd-lab command line.',
      );
    }
    assert.equal(port.runs.length, 0);
  });

  it('refuses to export a run longer than a file may hold, saying what to do', async () => {
    const variables = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const { session: s } = session(variables.map((v) => `(${v} - 1)^2`).join(' + '), variables.map(() => 3), { learningRate: 1e-9, maxSteps: 970_874, tolerance: 0 }, { sliceMilliseconds: 50 });
    await s.simulate();
    assert.throws(() => s.exportData('json'), /^Error: This run took 970,874 steps; an export writes at most 970,873 steps of a formula of 100 variables\. Lower the step limit with Set Step Limit…, then export again\.$/);
    assert.throws(() => s.exportData('csv'), /at most 970,873 steps/);
  });

  it('says why a run cannot start instead of failing, for a run and a sweep', async () => {
    const { session: s, port } = session('log(x)', [-1]);
    await s.simulate();
    await s.sweep();
    const errors = port.messages.filter((m) => m.type === 'runError');
    assert.equal(errors.length, 2);
    assert.match((errors[0] as { message: string }).message, /^At the start point \(x = -1\) the loss is NaN, so gradient descent cannot start\. Choose another start point\.$/);
    // A panel with no run yet names the formula and start all the same.
    assert.deepEqual([errors[0].type === 'runError' && errors[0].formula?.display, errors[0].type === 'runError' && errors[0].start], ['log(x)', [-1]]);
    await s.setStart([2]);
    assert.equal(port.lastRun.start[0], 2);
  });

  it('refits a schedule to a new step limit', async () => {
    const { session: s, port } = session('x^2', [3], { learningRate: 0.1, tolerance: 0 });
    await send(s, { type: 'setSchedule', schedule: 'step' });
    await send(s, { type: 'setMaxSteps', maxSteps: 400 });
    assert.deepEqual(port.lastRun.settings.schedule, { kind: 'step', stepSize: 100, gamma: 0.5 });
  });

  it('checks the recommendation within its budget of work; without budget for it, claims no checked number', async () => {
    // Cosine annealing over 200 steps leaves x² short of the tolerance: the schedule annealed η away.
    const settings: Partial<RunSettings> = { learningRate: 0.05, maxSteps: 200, schedule: { kind: 'cosine', tMax: null, minLr: 0 } };
    const checked = session('x^2', [10], settings);
    await checked.session.simulate();
    const withChecks = checked.port.lastRun.diagnosis;
    assert.equal(withChecks.cause, 'schedule');
    assert.deepEqual(withChecks.recommendation, { label: 'Use η = 0.5: converges in 1 step', learningRate: 0.5 });
    const unchecked = session('x^2', [10], settings, { checkUpdates: 0 });
    await unchecked.session.simulate();
    const without = unchecked.port.lastRun.diagnosis;
    assert.deepEqual([without.verdict, without.cause, without.recommendation], [withChecks.verdict, 'schedule', null]);
    assert.doesNotMatch(without.advice, /converges at step/);
  });

  it('the verdict’s button applies the checked change of the run it belongs to, and runs it', async () => {
    const { session: s, port } = session('x^2', [10], { learningRate: 0.01 });
    await s.simulate();
    const before = port.lastRun;
    assert.equal(before.diagnosis.cause, 'lr-too-small');
    assert.equal(before.diagnosis.recommendation?.label, 'Use η = 0.5: converges in 1 step');
    // A stale click (an older run's) does nothing.
    await send(s, { type: 'applyRecommendation', runId: before.runId - 1 });
    assert.equal(port.lastRun.runId, before.runId);
    await send(s, { type: 'applyRecommendation', runId: before.runId });
    const after = port.lastRun;
    assert.equal(after.settings.learningRate, 0.5);
    assert.deepEqual([after.diagnosis.verdict, after.diagnosis.convergedAt, after.diagnosis.cause, after.diagnosis.recommendation], ['converged', 1, 'fine', null]);
    // Nothing left to apply.
    await send(s, { type: 'applyRecommendation', runId: after.runId });
    assert.equal(port.lastRun.runId, after.runId);
  });

  it('a recommendation that changes the optimizer and the step limit applies them together, as checked', async () => {
    const { session: s, port } = session('(1 - x)^2 + 100*(y - x^2)^2', [-1.5, 2], { learningRate: 1e-3 });
    await s.simulate();
    const { recommendation } = port.lastRun.diagnosis;
    assert.deepEqual(recommendation, { label: 'Use Adam at η = 2: converges in 745 steps', learningRate: 2, optimizer: 'adam' });
    await send(s, { type: 'applyRecommendation', runId: port.lastRun.runId });
    assert.deepEqual([port.lastRun.settings.optimizer.kind, port.lastRun.settings.learningRate, port.lastRun.diagnosis.convergedAt], ['adam', 2, 745]);
  });

  it('shows formula errors without dropping the chart', async () => {
    const { session: s, port } = session('x^2', [1]);
    await s.simulate();
    s.showFormulaError({ message: 'Unknown function `foo`', line: 1, column: 5, source: 'x + foo(x)' });
    assert.deepEqual(port.messages.at(-1), { type: 'formulaError', message: 'Unknown function `foo`', line: 1, column: 5, source: 'x + foo(x)' });
  });
});

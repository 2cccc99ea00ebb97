/** The panel's pure pieces, in plain Node: number formats, input checks, message checks, state, levels, ticks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parsePanelRestoreState } from '../../src/shared/panelState';
import { LevelScale, viridis } from '../../webview/charts/colormap';
import { logTickValues } from '../../webview/charts/setup';
import { displayFormula, displayName, formatNumber, formatParams } from '../../webview/format';
import { readHostMessage } from '../../webview/hostMessages';
import { parseLearningRate, parseMaxSteps } from '../../webview/inputs';
import { readPanelState } from '../../webview/state';
import { jsonMutation, mutated, runs, stored } from '../support/fuzz';
import { comparisonRun, quadraticRun, quadraticSweep, rosenbrockRun } from './fixtures';

describe('formatNumber', () => {
  it('writes numbers as every surface does (src/words/format.ts): plainly, or with exponents as typed, and a true minus sign', () => {
    assert.equal(formatNumber(0), '0');
    assert.equal(formatNumber(0.2), '0.2');
    assert.equal(formatNumber(3.14159), '3.14');
    assert.equal(formatNumber(12345), '12300');
    assert.equal(formatNumber(4.9e-12), '4.9e-12');
    assert.equal(formatNumber(-1.5e8), '−1.5e8');
    assert.equal(formatNumber(1e6), '1e6');
    assert.equal(formatNumber(-0.25), '−0.25');
  });

  it('names the parameters', () => {
    assert.equal(formatParams(['w', 'b'], [3, -1e-7]), 'w = 3, b = −1e-7');
  });
});

describe('displayName', () => {
  it('shows Greek names as letters and every other name as written, inherited member names included', () => {
    assert.equal(displayName('theta_0'), 'θ_0');
    for (const name of ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty', 'w']) assert.equal(displayName(name), name);
    const formula = { display: 'constructor^2 + theta*toString', variables: ['constructor', 'theta', 'toString'] };
    assert.deepEqual(displayFormula(formula), { display: 'constructor^2 + θ*toString', variables: ['constructor', 'θ', 'toString'] });
  });
});

describe('inputs', () => {
  it('accepts positive learning rates in plain or scientific notation', () => {
    assert.deepEqual(parseLearningRate(' 0.05 '), { ok: true, value: 0.05 });
    assert.deepEqual(parseLearningRate('1e-3'), { ok: true, value: 0.001 });
    assert.deepEqual(parseLearningRate('2E+2'), { ok: true, value: 200 });
    assert.deepEqual(parseLearningRate('.5'), { ok: true, value: 0.5 });
  });

  it('refuses what is not a usable learning rate', () => {
    for (const text of ['', ' ', 'abc', '0x10', '1/2', 'NaN', 'Infinity', '0', '-0.1', '−0.1', '1e7', '1,5']) {
      assert.equal(parseLearningRate(text).ok, false, text);
    }
  });

  it('accepts whole step counts within the host limit', () => {
    assert.deepEqual(parseMaxSteps('500'), { ok: true, value: 500 });
    assert.deepEqual(parseMaxSteps('1e4'), { ok: true, value: 10000 });
    for (const text of ['0', '1.5', '-3', '1e8', 'many']) assert.equal(parseMaxSteps(text).ok, false, text);
  });
});

describe('readHostMessage', () => {
  it('accepts the fixtures the host would send', () => {
    for (const view of [quadraticRun(0.2), quadraticRun(1.1), rosenbrockRun(), comparisonRun()]) {
      assert.ok(readHostMessage({ type: 'showRun', view }));
    }
    assert.ok(readHostMessage({ type: 'showSweep', view: quadraticSweep() }));
    assert.notEqual(quadraticRun(0.01).diagnosis.recommendation, null, 'a fixture with a recommendation');
    assert.ok(readHostMessage({ type: 'showRun', view: quadraticRun(0.01) }));
    assert.ok(readHostMessage({ type: 'progress', runId: 3, step: 10, maxSteps: 100, unit: 'steps' }));
    assert.ok(readHostMessage({ type: 'formulaError', message: 'x', line: 1, column: 4, source: 'x +' }));
  });

  it('accepts a curve landscape with gaps where the loss is not finite', () => {
    const run = quadraticRun(0.2);
    assert.equal(run.landscape?.kind, 'curve');
    const withGap = { ...run, landscape: { ...run.landscape, loss: run.landscape.loss.map((value, i) => (i === 3 ? null : value)) } };
    assert.ok(readHostMessage({ type: 'showRun', view: withGap }));
  });

  it('drops messages whose views the panel could not draw', () => {
    const run = quadraticRun(0.2);
    const points = run.series[0].points;
    const broken = [
      { ...run, start: [1, 2] },
      { ...run, series: [{ ...run.series[0], points: { ...points, loss: points.loss.slice(1) } }] },
      { ...run, series: [{ ...run.series[0], points: { ...points, params: points.params.map(() => [1, 2]) } }] },
      { ...run, settings: { ...run.settings, learningRate: -1 } },
      { ...run, stop: 'exploded' },
      { ...run, final: { ...run.final, loss: Number.NaN } },
      { ...run, landscape: { kind: 'curve', variable: 1, xs: [0, 1], loss: [0, 1] } },
      { ...run, diagnosis: { ...run.diagnosis, cause: 'bad luck' } },
      { ...run, diagnosis: { ...run.diagnosis, recommendation: { label: 'Use η = -1', learningRate: -1 } } },
      { ...run, diagnosis: { ...run.diagnosis, recommendation: { learningRate: 0.5 } } },
      { ...run, diagnosis: { ...run.diagnosis, facts: [{ term: 'Critical η' }] } },
    ];
    for (const view of broken) assert.equal(readHostMessage({ type: 'showRun', view }), undefined);
  });
});

describe('readHostMessage for a sweep', () => {
  it('accepts the optimizer’s critical η, or null where there is none (Adam)', () => {
    const momentum = quadraticSweep(2, 'momentum');
    assert.ok(Math.abs(momentum.criticalLearningRate! - 1.9) < 1e-12);
    assert.ok(readHostMessage({ type: 'showSweep', view: momentum }));
    const adam = quadraticSweep(2, 'adam');
    assert.equal(adam.criticalLearningRate, null);
    assert.ok(readHostMessage({ type: 'showSweep', view: adam }));
  });

  it('drops a sweep whose critical η is missing or not a positive number', () => {
    const { criticalLearningRate: _dropped, ...missing } = quadraticSweep();
    assert.equal(readHostMessage({ type: 'showSweep', view: missing }), undefined);
    for (const criticalLearningRate of [0, -1.9, Number.NaN, Number.POSITIVE_INFINITY, '1.9', undefined]) {
      assert.equal(readHostMessage({ type: 'showSweep', view: { ...quadraticSweep(), criticalLearningRate } }), undefined, String(criticalLearningRate));
    }
  });
});

describe('readPanelState', () => {
  it('keeps a valid saved state and puts restore at the top level', () => {
    const run = rosenbrockRun();
    const state = readPanelState(JSON.parse(JSON.stringify({ version: 1, run, sweep: null, lossScale: 'linear', sweepMetric: 'stepsToConverge', hiddenSeries: ['a', 3] })));
    assert.deepEqual(state.restore, run.restore);
    assert.equal(state.lossScale, 'linear');
    assert.equal(state.sweepMetric, 'stepsToConverge');
    assert.deepEqual(state.hiddenSeries, ['a']);
  });

  it('starts fresh from anything else', () => {
    for (const raw of [undefined, null, 'x', { version: 2 }, { version: 1, run: { runId: 1 } }]) {
      const state = quietly(() => readPanelState(raw)).result;
      assert.equal(state.run, null);
      assert.equal(state.restore, null);
    }
  });

  it('drops a saved run whose settings a live message could not carry, with one line in the console', () => {
    const run = quadraticRun(0.1);
    const broken = [
      { ...run.restore, settings: { ...run.restore.settings, optimizer: { kind: 'lbfgs' } } },
      { ...run.restore, settings: { ...run.restore.settings, maxSteps: 1e9 } },
      { ...run.restore, settings: { ...run.restore.settings, schedule: { kind: 'step', stepSize: 'often', gamma: 0.5 } } },
      { ...run.restore, start: [Number.NaN] },
      'restore',
    ];
    for (const restore of broken) {
      const { result, warnings } = quietly(() => readPanelState(JSON.parse(JSON.stringify({ version: 1, run: { ...run, restore }, sweep: quadraticSweep() }))));
      assert.equal(result.run, null, JSON.stringify(restore));
      assert.equal(result.restore, null);
      assert.ok(result.sweep, 'the valid parts stay');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /^Gradient Descent Lab: dropped saved panel state: its run view is not valid$/);
    }
    const settings = { ...run.settings, maxSteps: 0 };
    assert.equal(quietly(() => readPanelState({ version: 1, run: { ...run, settings } })).result.run, null, 'the view’s own settings too');
  });

  it('never throws for a saved state mutated anywhere, and keeps only what passes the live checks (fuzzed)', () => {
    const saved = stored({ version: 1, run: quadraticRun(0.1), sweep: quadraticSweep(), lossScale: 'log', sweepMetric: 'finalLoss', hiddenSeries: ['current'] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), jsonMutation), { minLength: 1, maxLength: 3 }), (changes) => {
        const raw = changes.reduce<unknown>((state, [where, change]) => mutated(state, where, change), saved);
        const { result, warnings } = quietly(() => readPanelState(raw));
        assert.ok(warnings.every((line) => /^Gradient Descent Lab: dropped saved panel state: [^\n]+$/.test(line)), warnings.join('\n'));
        if (result.run) assert.ok(readHostMessage({ type: 'showRun', view: result.run }), 'a kept run is one a live message could carry');
        if (result.sweep) assert.ok(readHostMessage({ type: 'showSweep', view: result.sweep }));
        if (result.restore) assert.deepEqual(parsePanelRestoreState(result.restore), { ok: true, value: result.restore });
        assert.ok(result.hiddenSeries.every((key) => typeof key === 'string'));
      }),
      runs(300),
    );
  });

  it('keeps only the restore fields the host reads back', () => {
    const run = quadraticRun(0.1);
    const state = readPanelState(JSON.parse(JSON.stringify({ version: 1, run: { ...run, restore: { ...run.restore, extra: 'x' } } })));
    assert.deepEqual(state.restore, run.restore);
  });
});

/** Runs `read` with console.warn captured: its result and the lines it warned. */
function quietly<T>(read: () => T): { result: T; warnings: string[] } {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...parts: unknown[]) => warnings.push(parts.join(' '));
  try {
    return { result: read(), warnings };
  } finally {
    console.warn = original;
  }
}

describe('LevelScale', () => {
  it('spaces levels geometrically from the minimum and covers the range', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i / 20) ** 4);
    const scale = LevelScale.fit(values);
    assert.ok(scale);
    assert.equal(scale.levelValue(0), 0);
    assert.ok(Math.abs(scale.levelValue(scale.bands) - scale.max) < 1e-9 * scale.max);
    const widths = Array.from({ length: scale.bands }, (_, k) => scale.levelValue(k + 1) - scale.levelValue(k));
    for (let k = 1; k < widths.length; k++) assert.ok(widths[k] > widths[k - 1], 'bands widen away from the minimum');
    assert.equal(scale.bandAt(scale.position(scale.min)), 0);
    assert.equal(scale.bandAt(scale.position(scale.max)), scale.bands - 1);
  });

  it('has nothing to draw for an empty or flat grid', () => {
    assert.equal(LevelScale.fit([null, null]), null);
    assert.equal(LevelScale.fit([2, 2, 2]), null);
  });

  it('goes from dark to light along viridis', () => {
    const luminance = ([r, g, b]: readonly number[]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
    assert.ok(luminance(viridis(0)) < luminance(viridis(0.5)));
    assert.ok(luminance(viridis(0.5)) < luminance(viridis(1)));
    assert.deepEqual(viridis(0), [0x44, 0x01, 0x54]);
    assert.deepEqual(viridis(1), [0xfd, 0xe7, 0x25]);
  });
});

describe('logTickValues', () => {
  it('puts about six ticks on whole decades over a wide range', () => {
    assert.deepEqual(logTickValues(1e-12, 10), [1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2, 1]);
    assert.deepEqual(logTickValues(1e-3, 1e3), [1e-3, 1e-2, 1e-1, 1, 1e1, 1e2, 1e3]);
    const wide = logTickValues(1e-12, 1e250);
    assert.ok(wide.length >= 4 && wide.length <= 8, `${wide.length} ticks`);
  });

  it('uses 1, 2, 5 steps inside a narrow range, and round linear steps inside a narrower one', () => {
    assert.deepEqual(logTickValues(0.1, 8), [0.1, 0.2, 0.5, 1, 2, 5]);
    assert.deepEqual(logTickValues(3, 4), [3, 3.2, 3.4, 3.6, 3.8, 4]);
    assert.deepEqual(logTickValues(100.2, 100.8), [100.2, 100.4, 100.6, 100.8]);
  });
});

describe('LevelScale near the largest double', () => {
  it('labels the levels of a diverged run’s map with finite values', () => {
    const scale = LevelScale.fit([2e302, 1e305, 4.5e306, 1.5e307]);
    assert.ok(scale);
    for (let band = 0; band <= scale.bands; band++) assert.ok(Number.isFinite(scale.levelValue(band)), `band ${band}: ${scale.levelValue(band)}`);
  });
});

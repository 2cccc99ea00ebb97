/**
 * The panel's pure parts added for the learner's panel (issue 15), in plain Node: tick labels, clipping of diverged
 * runs, slider scales, math titles, staleness of a sweep or map, editable numbers, counts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultOptimizerSettings, defaultRunSettings } from '../../src/core/optim';
import { clipAtCeiling, clipToBox, finiteCeiling } from '../../webview/charts/clipDiverged';
import { cellEdges } from '../../webview/charts/cellGridPlugin';
import { linearTickValues, roundToPixel, tickLabels } from '../../webview/charts/ticks';
import { editableNumber } from '../../webview/inputs';
import { mathNodes, mathPlainText } from '../../webview/mathText';
import { countOf } from '../../webview/plural';
import { complementLogSliderScale, fractionAlong, learningRateRange, linearSliderScale, logSliderScale, STEPS_PER_DECADE } from '../../webview/sliderScale';
import { staleBecause } from '../../webview/staleness';

describe('tick labels', () => {
  it('are distinct at any range: as many digits as tell neighbours apart', () => {
    assert.deepEqual(tickLabels([100, 200, 500]), ['100', '200', '500']);
    assert.deepEqual(tickLabels([100.2, 100.4, 100.6, 100.8]), ['100.2', '100.4', '100.6', '100.8']);
    assert.deepEqual(tickLabels([1.0001, 1.0002, 1.0003]), ['1.0001', '1.0002', '1.0003']);
    assert.deepEqual(tickLabels([1e-12, 1e-10]), ['1e-12', '1e-10']);
    for (const [min, max] of [[100, 100.0001], [5e-9, 5.00001e-9], [-3, 3], [12345, 12346]]) {
      const labels = tickLabels(linearTickValues(min, max));
      assert.ok(labels.length >= 2, `${min} … ${max}: ${labels.join(', ')}`);
      assert.equal(new Set(labels).size, labels.length, `${min} … ${max}: ${labels.join(', ')}`);
    }
  });

  it('round a value picked with the pointer to what a pixel tells apart', () => {
    assert.equal(roundToPixel(1.2483917, 0.01), 1.25);
    assert.equal(roundToPixel(-2.0004, 0.003), -2);
    assert.equal(roundToPixel(1234.56, 20), 1230);
  });
});

describe('diverged runs beside finite ones', () => {
  const finite = { loss: [9, 3, 1, 0.3], diverged: false };
  const diverged = { loss: [9, 40, 400, 1e150], diverged: true };

  it('set the ceiling by the finite runs, only when a diverged run goes above it', () => {
    assert.equal(finiteCeiling([finite, diverged], true), 18);
    assert.equal(finiteCeiling([finite, diverged], false), 9 + 0.87);
    assert.equal(finiteCeiling([diverged], true), null, 'a diverged run alone is not clipped');
    assert.equal(finiteCeiling([finite], true), null);
    assert.equal(finiteCeiling([finite, { loss: [9, 8, 7], diverged: true }], true), null);
  });

  it('are cut where they cross it, at the interpolated crossing (in log loss on a log axis)', () => {
    const points = diverged.loss.map((y, x) => ({ x, y }));
    const clipped = clipAtCeiling(points, 18, true);
    assert.equal(clipped.data.length, 2);
    assert.deepEqual(clipped.data[0], { x: 0, y: 9 });
    assert.ok(clipped.exit && Math.abs(clipped.exit.x - Math.log(2) / Math.log(40 / 9)) < 1e-12 && clipped.exit.y === 18);
    assert.deepEqual(clipAtCeiling(points, 1e200, true), { data: points, exit: null });
  });

  it('on the landscape, end where they leave the map', () => {
    const box = { xMin: -1, xMax: 1, yMin: -1, yMax: 1 };
    const path = [{ x: 0, y: 0 }, { x: 0.5, y: 0.5 }, { x: 3, y: 0.5 }, { x: -9, y: 0 }];
    assert.deepEqual(clipToBox(path, box), { data: [path[0], path[1], { x: 1, y: 0.5 }], exit: { x: 1, y: 0.5 } });
    assert.deepEqual(clipToBox(path.slice(0, 2), box), { data: path.slice(0, 2), exit: null });
  });
});

describe('slider scales', () => {
  it('put η on a log track, 30 positions a decade, in two significant digits, decades exact', () => {
    const scale = logSliderScale(1e-4, 10);
    assert.equal(scale.last, 5 * STEPS_PER_DECADE);
    assert.equal(scale.valueAt(0), 1e-4);
    assert.equal(scale.valueAt(scale.last), 10);
    assert.equal(scale.valueAt(3 * STEPS_PER_DECADE), 0.1);
    for (let position = 0; position <= scale.last; position++) {
      const value = scale.valueAt(position);
      assert.equal(Number(value.toPrecision(2)), value, `${value} has two significant digits`);
      assert.equal(scale.positionOf(value), position, `${value} maps back to its position`);
      if (position > 0) assert.ok(value > scale.valueAt(position - 1), 'values increase');
    }
    assert.equal(scale.positionOf(1e-9), 0);
    assert.equal(scale.positionOf(1e9), scale.last);
  });

  it('put β in hundredths and β2 on a log scale of 1 − β2', () => {
    const beta = linearSliderScale(0, 0.99, 0.01);
    assert.equal(beta.last, 99);
    assert.equal(beta.valueAt(90), 0.9);
    assert.equal(beta.positionOf(0.9), 90);
    const beta2 = complementLogSliderScale(0.1, 1e-4);
    assert.equal(beta2.valueAt(0), 0.9);
    assert.equal(beta2.valueAt(beta2.last), 0.9999);
    assert.equal(beta2.valueAt(beta2.positionOf(0.999)), 0.999);
  });

  it('span η from four decades below the critical η to one above, widened to hold η', () => {
    assert.deepEqual(learningRateRange(1, 0.2), { min: 1e-4, max: 10 });
    assert.deepEqual(learningRateRange(0.08, 0.07), { min: 1e-6, max: 1 });
    assert.deepEqual(learningRateRange(null, 0.01), { min: 1e-5, max: 10 });
    assert.deepEqual(learningRateRange(1, 500), { min: 1e-4, max: 1000 });
    const scale = logSliderScale(1e-4, 10);
    assert.equal(fractionAlong(scale, 0.01, 1e-4, 10, true), 0.4);
    assert.equal(fractionAlong(scale, 100, 1e-4, 10, true), null);
  });
});

describe('math titles', () => {
  const plain = (display: string) => mathPlainText(mathNodes(display));

  it('raise powers, lower subscripts, name Greek letters and use math signs', () => {
    assert.equal(plain('x^2'), 'x²');
    assert.equal(plain('(1 - x)^2 + 100*(y - x^2)^2'), '(1 − x)² + 100·(y − x²)²');
    assert.equal(plain('exp(-x^2)*y^(-1) + x^0.5'), 'exp(−x²)·y⁻¹ + x^0.5');
    assert.equal(plain('0.5*(theta_0 - 2)^2 + lambda*w^(2*b)'), '0.5·(θ₀ − 2)² + λ·w^(2·b)');
    assert.equal(plain('sqrt(x^2 + 1)'), '√(x² + 1)');
    // A formula too large to print is shown as its source: Python's ** is a power there too.
    assert.equal(plain('loss = (w - 3)**2 + b**-1'), 'loss = (w − 3)² + b⁻¹');
    assert.deepEqual(mathNodes('x^2'), ['x', { kind: 'sup', children: ['2'] }]);
  });

  it('cut a very long formula with an ellipsis', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `x${i}^2`).join(' + ');
    const cut = mathPlainText(mathNodes(long, 400));
    assert.ok(cut.endsWith('…') && cut.length < 420, `${cut.length} characters`);
    assert.ok(!plain(long).endsWith('…'));
  });
});

describe('a sweep or a map made for other settings', () => {
  const settings = { ...defaultRunSettings(), learningRate: 0.1 };
  const made = { settings, start: [3] };

  it('says what changed, and nothing when only what it varies did', () => {
    assert.equal(staleBecause(made, { settings: { ...settings, learningRate: 5 }, start: [3] }, ['x']), null);
    assert.equal(staleBecause(made, { settings: { ...settings, optimizer: defaultOptimizerSettings('adam') }, start: [3] }, ['x']), 'made with Gradient descent, not Adam');
    assert.equal(staleBecause(made, { settings: { ...settings, maxSteps: 50 }, start: [3] }, ['x']), 'made with a step limit of 1,000');
    assert.equal(staleBecause(made, { settings, start: [2] }, ['x']), 'made from x = 3');
    const momentum = { ...settings, optimizer: defaultOptimizerSettings('momentum') };
    const otherBeta = { ...momentum, optimizer: { ...momentum.optimizer, momentum: 0.5 } };
    assert.equal(staleBecause({ settings: momentum, start: [3] }, { settings: otherBeta, start: [3] }, ['x']), 'made with β = 0.9');
    assert.equal(staleBecause({ settings: momentum, start: [3] }, { settings: otherBeta, start: [3] }, ['x'], 'momentum'), null, 'a map varies β itself');
  });

  it('names a schedule read from code as the code does, and another framework’s semantics', () => {
    const multistep = { ...settings, schedule: { kind: 'multistep' as const, milestones: [30, 80], gamma: 0.1 } };
    assert.equal(staleBecause({ settings: multistep, start: [3] }, made, ['x']), 'made with the MultiStepLR schedule');
    assert.equal(staleBecause(made, { settings: multistep, start: [3] }, ['x']), 'made with the constant schedule');
    const keras = { ...settings, framework: 'keras' as const };
    assert.equal(staleBecause({ settings: keras, start: [3] }, made, ['x']), 'made with Keras 3’s semantics');
    assert.equal(staleBecause(made, { settings: { ...settings, framework: 'pytorch' as const }, start: [3] }, ['x']), null, 'no framework is PyTorch');
  });
});

describe('numbers as typed and counted', () => {
  it('shows η to six significant digits, exact for what sliders and ×10 make', () => {
    assert.equal(editableNumber(0.0034863652276780842), '0.00348637');
    assert.equal(editableNumber(0.2), '0.2');
    assert.equal(editableNumber(2e-7), '2e-7');
    assert.equal(editableNumber(1000), '1000');
  });

  it('says "1 step", not "1 steps"', () => {
    assert.equal(countOf(1, 'step'), '1 step');
    assert.equal(countOf(12000, 'step'), '12,000 steps');
    assert.equal(countOf(0, 'run'), '0 runs');
  });

  it('puts a map’s cell edges halfway between its values', () => {
    assert.deepEqual(cellEdges([0, 0.1, 0.2], false).map((edge) => Number(edge.toFixed(12))), [-0.05, 0.05, 0.15, 0.25]);
    const edges = cellEdges([1, 100], true);
    assert.ok(Math.abs(edges[1] - 10) < 1e-12 && Math.abs(edges[0] - 0.1) < 1e-12 && Math.abs(edges[2] - 1000) < 1e-9);
  });
});

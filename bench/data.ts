/**
 * The promise for losses over data: a full-batch value and gradient of a 10,000-row, 10-feature linear or
 * logistic regression, read from a Python document with a CSV beside it, within 2× of a hand-written loop.
 */
import { readFormulaInDocument, type Formula } from '../src/core/formula';
import { formatRate, measure, printTable, type Variant } from './measure';

const ROWS = 10_000;
const FEATURES = 10;

/** Deterministic features in [−1, 1) and targets: y = x·w* + noise (linear), or y = [x·w* + noise > 0] (logistic). */
function dataset(): { x: Float64Array; linear: Float64Array; labels: Float64Array; csv: string } {
  let state = 12345;
  const uniform = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 31 - 1;
  };
  const x = new Float64Array(ROWS * FEATURES);
  const linear = new Float64Array(ROWS);
  const labels = new Float64Array(ROWS);
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i += 1) {
    let score = 0;
    for (let j = 0; j < FEATURES; j += 1) {
      const v = Math.round(uniform() * 1e4) / 1e4;
      x[i * FEATURES + j] = v;
      score += v * ((j % 3) - 1 + 0.5);
    }
    const noise = Math.round(uniform() * 1e3) / 1e4;
    linear[i] = Math.round((score + noise) * 1e4) / 1e4;
    labels[i] = score + noise > 0 ? 1 : 0;
    lines.push([...x.subarray(i * FEATURES, i * FEATURES + FEATURES), linear[i], labels[i]].join(','));
  }
  return { x, linear, labels, csv: `${lines.join('\n')}\n` };
}

const PREAMBLE = `import numpy as np
data = np.loadtxt("train.csv", delimiter=",")
X = data[:, :${FEATURES}]
y = data[:, ${FEATURES}]
labels = data[:, ${FEATURES + 1}]
w = np.zeros(${FEATURES})
`;
const LINEAR = `${PREAMBLE}loss = np.mean((X @ w - y) ** 2)\n`;
const LOGISTIC = `${PREAMBLE}p = 1 / (1 + np.exp(-(X @ w)))\nloss = -np.mean(labels * np.log(p) + (1 - labels) * np.log(1 - p))\n`;

function read(document: string, csv: string): Formula {
  const start = document.indexOf('loss =');
  const result = readFormulaInDocument({ text: document, start, end: document.indexOf('\n', start), files: new Map([['train.csv', csv]]) });
  if (!result.ok) throw new Error('error' in result ? result.error.describe() : `missing ${result.missingFile.path}`);
  return result.formula;
}

/** Mean squared error and its gradient, written by hand as someone optimizing it would (row-major X). */
function handLinear(x: Float64Array, y: Float64Array, w: Float64Array, g: Float64Array): number {
  g.fill(0);
  let sum = 0;
  for (let i = 0; i < ROWS; i += 1) {
    const row = i * FEATURES;
    let residual = -y[i]!;
    for (let j = 0; j < FEATURES; j += 1) residual += x[row + j]! * w[j]!;
    sum += residual * residual;
    const scale = 2 * residual;
    for (let j = 0; j < FEATURES; j += 1) g[j] = g[j]! + scale * x[row + j]!;
  }
  for (let j = 0; j < FEATURES; j += 1) g[j] = g[j]! / ROWS;
  return sum / ROWS;
}

/** Log-loss of logistic regression and its gradient, by hand. */
function handLogistic(x: Float64Array, labels: Float64Array, w: Float64Array, g: Float64Array): number {
  g.fill(0);
  let sum = 0;
  for (let i = 0; i < ROWS; i += 1) {
    const row = i * FEATURES;
    let z = 0;
    for (let j = 0; j < FEATURES; j += 1) z += x[row + j]! * w[j]!;
    const p = 1 / (1 + Math.exp(-z));
    const label = labels[i]!;
    sum += label * Math.log(p) + (1 - label) * Math.log(1 - p);
    const scale = p - label;
    for (let j = 0; j < FEATURES; j += 1) g[j] = g[j]! + scale * x[row + j]!;
  }
  for (let j = 0; j < FEATURES; j += 1) g[j] = g[j]! / ROWS;
  return -sum / ROWS;
}

export function benchData(): { linear: number; logistic: number } {
  const { x, linear, labels, csv } = dataset();
  const w = Float64Array.from({ length: FEATURES }, (_, j) => 0.1 * (j - 4));
  const g = new Float64Array(FEATURES);
  const linearFormula = read(LINEAR, csv);
  const logisticFormula = read(LOGISTIC, csv);
  // Both implementations must compute the same numbers before their speed means anything.
  const check = (formula: Formula, hand: (gradient: Float64Array) => number): void => {
    const ours = new Float64Array(FEATURES);
    const value = formula.valueAndGradient(w, ours);
    const expected = hand(g);
    const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-10 * Math.max(1, Math.abs(b));
    if (!close(value, expected) || !Array.from(ours).every((v, j) => close(v, g[j]!))) throw new Error('The generated code and the hand-written loop disagree');
  };
  check(linearFormula, (gradient) => handLinear(x, linear, w, gradient));
  check(logisticFormula, (gradient) => handLogistic(x, labels, w, gradient));
  const linearGradient = linearFormula.valueAndGradient;
  const logisticGradient = logisticFormula.valueAndGradient;
  const repeat = (body: () => number) => (n: number): number => {
    let sink = 0;
    for (let k = 0; k < n; k += 1) sink += body();
    return sink;
  };
  const variants: Variant[] = [
    { name: 'linear, hand-written loop', run: repeat(() => handLinear(x, linear, w, g)) },
    { name: 'linear, gd-lab from the document', run: repeat(() => linearGradient(w, g)) },
    { name: 'logistic, hand-written loop', run: repeat(() => handLogistic(x, labels, w, g)) },
    { name: 'logistic, gd-lab from the document', run: repeat(() => logisticGradient(w, g)) },
  ];
  const [handL, oursL, handG, oursG] = measure(variants, { rounds: 7, milliseconds: 200 });
  const ratio = (hand: { perSecond: number }, ours: { perSecond: number }): number => hand.perSecond / ours.perSecond;
  printTable(
    `Full-batch loss and gradient over ${ROWS.toLocaleString('en-US')} rows × ${FEATURES} features (np.loadtxt of a CSV, read as the editor reads it)`,
    ['implementation', 'gradients/s', 'time vs hand-written'],
    [
      [handL!.name, formatRate(handL!.perSecond), '1.00×'],
      [oursL!.name, formatRate(oursL!.perSecond), `${ratio(handL!, oursL!).toFixed(2)}×`],
      [handG!.name, formatRate(handG!.perSecond), '1.00×'],
      [oursG!.name, formatRate(oursG!.perSecond), `${ratio(handG!, oursG!).toFixed(2)}×`],
    ],
  );
  const linearRatio = ratio(handL!, oursL!);
  const logisticRatio = ratio(handG!, oursG!);
  const met = (r: number): string => (r <= 2 ? 'met' : 'NOT met');
  console.log(`Data losses: linear ${linearRatio.toFixed(2)}×, logistic ${logisticRatio.toFixed(2)}× the hand-written time (promise: within 2×) — ${met(linearRatio)}, ${met(logisticRatio)}.`);
  return { linear: linearRatio, logistic: logisticRatio };
}

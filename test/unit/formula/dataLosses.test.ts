/**
 * Losses over data in each language's forms, read from their documents as the editor reads them: the variables
 * found, the start values, the loss and its exact gradient and Hessian at a point against the same loss written
 * by hand — and the refusals, with where they point.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { readDocumentFormula, type DocumentFormulaResult } from '../../../src/core/documentFormula';
import { compileBatchValueAndGradient } from '../../../src/core/formula/compileRows';
import { evaluate } from '../../../src/core/formula/evaluate';
import type { Formula } from '../../../src/core/formula';
import { formulaRangeAt } from '../../../src/extension/session/formulaAtCursor';

/** Reads the formula on the line starting with `marker` of `text`, as the editor would. */
async function readAt(text: string, marker: string, language: string, files: Record<string, string> = {}): Promise<DocumentFormulaResult> {
  const at = text.indexOf(marker);
  assert.ok(at !== -1, `no ${marker} in the document`);
  const lineStart = text.lastIndexOf('\n', at) + 1;
  const range = formulaRangeAt(text, lineStart);
  return readDocumentFormula({ text, start: range.start, end: range.end, languageId: language, defaultStartValue: 1 }, async (path) => {
    if (!Object.hasOwn(files, path)) throw new Error('there is no such file next to the code');
    return files[path]!;
  });
}

async function read(text: string, marker: string, language: string, files: Record<string, string> = {}): Promise<{ formula: Formula; start: number[] }> {
  const result = await readAt(text, marker, language, files);
  if (!result.ok) assert.fail(result.error.describe());
  return result;
}

async function refused(text: string, marker: string, language: string, message: RegExp, where: { line: number; column: number }, files: Record<string, string> = {}): Promise<void> {
  const result = await readAt(text, marker, language, files);
  if (result.ok) assert.fail(`read as ${result.formula.display}`);
  assert.match(result.error.message, message);
  assert.deepEqual({ line: result.error.line, column: result.error.column }, where, result.error.message);
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-10 * Math.max(1, Math.abs(expected)), `${what}: got ${actual}, expected ${expected}`);
}

/** The loss, gradient (by central differences of the hand-written loss) and Hessian diagonal at `at`. */
function agrees(formula: Formula, at: number[], loss: (p: number[]) => number): void {
  close(formula.value(at), loss(at), 'loss');
  const gradient = formula.gradient(at);
  const h = 1e-6;
  at.forEach((_, i) => {
    const up = [...at];
    const down = [...at];
    up[i] += h;
    down[i] -= h;
    const numeric = (loss(up) - loss(down)) / (2 * h);
    assert.ok(Math.abs(gradient[i]! - numeric) <= 1e-5 * Math.max(1, Math.abs(numeric)), `∂/∂${formula.variables[i]}: ${gradient[i]} vs ${numeric}`);
  });
  const hessian = formula.hessian(at);
  at.forEach((_, i) => {
    const up = [...at];
    const down = [...at];
    up[i] += 1e-4;
    down[i] -= 1e-4;
    const numeric = (loss(up) - 2 * loss(at) + loss(down)) / 1e-8;
    assert.ok(Math.abs(hessian[i]![i]! - numeric) <= 1e-3 * Math.max(1, Math.abs(numeric)), `∂²/∂${formula.variables[i]}²: ${hessian[i]![i]} vs ${numeric}`);
  });
}

const xs = [1, 2, 3, 4, 5];
const ys = [2.1, 3.9, 6.2, 7.8, 10.1];
const mse = ([w, b]: number[]): number => xs.reduce((s, x, i) => s + (w! * x + b! - ys[i]!) ** 2, 0) / xs.length;

describe('losses over data: Python and NumPy', () => {
  it('reads arrays written out, with numbers above as start values', async () => {
    const doc = `import numpy as np\nx = np.array([1.0, 2.0, 3.0, 4.0, 5.0])\ny = np.array([2.1, 3.9, 6.2, 7.8, 10.1])\nw = 0.5\nb = 0.0\nloss = np.mean((w * x + b - y) ** 2)\n`;
    const { formula, start } = await read(doc, 'loss =', 'python');
    assert.deepEqual(formula.variables, ['w', 'b']);
    assert.deepEqual(start, [0.5, 0]);
    assert.equal(formula.data?.rowCount, 5);
    assert.equal(formula.display, 'sum((w*x[i] + b - y[i])^2)/m');
    agrees(formula, [0.7, -0.3], mse);
  });

  it('reads a CSV with loadtxt, column slices, np.c_ and a vector parameter from np.zeros', async () => {
    const csv = 'x,y\n' + xs.map((x, i) => `${x},${ys[i]}`).join('\n') + '\n';
    const doc = `import numpy as np\ndata = np.loadtxt("d.csv", delimiter=",", skiprows=1)\nX = np.c_[np.ones(len(data)), data[:, 0]]\ny = data[:, -1]\nw = np.zeros(2)\nloss = ((X @ w - y) ** 2).mean()\n`;
    const { formula, start } = await read(doc, 'loss =', 'python', { 'd.csv': csv });
    assert.deepEqual(formula.variables, ['w[0]', 'w[1]']);
    assert.deepEqual(start, [0, 0]);
    // The column of ones is a constant, not data.
    assert.deepEqual(formula.data?.columns, ['X[i,1]', 'y[i]']);
    agrees(formula, [0.3, 1.7], ([b, w]) => mse([w!, b!]));
  });

  it('reads pandas columns, np.dot, len and a function whose data are its globals', async () => {
    const csv = 'size,price\n' + xs.map((x, i) => `${x},${ys[i]}`).join('\n') + '\n';
    const doc = `import pandas as pd\nimport numpy as np\ndf = pd.read_csv("h.csv")\nx = df["size"].values\ny = df.price.values\ndef cost(w, b=0.0):\n    m = len(y)\n    return np.sum((np.dot(x, w) + b - y) ** 2) / (2 * m)\n`;
    const { formula, start } = await read(doc, 'def cost', 'python', { 'h.csv': csv });
    assert.deepEqual(formula.variables, ['w', 'b']);
    assert.deepEqual(start, [1, 0]);
    agrees(formula, [1.1, 0.2], (p) => mse(p) / 2);
  });

  it('reads logistic regression with its probability defined above the loss', async () => {
    const X = [[0.5, 1.2], [1.5, -0.3], [-1.0, 0.8], [2.0, 2.0], [-0.5, -1.5], [0.1, 0.4]];
    const labels = [1, 0, 1, 1, 0, 0];
    const doc = `import numpy as np\nX = np.array(${JSON.stringify(X)})\ny = np.array(${JSON.stringify(labels)})\nw = np.zeros(2)\nb = 0.0\np = 1 / (1 + np.exp(-(X @ w + b)))\nloss = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n`;
    const { formula } = await read(doc, 'loss =', 'python');
    assert.deepEqual(formula.variables, ['w[0]', 'w[1]', 'b']);
    agrees(formula, [0.3, -0.2, 0.1], ([w0, w1, b]) =>
      -X.reduce((s, [a, c], i) => {
        const q = 1 / (1 + Math.exp(-(a! * w0! + c! * w1! + b!)));
        return s + labels[i]! * Math.log(q) + (1 - labels[i]!) * Math.log(1 - q);
      }, 0) / X.length,
    );
  });

  it('sums over rows with X.T, as the gradient of least squares is written', async () => {
    const doc = `import numpy as np\nX = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])\ny = np.array([1.0, 2.5, 2.9])\nw = np.zeros(2)\nr = X @ w - y\nloss = r.T @ r / len(y)\n`;
    const { formula } = await read(doc, 'loss =', 'python');
    agrees(formula, [0.2, 0.9], ([a, c]) => [[1, 1, 1], [1, 2, 2.5], [1, 3, 2.9]].reduce((s, [u, v, t]) => s + (u! * a! + v! * c! - t!) ** 2, 0) / 3);
  });

  it('refuses NumPy’s rows×rows broadcast, naming the reshape', async () => {
    const doc = `import numpy as np\nX = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])\ny = np.array([1.0, 2.5, 2.9])\ntheta = np.zeros((2, 1))\nloss = np.mean((X @ theta - y) ** 2)\n`;
    await refused(doc, 'loss =', 'python', /rows×rows/, { line: 5, column: 17 });
  });

  it('refuses shapes that do not broadcast where they meet, above the loss and in it', async () => {
    const above = `import numpy as np\nx = np.array([1.0, 2.0])\nz = x + np.array([1.0, 2.0, 3.0])\nw = 0.0\nloss = np.mean((w * z) ** 2)\n`;
    await refused(above, 'loss =', 'python', /^a vector of 2 and a vector of 3 can’t be combined element by element, in `x \+ np\.array\(\[1\.0, 2\.0, 3\.0\]\)`/, { line: 3, column: 5 });
    const inLoss = `import numpy as np\nx = np.array([1.0, 2.0])\nw = 0.0\nloss = np.mean((w * x + np.array([1.0, 2.0, 3.0])) ** 2)\n`;
    await refused(inLoss, 'loss =', 'python', /^a vector over the rows and a vector of 3 can’t be combined element by element, in `w \* x \+ np\.array/, { line: 4, column: 17 });
    const rowsAgainstRows = `import numpy as np\nX = np.array([[1.0, 1.0], [1.0, 2.0], [1.0, 3.0]])\nw = np.zeros(2)\nloss = np.mean((X * w - X[:, 0:1].T) ** 2)\n`;
    await refused(rowsAgainstRows, 'loss =', 'python', /^a rows×2 array and a 1×rows array can’t be combined element by element \(the rows of one would meet the rows of the other/, { line: 4, column: 17 });
  });

  it('refuses a missing data file, and a malformed one with the file’s line', async () => {
    const doc = `import numpy as np\ndata = np.loadtxt("gone.csv", delimiter=",")\nx = data[:, 0]\nw = 0.0\nloss = np.mean((w * x - 1) ** 2)\n`;
    await refused(doc, 'loss =', 'python', /The data file gone\.csv can’t be read: there is no such file/, { line: 2, column: 19 });
    await refused(doc.replace('gone', 'bad'), 'loss =', 'python', /bad\.csv line 3: value 2 is `oops`, which isn’t a number/, { line: 2, column: 8 }, { 'bad.csv': '1,2\n3,4\n5,oops\n' });
  });

  it('refuses data preparation it does not read, where it is written', async () => {
    const doc = `import numpy as np\nX, y = load_data()\nw = 0.0\nloss = np.mean((w * X - y) ** 2)\n`;
    await refused(doc, 'loss =', 'python', /comes from `X, y = load_data\(\)`, which assigns several names at once/, { line: 2, column: 1 });
    const random = `import numpy as np\nx = np.array([1.0, 2.0])\nw = np.random.randn(1)\nloss = np.mean((w * x) ** 2)\n`;
    await refused(random, 'loss =', 'python', /draws random numbers/, { line: 3, column: 5 });
  });

  it('reads chains of thousands of terms in the loss and above it, and refuses definitions nested past the limit', async () => {
    const terms = (term: string, n: number): string => Array.from({ length: n }, () => term).join(' + ');
    const inLoss = `import numpy as np\nx = np.array([1.0, 2.0, 3.0])\nw = 0.5\nloss = np.mean((${terms('w*x', 2000)} - 1) ** 2)\n`;
    const { formula } = await read(inLoss, 'loss =', 'python');
    close(formula.value([0.5]), [1, 2, 3].reduce((s, x) => s + (1000 * x - 1) ** 2, 0) / 3, 'a loss of 2,000 terms');
    const above = `import numpy as np\nx = np.array([1.0, 2.0, 3.0])\nz = ${terms('x', 5000)}\nw = 0.5\nloss = np.mean((w * z - 1) ** 2)\n`;
    close((await read(above, 'loss =', 'python')).formula.value([0.5]), [1, 2, 3].reduce((s, x) => s + (2500 * x - 1) ** 2, 0) / 3, 'data of 5,000 terms');
    const definitions = (n: number): string =>
      `import numpy as np\nx = np.array([1.0, 2.0, 3.0])\ndef loss(w):\n  a0=w*x\n${Array.from({ length: n }, (_, k) => `  a${k + 1}=a${k}+x`).join('\n')}\n  return np.mean(a${n} ** 2)\n`;
    close((await read(definitions(150), 'def loss', 'python')).formula.value([0.5]), [1, 2, 3].reduce((s, x) => s + (150.5 * x) ** 2, 0) / 3, '150 definitions');
    await refused(definitions(250), 'def loss', 'python', /`a50` is defined through more than 200 definitions, each using the one before/, { line: 55, column: 7 });
  });

  it('refuses keyword arguments a loss does not read, by name', async () => {
    const doc = `import numpy as np\nx = np.array([1.0, 2.0])\nw = 0.0\nloss = np.mean(np.sin(w * x, out=x) ** 2)\n`;
    await refused(doc, 'loss =', 'python', /Keyword arguments \(`out`=…\) aren’t supported/, { line: 4, column: 30 });
    const where = `import numpy as np\nx = np.array([1.0, 2.0])\nw = 0.0\nloss = np.mean((w * x) ** 2, where=x)\n`;
    await refused(where, 'loss =', 'python', /Keyword arguments \(`where`=…\) aren’t supported/, { line: 4, column: 30 });
  });
});

describe('losses over data: MATLAB and Octave', () => {
  const data = xs.map((x, i) => `${x},${ys[i]}`).join('\n') + '\n';

  it('reads the course’s cost function: load, [ones(m, 1), x], zeros(2, 1), X*theta, .^, sum', async () => {
    const doc = `data = load('ex1data1.txt');\nX = data(:, 1); y = data(:, 2);\nm = length(y);\nX = [ones(m, 1), X];\ntheta = zeros(2, 1);\nJ = 1/(2*m) * sum((X*theta - y).^2);\n`;
    const { formula, start } = await read(doc, 'J =', 'matlab', { 'ex1data1.txt': data });
    assert.deepEqual(formula.variables, ['theta(1)', 'theta(2)']);
    assert.deepEqual(start, [0, 0]);
    assert.equal(formula.display, '1/(2*m)*sum((theta(1) + X(i,2)*theta(2) - y(i))^2)');
    agrees(formula, [0.4, 1.6], ([b, w]) => mse([w!, b!]) / 2);
  });

  it('reads a cost function whose arguments are the data, with theta written out', async () => {
    const doc = `X = [1 1; 1 2; 1 3; 1 4; 1 5];\ny = [2.1; 3.9; 6.2; 7.8; 10.1];\ntheta = [0; 0];\nfunction J = computeCost(X, y, theta)\n  m = length(y);\n  J = 1/(2*m) * sum((X*theta - y).^2);\nend\n`;
    const { formula } = await read(doc, 'function J', 'matlab');
    assert.deepEqual(formula.variables, ['theta(1)', 'theta(2)']);
    agrees(formula, [0.4, 1.6], ([b, w]) => mse([w!, b!]) / 2);
  });

  it('reads csvread, X\' and size(X, 1)', async () => {
    const doc = `D = csvread('d.csv');\nX = [ones(size(D, 1), 1) D(:, 1)];\ny = D(:, 2);\ntheta = zeros(2, 1);\nr = X*theta - y;\nJ = (r'*r) / (2*size(X, 1));\n`;
    const { formula } = await read(doc, 'J =', 'matlab', { 'd.csv': data });
    agrees(formula, [0.4, 1.6], ([b, w]) => mse([w!, b!]) / 2);
  });
});

describe('losses over data: Julia and TypeScript', () => {
  it('reads Julia arrays, [ones(m) x], mean and broadcasting dots', async () => {
    const doc = `using Statistics\nx = [1.0, 2.0, 3.0, 4.0, 5.0]\ny = [2.1, 3.9, 6.2, 7.8, 10.1]\nX = [ones(length(x)) x]\nw = zeros(2)\nloss(w) = mean((X * w .- y) .^ 2)\n`;
    const { formula, start } = await read(doc, 'loss(w)', 'julia');
    assert.deepEqual(formula.variables, ['w[1]', 'w[2]']);
    assert.deepEqual(start, [0, 0]);
    agrees(formula, [0.4, 1.6], ([b, w]) => mse([w!, b!]));
  });

  it('reads TypeScript’s reduce and map one-liners over number arrays', async () => {
    const head = `const xs = [1, 2, 3, 4, 5];\nconst ys = [2.1, 3.9, 6.2, 7.8, 10.1];\nlet w = 0;\nlet b = 0;\n`;
    for (const loss of [
      'const loss = xs.reduce((sum, x, i) => sum + (w * x + b - ys[i]) ** 2, 0) / xs.length;',
      'const loss = xs.map((x, i) => (w * x + b - ys[i]) ** 2).reduce((a, c) => a + c, 0) / xs.length;',
    ]) {
      const { formula } = await read(`${head}${loss}\n`, 'const loss', 'typescript');
      assert.deepEqual(formula.variables, ['w', 'b']);
      agrees(formula, [0.7, -0.3], mse);
    }
  });
});

describe('generated row loops', () => {
  it('agree with the reference evaluator on every batch, and never write a row into the code', async () => {
    const doc = `import numpy as np\nx = np.array([1.0, 2.0, 3.0, 4.0, 5.0])\ny = np.array([2.1, 3.9, 6.2, 7.8, 10.1])\nw = 0.5\nb = 0.0\nloss = np.mean((w * x + b - y) ** 2) + np.std(y * w)\n`;
    const { formula } = await read(doc, 'loss =', 'python');
    const { loss, gradient } = formula.expressions;
    const columns = [Float64Array.from(xs), Float64Array.from(ys)];
    const compiled = compileBatchValueAndGradient(loss, gradient, columns);
    for (const batch of [[0, 1, 2, 3, 4], [4, 1], [2, 0, 3]]) {
      const rows = Int32Array.from(batch);
      const g = new Float64Array(2);
      const value = compiled([0.3, 0.2], g, rows, rows.length);
      const reference = evaluate([loss, ...gradient], [0.3, 0.2], { columns, batch: rows, count: rows.length });
      close(value, reference[0]!, 'loss');
      close(g[0]!, reference[1]!, '∂/∂w');
      close(g[1]!, reference[2]!, '∂/∂b');
    }
  });
});

/**
 * Formulas as people really select them — in Python, JavaScript/TypeScript, Java/C#, C/C++, MATLAB, Julia, R,
 * LaTeX in Markdown and plain math — checked by value and exact gradient against hand-written JavaScript, or
 * refused with what is wrong and where. Complements dialects.test.ts and errors.test.ts (no case repeated).
 *
 * The `todo` lists hold what was found wrong, each written as the reader should behave: `was` says what it did
 * before the fix; a `todo` (none is open now) marks a known gap, reported by the suite without failing it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFormula } from '../../../src/core/formula';
import { assertClose, read, reads, refuses, sigmoid, sq, type Reading, type Refusal } from './readings';

// ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────

/** A discrepancy, with the behaviour it should have: a reading, a refusal, or a custom check. */
/**
 * A case that was a discrepancy: `was` says what the engine did before it was fixed (kept as the reason the
 * test exists); `todo` marks one still open, which the suite reports without failing.
 */
type Todo = ({ todo: string; was?: never } | { was: string; todo?: never }) & { title?: string } & (
    | { reads: Reading }
    | { refuses: Refusal }
    | { source: string; check: (source: string) => void }
  );

const title = (source: string): string => source.replace(/\s+/g, ' ').trim();


/** One dialect's cases: readings and refusals that work (regression guards), and known discrepancies. */
function dialect(name: string, cases: { reads?: Reading[]; refuses?: Refusal[]; todo?: Todo[] }): void {
  describe(name, () => {
    for (const c of cases.reads ?? []) it(`reads ${title(c.source)}`, () => reads(c));
    for (const r of cases.refuses ?? []) it(`refuses ${title(r.source)}`, () => refuses(r));
    for (const t of cases.todo ?? []) {
      const options = t.todo ? { todo: t.todo } : {};
      const should = t.todo ? 'should ' : '';
      if ('reads' in t) it(t.title ?? `${should}read${should ? '' : 's'} ${title(t.reads.source)}`, options, () => reads(t.reads));
      else if ('refuses' in t) it(t.title ?? `${should}refuse${should ? '' : 's'} ${title(t.refuses.source)}`, options, () => refuses(t.refuses));
      else it(t.title ?? title(t.source), options, () => t.check(t.source));
    }
  });
}

/** Accepted or refused, but never with `name` as a variable (a library prefix, a keyword, a number suffix). */
const neverAVariable = (name: string) => (source: string): void => {
  const result = readFormula(source);
  if (result.ok) assert.ok(!result.formula.variables.includes(name), `\`${name}\` became a variable: ${result.formula.display}`);
};

/** Accepted only if it reads as `expected`; otherwise refused at `line` (a continuation line, say). */
const readsOrRefusesAt = (expected: Omit<Reading, 'source'>, line: number) => (source: string): void => {
  const result = readFormula(source);
  if (result.ok) reads({ source, ...expected });
  else assert.equal(result.error.line, line, result.error.describe());
};

/** Refused, with a message that matches `good` and does not match `misleading`. */
const refusedSaying = (good: RegExp, misleading: RegExp) => (source: string): void => {
  const result = readFormula(source);
  if (result.ok) assert.fail(`accepted as ${result.formula.display}`);
  assert.match(result.error.message, good);
  assert.doesNotMatch(result.error.message, misleading);
};

// Classic test functions, value and gradient.
const rosenbrock: Pick<Reading, 'value' | 'gradient'> = {
  value: ([x, y]) => sq(1 - x) + 100 * sq(y - x * x),
  gradient: ([x, y]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
};
const himmelblau: Pick<Reading, 'value' | 'gradient'> = {
  value: ([x, y]) => sq(x * x + y - 11) + sq(x + y * y - 7),
  gradient: ([x, y]) => [4 * x * (x * x + y - 11) + 2 * (x + y * y - 7), 2 * (x * x + y - 11) + 4 * y * (x + y * y - 7)],
};
const beale: Pick<Reading, 'value' | 'gradient'> = {
  value: ([x, y]) => sq(1.5 - x + x * y) + sq(2.25 - x + x * y * y) + sq(2.625 - x + x * y ** 3),
  gradient: ([x, y]) => {
    const [a, b, c] = [1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y ** 3];
    return [2 * a * (y - 1) + 2 * b * (y * y - 1) + 2 * c * (y ** 3 - 1), 2 * a * x + 4 * b * x * y + 6 * c * x * y * y];
  },
};
const matyas: Pick<Reading, 'value' | 'gradient'> = {
  value: ([x, y]) => 0.26 * (x * x + y * y) - 0.48 * x * y,
  gradient: ([x, y]) => [0.52 * x - 0.48 * y, 0.52 * y - 0.48 * x],
};
const camel: Pick<Reading, 'value' | 'gradient'> = {
  value: ([x, y]) => 2 * x * x - 1.05 * x ** 4 + x ** 6 / 6 + x * y + y * y,
  gradient: ([x, y]) => [4 * x - 4.2 * x ** 3 + x ** 5 + y, x + 2 * y],
};
const quadratic: Pick<Reading, 'value' | 'gradient'> = {
  value: ([w, b]) => sq(w - 3) + 0.5 * sq(b),
  gradient: ([w, b]) => [2 * (w - 3), b],
};
const quadraticFull: Pick<Reading, 'value' | 'gradient'> = {
  value: ([w, b]) => sq(w - 3) + sq(b),
  gradient: ([w, b]) => [2 * (w - 3), 2 * b],
};
const bowl: Pick<Reading, 'value' | 'gradient'> = {
  value: ([x, y]) => x * x + y * y,
  gradient: ([x, y]) => [2 * x, 2 * y],
};
const square: Pick<Reading, 'variables' | 'value' | 'gradient'> = {
  variables: ['x'],
  value: ([x]) => x * x,
  gradient: ([x]) => [2 * x],
};
/** Logistic loss log(1 + e^{-ywx}) over [y, w, x]. */
const logistic: Pick<Reading, 'value' | 'gradient'> = {
  value: ([y, w, x]) => Math.log(1 + Math.exp(-y * w * x)),
  gradient: ([y, w, x]) => {
    const s = sigmoid(-y * w * x);
    return [-w * x * s, -y * x * s, -y * w * s];
  },
};
/** Binary cross-entropy of sigmoid(wx) against y, over [y, w, x]. */
const crossEntropy: Pick<Reading, 'value' | 'gradient'> = {
  value: ([y, w, x]) => -y * Math.log(sigmoid(w * x)) - (1 - y) * Math.log(1 - sigmoid(w * x)),
  gradient: ([y, w, x]) => {
    const s = sigmoid(w * x);
    return [-Math.log(s) + Math.log(1 - s), (s - y) * x, (s - y) * w];
  },
};

// ─── Python ──────────────────────────────────────────────────────────────────────────────────────

dialect('Python', {
  reads: [
    {
      source: '@jax.jit\n@functools.partial(jax.vmap, in_axes=0)\ndef loss(w, b):\n    return (w - 3) ** 2 + b ** 2',
      variables: ['w', 'b'],
      at: [1.5, -2],
      ...quadraticFull,
      name: 'loss',
    },
    { source: '@torch.no_grad()\ndef f(x):\n    # squared\n    return x ** 2', ...square, at: [-1.5] },
    {
      source: 'def rosenbrock(x, y, a=1, b=100):\n    """Rosenbrock\'s valley."""\n    return (a - x)**2 + b*(y - x**2)**2',
      variables: ['x', 'y', 'a', 'b'],
      at: [-1.2, 1, 1.5, 80],
      value: ([x, y, a, b]) => sq(a - x) + b * sq(y - x * x),
      gradient: ([x, y, a, b]) => [-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x), 2 * (a - x), sq(y - x * x)],
      startValues: { a: 1, b: 100 },
      name: 'rosenbrock',
    },
    { source: 'def himmelblau(x, y):\n    return (x**2 + y - 11)**2 + (x + y**2 - 7)**2', variables: ['x', 'y'], at: [1.5, -0.5], ...himmelblau },
    {
      source: 'def beale(x, y):\n    return (1.5 - x + x*y)**2 + (2.25 - x + x*y**2)**2 + (2.625 - x + x*y**3)**2',
      variables: ['x', 'y'],
      at: [2.5, 0.3],
      ...beale,
    },
    {
      source: 'booth = lambda x, y: (x + 2*y - 7)**2 + (2*x + y - 5)**2',
      variables: ['x', 'y'],
      at: [0.5, 2],
      value: ([x, y]) => sq(x + 2 * y - 7) + sq(2 * x + y - 5),
      gradient: ([x, y]) => [2 * (x + 2 * y - 7) + 4 * (2 * x + y - 5), 4 * (x + 2 * y - 7) + 2 * (2 * x + y - 5)],
      name: 'booth',
    },
    { source: 'matyas = lambda x, y: 0.26*(x**2 + y**2) - 0.48*x*y', variables: ['x', 'y'], at: [3, -1], ...matyas },
    {
      source: 'def three_hump_camel(x, y):\n    return 2*x**2 - 1.05*x**4 + x**6/6 + x*y + y**2',
      variables: ['x', 'y'],
      at: [1.2, -0.7],
      ...camel,
    },
    {
      source: 'loss = np.log(np.cosh(y_pred - y))  # log-cosh',
      variables: ['y_pred', 'y'],
      at: [2.5, 1],
      value: ([p, y]) => Math.log(Math.cosh(p - y)),
      gradient: ([p, y]) => [Math.tanh(p - y), -Math.tanh(p - y)],
    },
    {
      source: 'loss = np.sqrt(1 + (w - 3)**2) - 1  # pseudo-Huber',
      variables: ['w'],
      at: [0.5],
      value: ([w]) => Math.sqrt(1 + sq(w - 3)) - 1,
      gradient: ([w]) => [(w - 3) / Math.sqrt(1 + sq(w - 3))],
    },
    { source: 'loss = torch.log(1 + torch.exp(-y * w * x))', variables: ['y', 'w', 'x'], at: [1, 0.4, -1.5], ...logistic },
    {
      source: 'loss = -y*np.log(sigmoid(w*x)) - (1 - y)*np.log(1 - sigmoid(w*x))',
      variables: ['y', 'w', 'x'],
      at: [0.3, 0.8, 1.5],
      ...crossEntropy,
    },
    {
      source: 'loss = np.maximum(0, 1 - y * w * x)  # hinge',
      variables: ['y', 'w', 'x'],
      at: [1, 0.2, 1.5],
      value: ([y, w, x]) => Math.max(0, 1 - y * w * x),
      gradient: ([y, w, x]) => [-w * x, -y * x, -y * w],
    },
    {
      source: 'loss = np.square(w - 3) + np.abs(b)',
      variables: ['w', 'b'],
      at: [1, -0.5],
      value: ([w, b]) => sq(w - 3) + Math.abs(b),
      gradient: ([w]) => [2 * (w - 3), -1],
    },
    {
      source: 'loss = (w - 3).abs().pow(2) + b.exp()',
      variables: ['w', 'b'],
      at: [1, 0.5],
      value: ([w, b]) => sq(w - 3) + Math.exp(b),
      gradient: ([w, b]) => [2 * (w - 3), Math.exp(b)],
    },
    {
      source: 'loss = math.e**w + np.pi * b',
      variables: ['w', 'b'],
      at: [0.5, 2],
      value: ([w, b]) => Math.exp(w) + Math.PI * b,
      gradient: ([w]) => [Math.exp(w), Math.PI],
    },
    {
      source: 'loss = 1e-3 * w**2 + 1_000 * (b - 0.5)**2',
      variables: ['w', 'b'],
      at: [2, 1],
      value: ([w, b]) => 1e-3 * w * w + 1000 * sq(b - 0.5),
      gradient: ([w, b]) => [2e-3 * w, 2000 * (b - 0.5)],
    },
    { source: 'def loss(w, b):\n    return (\n        (w - 3) ** 2\n        + 0.5 * b ** 2\n    )', variables: ['w', 'b'], at: [0, 1], ...quadratic },
    { source: 'loss = (w - 3)**2 \\\n     + 0.5 * b**2', variables: ['w', 'b'], at: [4, -2], ...quadratic },
    {
      source: 'def f(x, y):\r\n    z = x + y\r\n    return z**2\r\n',
      variables: ['x', 'y'],
      at: [0.5, 1],
      value: ([x, y]) => sq(x + y),
      gradient: ([x, y]) => [2 * (x + y), 2 * (x + y)],
    },
    {
      source: 'def f(w):\n\terr = w - 3\n\terr = 2 * err\n\treturn err ** 2',
      variables: ['w'],
      at: [1],
      value: ([w]) => 4 * sq(w - 3),
      gradient: ([w]) => [8 * (w - 3)],
    },
    { source: 'loss: float = (w - 3)**2 + b**2', variables: ['w', 'b'], at: [2, 2], ...quadraticFull, name: 'loss' },
    {
      // A list is an array: its sum is the sum of its elements.
      source: 'loss = sum([w**2, b**2])',
      variables: ['w', 'b'],
      at: [1.5, -2],
      value: ([w, b]) => w ** 2 + b ** 2,
      gradient: ([w, b]) => [2 * w, 2 * b],
    },
    {
      source: 'x = -1.5\ny = 2.0\nloss = (1 - x)**2 + 100*(y - x**2)**2',
      variables: ['x', 'y'],
      at: [0.5, 0.5],
      ...rosenbrock,
      startValues: { x: -1.5, y: 2 },
      name: 'loss',
    },
  ],
  refuses: [
    { source: 'loss = torch.where(x > 0, x, -x)', message: /Comparisons \(`>`\)/, column: 22 },
    { source: 'loss = x[i]**2', message: /Only indexing by a whole number/, column: 10 },
    { source: 'loss = torch.mean((w * x - y) ** 2)', message: /`torch.mean` works on arrays/, column: 8 },
    { source: 'loss = (w - 3).pow(2).mean()', message: /`mean` works on arrays/, column: 22 },
    { source: 'for epoch in range(100):\n    loss = (w - 3)**2', message: /Loops \(`for`\)/, column: 1 },
    { source: 'def f(x):\n    return x**2\nprint(f(3))', message: /Unexpected `print` after the formula/, column: 1, line: 3 },
    { source: 'loss = (w - 3)**2\nloss.backward()', message: /`loss.backward` is a training method, not math/, column: 1, line: 2 },
    { source: "getattr(math, 'exp')(x)", message: /`getattr` isn’t a math function/, column: 1 },
  ],
  todo: [
    {
      was: 'misread: a line starting with `+` outside brackets becomes its own statement and the last statement wins, so only b**2 is read (parser.ts statements/resolveProgram); refuse at line 2 or read the sum',
      source: 'loss = (w - 3)**2\n     + b**2',
      check: readsOrRefusesAt({ variables: ['w', 'b'], at: [1, 2], ...quadraticFull }, 2),
    },
    {
      was: 'misread: two formulas selected; the second (a gradient) is silently taken and the first dropped — refuse, naming line 2',
      refuses: { source: 'loss = (w - 3)**2\ngrad = 2*(w - 3)', message: /More than one formula is selected: `loss = \(w - 3\)\*\*2` is not used/, column: 1, line: 1 },
    },
    {
      was: 'misread: the parameter x, used only as x[0] and x[1], is a third variable with zero gradient (lower.ts run: every signature parameter is a variable)',
      reads: {
        source: 'def f(x):\n    return (1 - x[0])**2 + 100*(x[1] - x[0]**2)**2',
        variables: ['x[0]', 'x[1]'],
        at: [-1.2, 1],
        ...rosenbrock,
      },
    },
    {
      was: 'misread: an unknown library prefix becomes a variable: max(max(anp, x), 0) (parser.ts nameOrCall treats `anp` as a method receiver)',
      source: 'loss = anp.maximum(0, 1 - y * w)',
      check: neverAVariable('anp'),
    },
    {
      was: 'bad message: autograd.numpy’s exp is refused with "`exp` takes 1 argument, but 2 were given" (the prefix is passed as an argument)',
      source: 'loss = anp.exp(-w**2)',
      check: (source) => {
        const result = readFormula(source);
        if (!result.ok) assert.doesNotMatch(result.error.message, /2 were given/);
      },
    },
    {
      was: 'bad message: `self.sigmoid(z)` (a module attribute) is refused with "`sigmoid` takes 1 argument, but 2 were given"',
      source: 'loss = self.sigmoid(z)',
      check: (source) => {
        const result = readFormula(source);
        if (!result.ok) assert.doesNotMatch(result.error.message, /2 were given/);
      },
    },
    {
      was: 'wrongly refused: `$…$` in a docstring turns on the LaTeX dialect for the whole selection (lexer.ts detectDialect scans comments and strings); "Unexpected `:` after the formula"',
      reads: { source: 'def f(x):\n    """Returns $x^2$."""\n    return x**2', ...square, at: [3] },
    },
    {
      was: 'wrongly refused: `\\ell` in a comment turns on the LaTeX dialect; "Unexpected `=` after the formula" at column 6',
      reads: { source: 'loss = (w - 3)**2 + b**2  # $\\ell_2$-regularized', variables: ['w', 'b'], at: [1, 1], ...quadraticFull },
    },
    {
      was: 'wrongly refused: a `$` in a comment turns on the LaTeX dialect',
      reads: { source: 'loss = (w - 3)**2  # costs $5 per unit', variables: ['w'], at: [1], value: ([w]) => sq(w - 3), gradient: ([w]) => [2 * (w - 3)] },
    },
    {
      was: 'wrongly refused: tuple assignment of start values inside the selection ("Unexpected `,` after the formula"); assignedValues.ts reads the same line above a selection',
      reads: { source: 'w, b = 1.0, 2.0\nloss = (w - 3)**2 + b**2', variables: ['w', 'b'], at: [0, 0], ...quadraticFull, startValues: { w: 1, b: 2 } },
    },
    {
      was: 'wrongly refused: tuple unpacking of a parameter vector ("Unpacking into x, y needs 2 values"; parser.ts tupleAssignment wanted one value per name)',
      reads: { source: 'def f(p):\n    x, y = p\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: unpacking with brackets, `(x, y) = p` ("Unpacking into x, y needs 2 values")',
      reads: { source: 'def f(p):\n    (x, y) = p\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: unpacking into a list, `[x, y] = p` ("Lists and arrays aren’t supported")',
      reads: { source: 'def f(p):\n    [x, y] = p\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: the variables are the unpacked names in unpacking order, not in order of use ("Unpacking into y, x needs 2 values")',
      reads: {
        source: 'def rosen(p):\n    y, x = p\n    return (1 - x)**2 + 100*(y - x**2)**2',
        variables: ['y', 'x'],
        at: [1, -1.2],
        value: ([y, x]) => rosenbrock.value([x, y]),
        gradient: ([y, x]) => rosenbrock.gradient([x, y]).reverse(),
      },
    },
    {
      was: 'wrongly refused: an unpacked vector also used by element ("Unpacking into x, y needs 2 values"); p[1] is y, not a third variable',
      reads: { source: 'def f(p):\n    x, y = p\n    return x**2 + p[1]**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: an unpacked name redefined afterwards ("Unpacking into x, y needs 2 values"); the variable is the element, x',
      reads: { source: 'def f(p):\n    x, y = p\n    x = x - 3\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...quadraticFull },
    },
    {
      was: 'wrongly refused: the body of such a function selected without its `def` ("Unpacking into x, y needs 2 values")',
      reads: { source: 'x, y = p\nreturn x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'bad message: starred unpacking is "Unexpected `,` after the formula"; the rest’s length can’t be known',
      refuses: { source: 'def f(p):\n    x, *rest = p\n    return x**2', message: /`\*rest` takes the rest of the vector, whose length isn’t known/, column: 8, line: 2 },
    },
    {
      was: 'bad message: unpacking a call is "Unpacking into x, y needs 2 values"; only a parameter can be unpacked',
      refuses: { source: 'def f(p):\n    x, y = g(p)\n    return x**2 + y**2', message: /Only a parameter can be unpacked into x, y: `g\(p\)` isn’t one/, column: 12, line: 2 },
    },
    {
      was: 'bad message: unpacking a name that is not a parameter is "Unpacking into x, y needs 2 values"',
      refuses: { source: 'def f(p):\n    x, y = q\n    return x**2 + y**2', message: /Only a parameter can be unpacked into x, y: `q` isn’t one/, column: 12, line: 2 },
    },
    {
      was: 'bad message: nested unpacking is "Tuples aren’t supported: the loss must be a single number"',
      refuses: { source: 'def f(p):\n    (a, b), c = p\n    return a**2 + c**2', message: /Nested unpacking \(`\(a, b\)`\) isn’t supported/, column: 5, line: 2 },
    },
    {
      was: 'bad message: the unpacked vector used as a number is "Unpacking into x, y needs 2 values"',
      refuses: { source: 'def f(p):\n    x, y = p\n    return x**2 + p', message: /`p` is a vector unpacked into x, y: write the formula with its elements/, column: 19, line: 3 },
    },
    {
      was: 'bad message: an element past the unpacked ones is "Unpacking into x, y needs 2 values"; it must not become a new variable',
      refuses: { source: 'def f(p):\n    x, y = p\n    return x**2 + p[2]', message: /`p\[2\]` is out of range: `x, y = p` unpacks 2 elements/, column: 19, line: 3 },
    },
    {
      was: 'bad message: a name used before the unpacking that gives it a value is "Unpacking into x, y needs 2 values"',
      refuses: { source: 'def f(p):\n    a = x + 1\n    x, y = p\n    return a**2 + y**2', message: /`x` is used before `x, y = p` gives it a value/, column: 9, line: 2 },
    },
    {
      was: 'bad message: a vector unpacked twice is "Unpacking into x, y needs 2 values"',
      refuses: { source: 'def f(p):\n    x, y = p\n    u, v = p\n    return x*u + y*v', message: /`p` is unpacked twice/, column: 12, line: 3 },
    },
    // Element by element: `x = p[0]` then `y = p[1]` names the elements as `x, y = p` does.
    {
      was: 'misread: naming elements one by one, `x = p[0]` then `y = p[1]`, substituted them, so the variables were p[0], p[1] rather than x, y',
      reads: { source: 'def f(p):\n    x = p[0]\n    y = p[1]\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: the variables were p[0], p[1]; named out of order, they are still in the vector’s order, x then y, as its default and p[k] are',
      reads: {
        source: 'def rosen(p):\n    y = p[1]\n    x = p[0]\n    return (1 - x)**2 + 100*(y - x**2)**2',
        variables: ['x', 'y'],
        at: [-1.2, 1],
        ...rosenbrock,
      },
    },
    {
      was: 'misread: the body of such a function, selected without its `def`, read with variables p[0], p[1]',
      reads: { source: 'x = p[0]\ny = p[1]\nreturn x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: `x, y = p[0], p[1]` (one assignment per name) read with variables p[0], p[1]',
      reads: { source: 'def f(p):\n    x, y = p[0], p[1]\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: with y = p[1] named, p[1] in the formula was a variable named p[1]; it is y',
      reads: { source: 'def f(p):\n    x = p[0]\n    y = p[1]\n    return x**2 + p[1]**2', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: the variables were p[0], p[1]; with only p[0] named, they are x and p[1], in the vector’s order',
      reads: { source: 'def f(p):\n    x = p[0]\n    return x**2 + p[1]**2', variables: ['x', 'p[1]'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: the variables were w[0], w[1]; a named element redefined from itself (`a = a - 3`) is still the variable a',
      reads: { source: 'def f(w):\n    a = w[0]\n    b = w[1]\n    a = a - 3\n    return a**2 + b**2', variables: ['a', 'b'], at: [1, 2], ...quadraticFull },
    },
    {
      was: 'misread: an element named and left unused was no variable; like `x, y, z = p`’s z, it is one (with zero gradient)',
      reads: {
        source: 'def f(p):\n    x = p[0]\n    y = p[1]\n    z = p[2]\n    return x**2 + y**2',
        variables: ['x', 'y', 'z'],
        at: [1, 2, 3],
        value: ([x, y]) => x * x + y * y,
        gradient: ([x, y]) => [2 * x, 2 * y, 0],
      },
    },
    {
      was: 'misread: the variables were p[0] and q[0]; x names p[0], while q, not a parameter, leaves q[0] a variable of its own',
      reads: { source: 'def f(p):\n    x = p[0]\n    y = q[0]\n    return x**2 + y**2', variables: ['x', 'q[0]'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: one element given two names, `x = p[0]` and `y = p[0]`, read as p[0]² + p[0]²; refused, as one variable can’t have two names',
      refuses: { source: 'def f(p):\n    x = p[0]\n    y = p[0]\n    return x**2 + y**2', message: /`p\[0\]` is named twice, x and y: give each element one name/, column: 5, line: 3 },
    },
    {
      was: 'misread: `x = p[0]` then `x = p[1]` read as p[1]² alone; x can’t stand for two elements',
      refuses: { source: 'def f(p):\n    x = p[0]\n    x = p[1]\n    return x**2', message: /`x` names two elements, `p\[0\]` and `p\[1\]`: give each element its own name/, column: 5, line: 3 },
    },
    {
      was: 'misread: `z = p[0]` after `x, y = p` made z another name for x; refused, one element, one name',
      refuses: { source: 'def f(p):\n    x, y = p\n    z = p[0]\n    return y**2 + z**2', message: /`p\[0\]` is named twice, x and z/, column: 5, line: 3 },
    },
    {
      was: 'misread: the vector was a variable beside its named element (p and p[0]); the vector is not a number',
      refuses: { source: 'def f(p):\n    x = p[0]\n    return x**2 + p**2', message: /`p` is a vector whose elements are named x: write the formula with its elements/, column: 19, line: 3 },
    },
    {
      was: 'misread: x used before `x = p[0]` was a variable of its own beside p[0]',
      refuses: { source: 'def f(p):\n    a = x + 1\n    x = p[0]\n    return a**2 + x**2', message: /`x` is used before `x = p\[0\]` gives it a value/, column: 9, line: 2 },
    },
    // A vector parameter's default gives its elements their start values.
    {
      was: 'wrongly refused: a tuple default for an unpacked vector ("Tuples aren’t supported"); it gives x and y their start values',
      reads: { source: 'def f(p=(1.0, 2.0)):\n    x, y = p\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl, startValues: { x: 1, y: 2 } },
    },
    {
      was: 'wrongly refused: a list default for an unpacked vector ("Lists and arrays aren’t supported")',
      reads: { source: 'def f(p=[1.0, -2.0]):\n    x, y = p\n    return x**2 + y**2', variables: ['x', 'y'], at: [1, 2], ...bowl, startValues: { x: 1, y: -2 } },
    },
    {
      was: 'wrongly refused: a list default for a vector read by element ("Lists and arrays aren’t supported"); scipy’s Rosenbrock from its usual start',
      reads: {
        source: 'def rosen(x=[-1.2, 1.0]):\n    return (1 - x[0])**2 + 100*(x[1] - x[0]**2)**2',
        variables: ['x[0]', 'x[1]'],
        at: [-1.2, 1],
        ...rosenbrock,
        startValues: { 'x[0]': -1.2, 'x[1]': 1 },
      },
    },
    {
      was: 'wrongly refused: a typed tuple default with elements named one by one ("Tuples aren’t supported")',
      reads: {
        source: 'def f(p: tuple[float, float] = (1.0, 2.0)) -> float:\n    x = p[0]\n    y = p[1]\n    return x**2 + y**2',
        variables: ['x', 'y'],
        at: [1, 2],
        ...bowl,
        startValues: { x: 1, y: 2 },
      },
    },
    {
      was: 'wrongly refused: a lambda’s tuple default ("Tuples aren’t supported")',
      reads: { source: 'lambda p=(3.0, 4.0): p[0]**2 + p[1]**2', variables: ['p[0]', 'p[1]'], at: [1, 2], ...bowl, startValues: { 'p[0]': 3, 'p[1]': 4 } },
    },
    {
      was: 'bad message: a default longer than the unpacking was "Tuples aren’t supported"; say the lengths differ',
      refuses: {
        source: 'def f(p=(1.0, 2.0, 3.0)):\n    x, y = p\n    return x**2 + y**2',
        message: /The default of `p`, `\(1\.0, 2\.0, 3\.0\)`, has 3 values, but `x, y = p` unpacks 2/,
        column: 9,
      },
    },
    {
      was: 'bad message: an element named past the default’s end was "Tuples aren’t supported"',
      refuses: { source: 'def f(p=(1.0, 2.0)):\n    x = p[0]\n    z = p[2]\n    return x**2 + z**2', message: /The default of `p`, `\(1\.0, 2\.0\)`, has 2 values, so `z = p\[2\]` is out of range/, column: 9 },
    },
    {
      was: 'bad message: a vector default for a parameter used as a number was "Tuples aren’t supported"',
      refuses: { source: 'def f(p=(1.0, 2.0)):\n    return p**2', message: /The default of `p`, `\(1\.0, 2\.0\)`, is a vector, but the formula uses `p` itself, not its elements/, column: 9 },
    },
    {
      was: 'misread: a number default for an unpacked vector was kept as the start value of p, which is no variable',
      refuses: { source: 'def f(p=0.0):\n    x, y = p\n    return x**2 + y**2', message: /The default of `p`, `0\.0`, is a number, but `x, y = p` unpacks it: give a value for each element/, column: 9 },
    },
    {
      was: 'bad message: compound assignment says "nothing before it to assign" at the `=`; read the right-hand side, or name `+=`',
      source: 'loss += (y - w * x) ** 2',
      check: (source) => {
        const result = readFormula(source);
        if (!result.ok) assert.match(result.error.message, /\+=/);
      },
    },
    {
      was: 'misread: `pass` becomes a variable; a body without a return should be refused',
      refuses: { source: 'def f(x):\n    pass', message: /doesn’t return a value/, column: 1 },
    },
    {
      was: 'wrongly refused: `import …; expr` skips the whole line, then says "The selection is empty"',
      reads: { source: 'import numpy as np; x**2', ...square, at: [2] },
    },
    {
      was: 'bad message: an import alone is "The selection is empty"; say there is no formula, only an import',
      source: 'import numpy as np',
      check: refusedSaying(/import/, /empty/),
    },
    {
      was: 'wrongly refused: Python 3.8+ math.hypot takes any number of arguments',
      reads: {
        source: 'math.hypot(x, y, z)',
        variables: ['x', 'y', 'z'],
        at: [1, 2, 2],
        value: ([x, y, z]) => Math.hypot(x, y, z),
        gradient: ([x, y, z]) => [x / 3, y / 3, z / 3],
      },
    },
    {
      was: 'wrongly refused: `torch.clamp(x, min=0)` (keyword bounds) is how PyTorch code writes relu',
      reads: { source: 'torch.clamp(x, min=0)', variables: ['x'], at: [2], value: ([x]) => Math.max(x, 0), gradient: () => [1] },
    },
  ],
});

// ─── JavaScript / TypeScript ─────────────────────────────────────────────────────────────────────

dialect('JavaScript / TypeScript', {
  reads: [
    {
      source: 'export const rosenbrock = (x: number, y: number) => (1 - x) ** 2 + 100 * (y - x ** 2) ** 2;',
      variables: ['x', 'y'],
      at: [-1.2, 1],
      ...rosenbrock,
      name: 'rosenbrock',
    },
    {
      source: 'function loss(w) {\n  const err = w - 3; // residual\n  return err * err;\n}',
      variables: ['w'],
      at: [1],
      value: ([w]) => sq(w - 3),
      gradient: ([w]) => [2 * (w - 3)],
    },
    {
      source: 'function loss(w: number): number {\n  let err = w - 3;\n  err = err * 2;\n  return err ** 2;\n}',
      variables: ['w'],
      at: [1],
      value: ([w]) => 4 * sq(w - 3),
      gradient: ([w]) => [8 * (w - 3)],
    },
    { source: 'const f = function (x) { return x * x; };', ...square, at: [2.5], name: 'f' },
    { source: 'const f = (x) => {\n  return Math.pow(x, 2);\n};', ...square, at: [-3] },
    {
      source: 'let f = (a: number, b: number): number => {\n  const s = a + b;\n  return s * s;\n};',
      variables: ['a', 'b'],
      at: [1, 2],
      value: ([a, b]) => sq(a + b),
      gradient: ([a, b]) => [2 * (a + b), 2 * (a + b)],
    },
    {
      source: '(x, y) => Math.hypot(x, y)',
      variables: ['x', 'y'],
      at: [3, 4],
      value: ([x, y]) => Math.hypot(x, y),
      gradient: ([x, y]) => [x / 5, y / 5],
    },
    {
      source: 'let loss = Math.max(0, 1 - y * w); // hinge',
      variables: ['y', 'w'],
      at: [1, 0.5],
      value: ([y, w]) => Math.max(0, 1 - y * w),
      gradient: ([y, w]) => [-w, -y],
    },
    { source: 'const loss = Math.sqrt(x * x + y * y) /* L2 norm */;', variables: ['x', 'y'], at: [3, 4], value: ([x, y]) => Math.hypot(x, y), gradient: () => [0.6, 0.8] },
    {
      source: 'const loss = Math.log10(x) + Math.log2(y) + Math.log1p(z);',
      variables: ['x', 'y', 'z'],
      at: [2, 3, 0.5],
      value: ([x, y, z]) => Math.log10(x) + Math.log2(y) + Math.log1p(z),
      gradient: ([x, y, z]) => [1 / (x * Math.LN10), 1 / (y * Math.LN2), 1 / (1 + z)],
    },
    {
      source: 'const loss = Math.cbrt(x) + Math.expm1(y);',
      variables: ['x', 'y'],
      at: [8, 0.5],
      value: ([x, y]) => Math.cbrt(x) + Math.expm1(y),
      gradient: ([x, y]) => [1 / (3 * sq(Math.cbrt(x))), Math.exp(y)],
    },
    {
      source: 'const loss = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));',
      variables: ['y', 'p'],
      at: [0.3, 0.6],
      value: ([y, p]) => -(y * Math.log(p) + (1 - y) * Math.log(1 - p)),
      gradient: ([y, p]) => [-(Math.log(p) - Math.log(1 - p)), -(y / p - (1 - y) / (1 - p))],
    },
    { source: 'return (w - 3) ** 2 + 0.5 * b ** 2;', variables: ['w', 'b'], at: [1, 3], ...quadratic, name: null },
    {
      source: 'function f(x: number, y: number = 2): number { return x * x + y * y }',
      variables: ['x', 'y'],
      at: [1, -1],
      ...bowl,
      startValues: { y: 2 },
    },
    { source: 'const f = (x: number = 3) => x ** 2;', ...square, at: [1], startValues: { x: 3 } },
    {
      source: 'const loss = Math.E ** x + Math.PI;',
      variables: ['x'],
      at: [0.5],
      value: ([x]) => Math.exp(x) + Math.PI,
      gradient: ([x]) => [Math.exp(x)],
    },
    { source: 'let y = Math.pow(x, 2) // square', ...square, at: [3] },
  ],
  refuses: [
    { source: 'const huber = Math.abs(x) <= 1 ? 0.5 * x * x : Math.abs(x) - 0.5;', message: /Comparisons \(`<=`\)/, column: 27 },
    { source: 'const loss = Math.trunc(x);', message: /piecewise constant/, column: 14 },
    { source: 'const f = ({ x, y }) => x * x + y * y;', message: /Expected a parameter name/, column: 12 },
  ],
  todo: [
    {
      was: 'wrongly refused: `**` switches to the Python dialect, where `//` is floor division, so a `// comment` after a TS `**` formula is "Unexpected `//`" (lexer.ts detectDialect)',
      reads: { source: 'const loss = x ** 2 + y ** 2; // bowl', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: array destructuring of a parameter ("Unexpected `const` where a value was expected")',
      reads: { source: 'function f(p) { const [x, y] = p; return x*x + y*y; }', variables: ['x', 'y'], at: [1, 2], ...bowl, name: 'f' },
    },
    {
      was: 'wrongly refused: array destructuring, with a type, in an arrow function’s block ("Unexpected `const` where a value was expected")',
      reads: {
        source: 'const rosen = (p: number[]): number => {\n  const [x, y]: [number, number] = p;\n  return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2;\n};',
        variables: ['x', 'y'],
        at: [-1.2, 1],
        ...rosenbrock,
        name: 'rosen',
      },
    },
    {
      was: 'bad message: a rest element is "Unexpected `const` where a value was expected"; its length can’t be known',
      refuses: { source: 'function f(p) { const [x, ...rest] = p; return x*x; }', message: /`\.\.\.rest` takes the rest of the vector/, column: 27 },
    },
    {
      was: 'misread: elements named one by one, `const x = p[0]; const y = p[1];`, read with variables p[0], p[1]',
      reads: { source: 'function f(p) { const x = p[0]; const y = p[1]; return x*x + y*y; }', variables: ['x', 'y'], at: [1, 2], ...bowl, name: 'f' },
    },
    {
      was: 'misread: typed element names, `const x: number = p[0];`, read with variables p[0], p[1]',
      reads: {
        source: 'const rosen = (p: number[]): number => {\n  const x: number = p[0];\n  const y: number = p[1];\n  return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2;\n};',
        variables: ['x', 'y'],
        at: [-1.2, 1],
        ...rosenbrock,
        name: 'rosen',
      },
    },
    {
      was: 'misread: `let x = p[0];` on lines of their own read with variables p[0], p[1]',
      reads: { source: 'function f(p) {\n  let x = p[0];\n  let y = p[1];\n  return x * x + y * y;\n}', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: `x` and `y` both named p[0] read as p[0]² + p[0]²',
      refuses: { source: 'function f(p) { const x = p[0]; const y = p[0]; return x*x + y*y; }', message: /`p\[0\]` is named twice, x and y/, column: 39 },
    },
    {
      was: 'wrongly refused: a list default for a destructured vector ("Lists and arrays aren’t supported"); it gives x and y their start values',
      reads: { source: 'function f(p = [1, 2]) { const [x, y] = p; return x*x + y*y; }', variables: ['x', 'y'], at: [1, 2], ...bowl, startValues: { x: 1, y: 2 } },
    },
    {
      was: 'wrongly refused: a typed list default for a vector read by element ("Lists and arrays aren’t supported")',
      reads: { source: 'const f = (p: number[] = [1, -2]) => p[0] ** 2 + p[1] ** 2;', variables: ['p[0]', 'p[1]'], at: [1, 2], ...bowl, startValues: { 'p[0]': 1, 'p[1]': -2 } },
    },
    {
      was: 'bad message: a default longer than the destructuring was "Lists and arrays aren’t supported"',
      refuses: { source: 'function f(p = [1, 2, 3]) { const [x, y] = p; return x*x + y*y; }', message: /The default of `p`, `\[1, 2, 3\]`, has 3 values, but `const \[x, y\] = p` unpacks 2/, column: 16 },
    },
    {
      was: 'wrongly refused: object destructuring of a parameter ("Unexpected `const` where a value was expected")',
      reads: { source: 'function f(p) { const { x, y } = p; return x*x + y*y; }', variables: ['x', 'y'], at: [1, 2], ...bowl, name: 'f' },
    },
    {
      was: 'wrongly refused: a destructured object’s field read as `p.x` ("Unexpected `const`"); p.x is x',
      reads: { source: 'function f(p) { const { x, y } = p; return p.x * p.x + y * y; }', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: destructuring with new names, `{ x: a, y: b }` ("Unexpected `const`"); the variables are a and b',
      reads: { source: 'function f(p) { const { x: a, y: b } = p; return a*a + b*b; }', variables: ['a', 'b'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: typed object destructuring in an arrow function’s block ("Unexpected `const`")',
      reads: {
        source: 'const loss = (p: { w: number; b: number }): number => {\n  const { w, b }: { w: number; b: number } = p;\n  return (w - 3) ** 2 + 0.5 * b ** 2;\n};',
        variables: ['w', 'b'],
        at: [1, 2],
        ...quadratic,
        name: 'loss',
      },
    },
    {
      was: 'wrongly refused: object destructuring over several lines ("Unexpected `const`")',
      reads: { source: 'function f(p) {\n  const {\n    x,\n    y,\n  } = p;\n  return x * x + y * y;\n}', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'bad message: a rest in object destructuring was "Unexpected `const` where a value was expected"; its fields can’t be known',
      refuses: { source: 'function f(p) { const { x, ...rest } = p; return x*x; }', message: /`\.\.\.rest` takes the rest of the object, whose fields aren’t known: name each field/, column: 28 },
    },
    {
      was: 'bad message: a field left out of the destructuring was "Unexpected `const`"; it must not become a variable of its own',
      refuses: { source: 'function f(p) { const { x } = p; return x*x + p.y*p.y; }', message: /`p\.y` isn’t destructured: add y to `const \{ x \} = p`/, column: 47 },
    },
    {
      was: 'bad message: destructuring a name that is not a parameter was "Unexpected `const`"',
      refuses: { source: 'function f(p) { const { x, y } = q; return x*x + y*y; }', message: /Only a parameter can be destructured into x, y: `q` isn’t one/, column: 34 },
    },
    {
      was: 'bad message: nested object destructuring was "Unexpected `const`"',
      refuses: { source: 'function f(p) { const { x: { a } } = p; return a*a; }', message: /Nested destructuring \(`x: \{ a \}`\) isn’t supported/, column: 25 },
    },
    {
      was: 'bad message: a default inside the destructuring was "Unexpected `const`"',
      refuses: { source: 'function f(p) { const { x = 1 } = p; return x*x; }', message: /Defaults in destructuring \(`x = 1`\) aren’t supported/, column: 25 },
    },
    {
      was: 'bad message: the destructured object used as a number was "Unexpected `const`"',
      refuses: { source: 'function f(p) { const { x, y } = p; return x*x + p; }', message: /`p` is an object destructured into x, y: write the formula with its fields/, column: 50 },
    },
    {
      was: 'misread: JavaScript continues an expression on a line starting with `+` (no ASI there); only b ** 2 is read',
      reads: { source: 'const loss = (w - 3) ** 2\n  + b ** 2;', variables: ['w', 'b'], at: [1, 2], ...quadraticFull, name: 'loss' },
    },
    {
      was: 'wrongly refused: a trailing `+` continues onto the next line; "The line ends where a value was expected"',
      reads: { source: 'const loss = (w - 3) ** 2 +\n  b ** 2;', variables: ['w', 'b'], at: [1, 2], ...quadraticFull, name: 'loss' },
    },
    {
      was: 'wrongly refused: LaTeX in a `//` comment turns on the LaTeX dialect for the code below',
      reads: { source: '// L = \\frac{1}{2} w^2\nconst loss = 0.5 * w * w;', variables: ['w'], at: [2], value: ([w]) => 0.5 * w * w, gradient: ([w]) => [w] },
    },
    {
      was: 'wrongly refused: `$…$` in a JSDoc comment turns on the LaTeX dialect',
      reads: { source: '/** Loss $L(w) = w^2$ */\nfunction loss(w) { return w * w; }', variables: ['w'], at: [2], value: ([w]) => w * w, gradient: ([w]) => [2 * w] },
    },
    {
      was: 'wrongly refused: Math.LN2, Math.LN10, Math.SQRT2, Math.LOG2E are JavaScript constants',
      reads: {
        source: 'Math.log(x) / Math.LN2 + Math.SQRT2 * y',
        variables: ['x', 'y'],
        at: [2, 1],
        value: ([x, y]) => Math.log(x) / Math.LN2 + Math.SQRT2 * y,
        gradient: ([x]) => [1 / (x * Math.LN2), Math.SQRT2],
      },
    },
    {
      was: 'bad message: console.log(x) is refused as "log with two arguments means log(x, base)…" (the receiver becomes an argument)',
      source: 'console.log(x)',
      check: refusedSaying(/console/, /base/),
    },
  ],
});

// ─── Java / C# ───────────────────────────────────────────────────────────────────────────────────

dialect('Java / C#', {
  reads: [
    {
      source: 'private double loss(double w, double b) {\n    return Math.pow(w - 3, 2) + 0.5 * b * b;\n}',
      variables: ['w', 'b'],
      at: [1, 2],
      ...quadratic,
      name: 'loss',
    },
    {
      source: 'public static double Loss(double w) { return Math.Pow(w - 3, 2) + Math.Abs(w); }',
      variables: ['w'],
      at: [1],
      value: ([w]) => sq(w - 3) + Math.abs(w),
      gradient: ([w]) => [2 * (w - 3) + 1],
      name: 'Loss',
    },
    {
      source: 'static double f(double x) => Math.Exp(-x * x) + Math.Sqrt(x * x + 1);',
      variables: ['x'],
      at: [0.7],
      value: ([x]) => Math.exp(-x * x) + Math.sqrt(x * x + 1),
      gradient: ([x]) => [-2 * x * Math.exp(-x * x) + x / Math.sqrt(x * x + 1)],
    },
    {
      source: 'float loss = 0.5f * w * w + 1.0e-3F * b * b;',
      variables: ['w', 'b'],
      at: [2, 3],
      value: ([w, b]) => 0.5 * w * w + 1e-3 * b * b,
      gradient: ([w, b]) => [w, 2e-3 * b],
    },
    { source: 'var f = (double x) => x * x;', ...square, at: [1.5] },
    {
      source: 'double y = MathF.Sqrt(x) + Mathf.Log(x);',
      variables: ['x'],
      at: [4],
      value: ([x]) => Math.sqrt(x) + Math.log(x),
      gradient: ([x]) => [0.5 / Math.sqrt(x) + 1 / x],
    },
    {
      source: 'double a = Math.Atan2(y, x);',
      variables: ['y', 'x'],
      at: [1, 2],
      value: ([y, x]) => Math.atan2(y, x),
      gradient: ([y, x]) => [x / (x * x + y * y), -y / (x * x + y * y)],
    },
  ],
  todo: [
    {
      was: 'misread: Java/C# float literal `5f` is read as 5·f with a variable f (lexer.ts takes the f/d suffix only after `.` or an exponent)',
      reads: { source: 'float loss = 5f * w * w;', variables: ['w'], at: [2], value: ([w]) => 5 * w * w, gradient: ([w]) => [10 * w] },
    },
    {
      was: 'wrongly refused: `override` (and `virtual`, `sealed`, `async`) before the return type: "Missing an operator between `public` and `override`"',
      reads: { source: 'public override double Loss(double w) { return w * w; }', variables: ['w'], at: [3], value: ([w]) => w * w, gradient: ([w]) => [2 * w] },
    },
    {
      was: 'wrongly refused, bad message: a C# delegate type `Func<double, double>` is "Comparisons (`<`) aren’t supported"',
      reads: { source: 'Func<double, double> f = x => x * x;', ...square, at: [3] },
    },
    {
      was: 'wrongly refused: a Java lambda `x -> …` after a functional-interface type',
      reads: { source: 'DoubleUnaryOperator f = x -> x * x;', ...square, at: [3] },
    },
  ],
});

// ─── C / C++ ─────────────────────────────────────────────────────────────────────────────────────

dialect('C / C++', {
  reads: [
    {
      source: 'double f(double x, double y) {\n    double dx = x - 1.0;\n    double dy = y - 2.0;\n    return dx * dx + dy * dy;\n}',
      variables: ['x', 'y'],
      at: [3, -1],
      value: ([x, y]) => sq(x - 1) + sq(y - 2),
      gradient: ([x, y]) => [2 * (x - 1), 2 * (y - 2)],
    },
    {
      source: 'double f(double x, double y) { return 100.0*pow(y - x*x, 2) + pow(1.0 - x, 2); }',
      variables: ['x', 'y'],
      at: [-1.2, 1],
      ...rosenbrock,
    },
    {
      source: 'auto loss = std::pow(w - 1.0, 2.0) + std::abs(b);',
      variables: ['w', 'b'],
      at: [3, -2],
      value: ([w, b]) => sq(w - 1) + Math.abs(b),
      gradient: ([w]) => [2 * (w - 1), -1],
    },
    { source: 'inline double f(const double x) { return x * x; }', ...square, at: [2] },
    { source: 'constexpr double f(double x) { return x * x; }', ...square, at: [2] },
    { source: 'double f(const double &x, const double &y) { return std::pow(x, 2) + std::pow(y, 2); }', variables: ['x', 'y'], at: [1, -3], ...bowl },
    {
      source: 'float f(float x) { return powf(x, 2.0f) + fabsf(x); }',
      variables: ['x'],
      at: [-0.5],
      value: ([x]) => x * x + Math.abs(x),
      gradient: ([x]) => [2 * x - 1],
    },
    {
      source: '#include <cmath>\ndouble f(double x) { return std::exp(-x * x); }',
      variables: ['x'],
      at: [0.5],
      value: ([x]) => Math.exp(-x * x),
      gradient: ([x]) => [-2 * x * Math.exp(-x * x)],
    },
    {
      source: 'double f = 1.0 / (1.0 + exp(-w));',
      variables: ['w'],
      at: [0.3],
      value: ([w]) => sigmoid(w),
      gradient: ([w]) => [sigmoid(w) * (1 - sigmoid(w))],
    },
    {
      source: 'double loss = x * x /* bowl */ + y;',
      variables: ['x', 'y'],
      at: [2, 5],
      value: ([x, y]) => x * x + y,
      gradient: ([x]) => [2 * x, 1],
    },
    { source: 'float loss = 2.f * x * x;', variables: ['x'], at: [3], value: ([x]) => 2 * x * x, gradient: ([x]) => [4 * x] },
    { source: 'return std::sqrt(x*x + y*y);', variables: ['x', 'y'], at: [3, 4], value: ([x, y]) => Math.hypot(x, y), gradient: () => [0.6, 0.8] },
  ],
  todo: [
    {
      was: 'misread: M_PI (math.h) becomes a variable named M_PI; also M_E, M_PI_2 (functions.ts CONSTANTS)',
      reads: { source: 'double f = M_PI * x * x;', variables: ['x'], at: [2], value: ([x]) => Math.PI * x * x, gradient: ([x]) => [2 * Math.PI * x] },
    },
    {
      was: 'misread: the cast `(double)n` multiplies by a variable named `double` (type words are not reserved as values)',
      reads: {
        source: 'double loss = (double)n * w * w;',
        variables: ['n', 'w'],
        at: [3, 2],
        value: ([n, w]) => n * w * w,
        gradient: ([n, w]) => [w * w, 2 * n * w],
      },
    },
    {
      was: 'misread: the long-double suffix `2.0L` becomes a variable L (lexer.ts handles only f/F/d/D)',
      reads: { source: 'long double loss = 2.0L * x * x;', variables: ['x'], at: [3], value: ([x]) => 2 * x * x, gradient: ([x]) => [4 * x] },
    },
    {
      was: 'misread: the hex literal 0x10 is read as 0·x10 — the whole loss is the constant 0; read 16 or refuse',
      source: 'double loss = 0x10 * x;',
      check: neverAVariable('x10'),
    },
    {
      was: 'misread: in `const std::vector<double>& x` the parameter is taken to be `std` (parser.ts parameter stops at `::`)',
      reads: {
        source: 'double f(const std::vector<double>& x) { return x[0]*x[0] + x[1]*x[1]; }',
        variables: ['x[0]', 'x[1]'],
        at: [1, 2],
        ...bowl,
      },
    },
    {
      was: 'wrongly refused: a method qualifier after the parameters (`const`, `noexcept`, `override`): "Missing an operator between `double` and `loss`"',
      reads: { source: 'double loss(double w) const { return w * w; }', variables: ['w'], at: [3], value: ([w]) => w * w, gradient: ([w]) => [2 * w] },
    },
    {
      was: 'wrongly refused: accumulating with `+=` in a body ("Unexpected `=`: nothing before it to assign")',
      reads: {
        source: 'double loss(double w) {\n    double s = 0;\n    s += (w - 3) * (w - 3);\n    return s;\n}',
        variables: ['w'],
        at: [1],
        value: ([w]) => sq(w - 3),
        gradient: ([w]) => [2 * (w - 3)],
      },
    },
    {
      was: 'misread: a C statement continues until `;`, but the line starting with `+` is read as a separate statement: only b*b is read',
      reads: { source: 'double loss = pow(w - 3, 2)\n            + b * b;', variables: ['w', 'b'], at: [1, 2], ...quadraticFull, name: 'loss' },
    },
    {
      was: 'wrongly refused: a C statement continues after a trailing `+` ("The line ends where a value was expected")',
      reads: { source: 'double loss = pow(w - 3, 2) +\n            b * b;', variables: ['w', 'b'], at: [1, 2], ...quadraticFull, name: 'loss' },
    },
    {
      was: 'wrongly refused: a C++ lambda `[](double x) { … }` ("Empty brackets `[]`")',
      reads: { source: 'auto f = [](double x) { return x * x; };', ...square, at: [3] },
    },
  ],
});

// ─── MATLAB / Octave ─────────────────────────────────────────────────────────────────────────────

dialect('MATLAB / Octave', {
  reads: [
    { source: 'f = @(x, y) (1 - x).^2 + 100*(y - x.^2).^2;', variables: ['x', 'y'], at: [-1.2, 1], ...rosenbrock, name: 'f' },
    { source: '% Rosenbrock\nf = @(x,y) (1-x)^2 + 100*(y-x^2)^2; % banana', variables: ['x', 'y'], at: [0.5, 2], ...rosenbrock },
    { source: 'f = @(x) x.^2 + ...\n    3*x;', variables: ['x'], at: [2], value: ([x]) => x * x + 3 * x, gradient: ([x]) => [2 * x + 3] },
    { source: 'function [y] = f(x)\n  y = x.^2 + 1;\nend', variables: ['x'], at: [2], value: ([x]) => x * x + 1, gradient: ([x]) => [2 * x] },
    {
      source: 'function J = cost(theta0, theta1)\n    J = (theta0 + theta1*2 - 5)^2 / 2;\nend',
      variables: ['theta0', 'theta1'],
      at: [1, 1],
      value: ([a, b]) => sq(a + 2 * b - 5) / 2,
      gradient: ([a, b]) => [a + 2 * b - 5, 2 * (a + 2 * b - 5)],
      name: 'cost',
    },
    {
      source: 'function y = f(x)\n  % squared error\n  y = (x - 3).^2;\nend',
      variables: ['x'],
      at: [1],
      value: ([x]) => sq(x - 3),
      gradient: ([x]) => [2 * (x - 3)],
    },
    {
      source: 'f = @(x) exp(-x.^2) ./ (1 + x.^2);',
      variables: ['x'],
      at: [0.8],
      value: ([x]) => Math.exp(-x * x) / (1 + x * x),
      gradient: ([x]) => [(-2 * x * Math.exp(-x * x) * (1 + x * x) - Math.exp(-x * x) * 2 * x) / sq(1 + x * x)],
    },
    { source: 'y = 2.^-x', variables: ['x'], at: [1.5], value: ([x]) => 2 ** -x, gradient: ([x]) => [-(2 ** -x) * Math.LN2] },
    { source: 'f = @(w) log(1 + exp(-w));', variables: ['w'], at: [0.5], value: ([w]) => Math.log(1 + Math.exp(-w)), gradient: ([w]) => [-sigmoid(-w)] },
    // The output set to an element is the loss, not a name for the element: the variable stays p(1).
    { source: 'function y = f(p)\n    y = p(1);\nend', variables: ['p(1)'], at: [3], value: ([a]) => a, gradient: () => [1] },
  ],
  refuses: [
    { source: "f = @(x) x' * x;", message: /transpose/, column: 11 },
    { source: 'f = @(x) sum(x.^2);', message: /`sum` works on arrays/, column: 10 },
    { source: 'f = @(x) norm(x)^2;', message: /`norm` works on arrays/, column: 10 },
  ],
  todo: [
    {
      was: 'misread: MATLAB indexing x(1), x(2) is read as multiplication: one variable x and x(2) = 2·x — this is fminsearch’s own Rosenbrock (lower.ts isMultipliable/lowerCall)',
      source: 'f = @(x) 100*(x(2) - x(1)^2)^2 + (1 - x(1))^2;',
      check: (source) => {
        const formula = read(source);
        assert.equal(formula.variables.length, 2, `variables ${formula.variables}`);
        const at = formula.variables[0].includes('1') ? [-1.2, 1] : [1, -1.2];
        assertClose(formula.value(at), rosenbrock.value([-1.2, 1]), 'value');
      },
    },
    {
      was: 'wrongly refused: `%` after `;` is a MATLAB comment even without `@(`, `.^` or `function` ("Unexpected `%`")',
      reads: { source: 'loss = (w - 3)^2 + 0.5*b^2; % quadratic', variables: ['w', 'b'], at: [1, 2], ...quadratic },
    },
    {
      was: 'misread: elements named one by one, `a = p(1);`, read with variables p(1), p(2)',
      reads: { source: 'function y = f(p)\n    a = p(1);\n    b = p(2);\n    y = a^2 + b^2;\nend', variables: ['a', 'b'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: the variables were p(1), p(2); with only p(1) named, they are a and p(2)',
      reads: { source: 'function y = f(p)\n    a = p(1);\n    y = a^2 + p(2)^2;\nend', variables: ['a', 'p(2)'], at: [1, 2], ...bowl },
    },
  ],
});

// ─── Julia ───────────────────────────────────────────────────────────────────────────────────────

dialect('Julia', {
  reads: [
    { source: 'f(x, y) = (1 - x)^2 + 100(y - x^2)^2', variables: ['x', 'y'], at: [-1.2, 1], ...rosenbrock, name: 'f' },
    {
      source: 'g(θ) = sin(θ)^2 + cos(θ)',
      variables: ['θ'],
      at: [0.7],
      value: ([t]) => sq(Math.sin(t)) + Math.cos(t),
      gradient: ([t]) => [2 * Math.sin(t) * Math.cos(t) - Math.sin(t)],
    },
    {
      source: 'f(x::Real) = exp(-x^2) + log1p(x^2)',
      variables: ['x'],
      at: [0.6],
      value: ([x]) => Math.exp(-x * x) + Math.log1p(x * x),
      gradient: ([x]) => [-2 * x * Math.exp(-x * x) + (2 * x) / (1 + x * x)],
    },
    {
      source: 'function loss(w, b)\n    local err = 2w + b - 5\n    err^2\nend',
      variables: ['w', 'b'],
      at: [1, 1],
      value: ([w, b]) => sq(2 * w + b - 5),
      gradient: ([w, b]) => [4 * (2 * w + b - 5), 2 * (2 * w + b - 5)],
    },
    { source: 'loss(w) = (w - 3)^2 + 0.1w^2', variables: ['w'], at: [1], value: ([w]) => sq(w - 3) + 0.1 * w * w, gradient: ([w]) => [2 * (w - 3) + 0.2 * w] },
    { source: 'f(x) = abs2(x - 1)', variables: ['x'], at: [3], value: ([x]) => sq(x - 1), gradient: ([x]) => [2 * (x - 1)] },
    {
      source: 'f(x) = exp(-x^2)*cos(2π*x)',
      variables: ['x'],
      at: [0.3],
      value: ([x]) => Math.exp(-x * x) * Math.cos(2 * Math.PI * x),
      gradient: ([x]) => [-2 * x * Math.exp(-x * x) * Math.cos(2 * Math.PI * x) - 2 * Math.PI * Math.exp(-x * x) * Math.sin(2 * Math.PI * x)],
    },
    { source: 'f(x) = 1/2x', variables: ['x'], at: [2], value: ([x]) => 1 / (2 * x), gradient: ([x]) => [-1 / (2 * x * x)] },
    { source: 'f(α, β) = α^2 + β^2', variables: ['α', 'β'], at: [1, 2], ...bowl },
    { source: 'f(x) = x ⋅ x', ...square, at: [4] },
  ],
  refuses: [
    { source: 'f(x) = ifelse(x > 0, x, 0)', message: /Conditionals \(`ifelse`\)/, column: 8 },
    { source: 'f(x) = x > 0 ? x : 0', message: /Comparisons \(`>`\)/, column: 10 },
  ],
  todo: [
    {
      was: 'wrongly refused: a return-type annotation `::Float64` after the parameters ("Unexpected `::` after the formula"; parser.ts declaration checks only `:`)',
      reads: { source: 'f(x::Float64)::Float64 = x^2', ...square, at: [3] },
    },
    {
      was: 'wrongly refused: `function f(x)::Float64` ("Unexpected `::`"; parser.ts functionKeyword skips only `:`)',
      reads: { source: 'function f(x)::Float64\n    x^2\nend', ...square, at: [3] },
    },
    {
      was: 'wrongly refused: tuple unpacking of a parameter vector ("Unpacking into x, y needs 2 values")',
      reads: { source: 'function f(p)\n    x, y = p\n    return x^2 + y^2\nend', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: an unpacked vector also used by element ("Unpacking into x, y needs 2 values"); Julia counts from 1, so p[2] is y',
      reads: { source: 'function f(p)\n    x, y = p\n    x^2 + p[2]^2\nend', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: elements named one by one read with variables p[1], p[2]; Julia counts from 1, so x is the first',
      reads: { source: 'function f(p)\n    x = p[1]\n    y = p[2]\n    x^2 + y^2\nend', variables: ['x', 'y'], at: [1, 2], ...bowl },
    },
    {
      was: 'misread: the variables were p[1], p[2]; with only p[1] named, they are x and p[2]',
      reads: { source: 'function f(p)\n    x = p[1]\n    x^2 + p[2]^2\nend', variables: ['x', 'p[2]'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: a vector default ("Lists and arrays aren’t supported"); it gives x and y their start values',
      reads: { source: 'function f(p = [1.0, 2.0])\n    x, y = p\n    x^2 + y^2\nend', variables: ['x', 'y'], at: [1, 2], ...bowl, startValues: { x: 1, y: 2 } },
    },
    {
      was: 'wrongly refused: a column-vector default `[1.0; 2.0]` ("Lists and arrays aren’t supported"); in a one-line definition x[1] is the first element',
      reads: { source: 'f(x = [1.0; 2.0]) = x[1]^2 + x[2]^2', variables: ['x[1]', 'x[2]'], at: [1, 2], ...bowl, startValues: { 'x[1]': 1, 'x[2]': 2 } },
    },
    {
      was: 'wrongly refused: Julia’s anonymous function `x -> …` ("Unexpected `->` after the formula")',
      reads: { source: 'f = x -> (x - 1)^2', variables: ['x'], at: [3], value: ([x]) => sq(x - 1), gradient: ([x]) => [2 * (x - 1)] },
    },
    {
      was: 'wrongly refused: broadcast calls `exp.(…)` ("Expected a method name after `.`")',
      reads: { source: 'f(x) = exp.(-x.^2)', variables: ['x'], at: [0.5], value: ([x]) => Math.exp(-x * x), gradient: ([x]) => [-2 * x * Math.exp(-x * x)] },
    },
    {
      was: 'wrongly refused: Unicode subscript digits are part of Julia identifiers (θ₁); "Unexpected character `₁`"',
      reads: {
        source: 'f(θ₁, θ₂) = θ₁^2 + 2θ₂^2',
        variables: ['θ₁', 'θ₂'],
        at: [1, 2],
        value: ([a, b]) => a * a + 2 * b * b,
        gradient: ([a, b]) => [2 * a, 4 * b],
      },
    },
    {
      was: 'wrongly refused: `√` is Julia’s sqrt (and plain math’s); "Unexpected character `√`"',
      reads: { source: 'f(x) = √(x^2 + 1)', variables: ['x'], at: [2], value: ([x]) => Math.sqrt(x * x + 1), gradient: ([x]) => [x / Math.sqrt(x * x + 1)] },
    },
    {
      was: 'wrongly refused: Julia continues an expression after a trailing operator',
      reads: { source: 'f(x) = x^2 +\n       3x', variables: ['x'], at: [2], value: ([x]) => x * x + 3 * x, gradient: ([x]) => [2 * x + 3] },
    },
    {
      was: 'misread: `ℯ` is Julia’s Euler number, read as a variable',
      reads: { source: 'f(x) = ℯ^x', variables: ['x'], at: [1], value: ([x]) => Math.exp(x), gradient: ([x]) => [Math.exp(x)] },
    },
    {
      was: 'wrongly refused: keyword arguments after `;` ("Expected `)` to close the parameters, found `;`")',
      reads: {
        source: 'loss(w, b; λ=0.01) = (w - 3)^2 + λ*b^2',
        variables: ['w', 'b', 'λ'],
        at: [1, 2, 0.5],
        value: ([w, b, l]) => sq(w - 3) + l * b * b,
        gradient: ([w, b, l]) => [2 * (w - 3), 2 * l * b, b * b],
        startValues: { λ: 0.01 },
      },
    },
    {
      was: 'wrongly refused, bad message: a macro on the same line, `@inline f(x) = …`, is skipped as a Python decorator line, then "The selection is empty"',
      reads: { source: '@inline f(x) = x^2', ...square, at: [3] },
    },
  ],
});

// ─── R ───────────────────────────────────────────────────────────────────────────────────────────

dialect('R', {
  reads: [
    {
      source: 'loss <- function(w, b) {\n  yhat <- w * x + b\n  (y - yhat)^2\n}',
      variables: ['w', 'b', 'x', 'y'],
      at: [0.5, 1, 2, 3],
      value: ([w, b, x, y]) => sq(y - (w * x + b)),
      gradient: ([w, b, x, y]) => {
        const r = y - (w * x + b);
        return [-2 * r * x, -2 * r, -2 * r * w, 2 * r];
      },
    },
    { source: 'f <- function(x) return((x - 1)^2)', variables: ['x'], at: [3], value: ([x]) => sq(x - 1), gradient: ([x]) => [2 * (x - 1)] },
    { source: 'f = function(x, y) { 100 * (y - x^2)^2 + (1 - x)^2 }', variables: ['x', 'y'], at: [-1.2, 1], ...rosenbrock },
    {
      source: 'f <- function(theta = 0.5) (theta - 2)^2',
      variables: ['theta'],
      at: [1],
      value: ([t]) => sq(t - 2),
      gradient: ([t]) => [2 * (t - 2)],
      startValues: { theta: 0.5 },
    },
    { source: 'f <- function(x) plogis(x)', variables: ['x'], at: [0.3], value: ([x]) => sigmoid(x), gradient: ([x]) => [sigmoid(x) * (1 - sigmoid(x))] },
    { source: 'f <- function(x) { y <- x^2; y + 1 }', variables: ['x'], at: [2], value: ([x]) => x * x + 1, gradient: ([x]) => [2 * x] },
    {
      source: 'loss <- exp(-w) + log1p(w^2)  # smooth',
      variables: ['w'],
      at: [0.5],
      value: ([w]) => Math.exp(-w) + Math.log1p(w * w),
      gradient: ([w]) => [-Math.exp(-w) + (2 * w) / (1 + w * w)],
    },
  ],
  refuses: [
    { source: 'loss <- mean((y - w * x)^2)', message: /`mean` works on arrays/, column: 9 },
    { source: 'f <- function(x) ifelse(x > 0, x^2, 0)', message: /Conditionals \(`ifelse`\)/, column: 18 },
  ],
  todo: [
    {
      was: 'misread: the vector parameter x, used only as x[1] and x[2], is a third variable with zero gradient (optim()’s Rosenbrock)',
      reads: {
        source: 'fr <- function(x) 100 * (x[2] - x[1]^2)^2 + (1 - x[1])^2',
        variables: ['x[1]', 'x[2]'],
        at: [-1.2, 1],
        ...rosenbrock,
      },
    },
    {
      was: 'misread: elements named one by one, `x <- p[1]`, read with variables p[1], p[2]',
      reads: {
        source: 'f <- function(p) {\n  x <- p[1]\n  y <- p[2]\n  100 * (y - x^2)^2 + (1 - x)^2\n}',
        variables: ['x', 'y'],
        at: [-1.2, 1],
        ...rosenbrock,
      },
    },
    {
      was: 'bad message: the matrix product `%*%` is called "The remainder operator `%`"',
      source: 'f <- function(x) x %*% x',
      check: refusedSaying(/%\*%|matri/, /remainder/),
    },
  ],
});

// ─── LaTeX (as in Markdown) ──────────────────────────────────────────────────────────────────────

dialect('LaTeX', {
  reads: [
    {
      source: String.raw`$\sqrt[3]{x^2 + 1}$`,
      variables: ['x'],
      at: [2],
      value: ([x]) => Math.cbrt(x * x + 1),
      gradient: ([x]) => [((2 * x) / 3) * (x * x + 1) ** (-2 / 3)],
    },
    {
      source: String.raw`$\left( x - 1 \right)^2 + \left[ y + 2 \right]^2$`,
      variables: ['x', 'y'],
      at: [3, 1],
      value: ([x, y]) => sq(x - 1) + sq(y + 2),
      gradient: ([x, y]) => [2 * (x - 1), 2 * (y + 2)],
    },
    { source: String.raw`$\alpha^2 + \beta^2$`, variables: ['alpha', 'beta'], at: [1, 2], ...bowl },
    {
      source: String.raw`$x_{12}^2 + x_1$`,
      variables: ['x_12', 'x_1'],
      at: [3, 4],
      value: ([a, b]) => a * a + b,
      gradient: ([a]) => [2 * a, 1],
    },
    {
      source: String.raw`$\theta_{1}^{2} + 10\theta_{2}^{2}$`,
      variables: ['theta_1', 'theta_2'],
      at: [1, 2],
      value: ([a, b]) => a * a + 10 * b * b,
      gradient: ([a, b]) => [2 * a, 20 * b],
    },
    {
      source: String.raw`$\sin^2 x + y$`,
      variables: ['x', 'y'],
      at: [0.7, 1],
      value: ([x, y]) => sq(Math.sin(x)) + y,
      gradient: ([x]) => [2 * Math.sin(x) * Math.cos(x), 1],
    },
    {
      source: String.raw`$\log_2 x + \log_{10} y$`,
      variables: ['x', 'y'],
      at: [3, 7],
      value: ([x, y]) => Math.log(x) / Math.LN2 + Math.log(y) / Math.LN10,
      gradient: ([x, y]) => [1 / (x * Math.LN2), 1 / (y * Math.LN10)],
    },
    {
      source: String.raw`$e^{-\frac{x^2}{2}}$`,
      variables: ['x'],
      at: [0.8],
      value: ([x]) => Math.exp(-(x * x) / 2),
      gradient: ([x]) => [-x * Math.exp(-(x * x) / 2)],
    },
    {
      source: String.raw`$\mathcal{L}(\theta) = (\theta - 3)^2$`,
      variables: ['theta'],
      at: [1],
      value: ([t]) => sq(t - 3),
      gradient: ([t]) => [2 * (t - 3)],
      name: 'L',
    },
    { source: String.raw`$f(x, y) = (1 - x)^2 + 100(y - x^2)^2$`, variables: ['x', 'y'], at: [-1.2, 1], ...rosenbrock, name: 'f' },
    { source: String.raw`$f(x,y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$`, variables: ['x', 'y'], at: [1.5, -0.5], ...himmelblau },
    { source: String.raw`$(1.5 - x + xy)^2 + (2.25 - x + xy^2)^2 + (2.625 - x + xy^3)^2$`, variables: ['x', 'y'], at: [2.5, 0.3], ...beale },
    { source: String.raw`$0.26(x^2 + y^2) - 0.48xy$`, variables: ['x', 'y'], at: [3, -1], ...matyas },
    { source: String.raw`$2x^2 - 1.05x^4 + \frac{x^6}{6} + xy + y^2$`, variables: ['x', 'y'], at: [1.2, -0.7], ...camel },
    {
      source: String.raw`$\log(\cosh(\hat{y} - y))$`,
      variables: ['y_hat', 'y'],
      at: [2.5, 1],
      value: ([p, y]) => Math.log(Math.cosh(p - y)),
      gradient: ([p, y]) => [Math.tanh(p - y), -Math.tanh(p - y)],
    },
    { source: String.raw`$\log\left(1 + e^{-y w x}\right)$`, variables: ['y', 'w', 'x'], at: [1, 0.4, -1.5], ...logistic },
    {
      source: String.raw`$\sigma(x) = \frac{1}{1 + e^{-x}}$`,
      variables: ['x'],
      at: [0.3],
      value: ([x]) => sigmoid(x),
      gradient: ([x]) => [sigmoid(x) * (1 - sigmoid(x))],
      name: 'sigma',
    },
    {
      source: String.raw`$\frac{1}{\sqrt{2\pi\sigma^2}} \exp\left(-\frac{(x-\mu)^2}{2\sigma^2}\right)$`,
      variables: ['sigma', 'x', 'mu'],
      at: [1.5, 0.7, 0.2],
      value: ([s, x, m]) => Math.exp(-sq(x - m) / (2 * s * s)) / Math.sqrt(2 * Math.PI * s * s),
      gradient: ([s, x, m]) => {
        const g = Math.exp(-sq(x - m) / (2 * s * s)) / Math.sqrt(2 * Math.PI * s * s);
        return [g * (-1 / s + sq(x - m) / s ** 3), (-g * (x - m)) / (s * s), (g * (x - m)) / (s * s)];
      },
    },
    {
      source: String.raw`$-20\exp\left(-0.2\sqrt{0.5(x^2 + y^2)}\right) - \exp(0.5(\cos 2\pi x + \cos 2\pi y)) + e + 20$`,
      variables: ['x', 'y'],
      at: [0.7, -1.3],
      value: ([x, y]) =>
        -20 * Math.exp(-0.2 * Math.sqrt(0.5 * (x * x + y * y))) -
        Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y))) +
        Math.E +
        20,
      gradient: ([x, y]) => {
        const r = Math.sqrt(0.5 * (x * x + y * y));
        const c = Math.exp(0.5 * (Math.cos(2 * Math.PI * x) + Math.cos(2 * Math.PI * y)));
        return [
          (2 * x * Math.exp(-0.2 * r)) / r + Math.PI * Math.sin(2 * Math.PI * x) * c,
          (2 * y * Math.exp(-0.2 * r)) / r + Math.PI * Math.sin(2 * Math.PI * y) * c,
        ];
      },
    },
    {
      source: String.raw`$20 + x^2 - 10\cos(2\pi x) + y^2 - 10\cos(2\pi y)$`,
      variables: ['x', 'y'],
      at: [0.3, -1.2],
      value: ([x, y]) => 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y),
      gradient: ([x, y]) => [2 * x + 20 * Math.PI * Math.sin(2 * Math.PI * x), 2 * y + 20 * Math.PI * Math.sin(2 * Math.PI * y)],
    },
    {
      source: String.raw`$\tanh^{-1}(x) + \cosh^{-1} y$`,
      variables: ['x', 'y'],
      at: [0.5, 1.5],
      value: ([x, y]) => Math.atanh(x) + Math.acosh(y),
      gradient: ([x, y]) => [1 / (1 - x * x), 1 / Math.sqrt(y * y - 1)],
    },
    {
      source: String.raw`$\ln\left|x\right| + \log\lvert y \rvert$`,
      variables: ['x', 'y'],
      at: [-2, 3],
      value: ([x, y]) => Math.log(Math.abs(x)) + Math.log(Math.abs(y)),
      gradient: ([x, y]) => [1 / x, 1 / y],
    },
    {
      source: String.raw`$\max\{0, 1 - y w x\}$`,
      variables: ['y', 'w', 'x'],
      at: [1, 0.2, 1.5],
      value: ([y, w, x]) => Math.max(0, 1 - y * w * x),
      gradient: ([y, w, x]) => [-w * x, -y * x, -y * w],
    },
    {
      source: String.raw`$\operatorname{softplus}(x) + \mathrm{sgn}(y)\, y$`,
      variables: ['x', 'y'],
      at: [0.5, -2],
      value: ([x, y]) => Math.log1p(Math.exp(x)) + Math.sign(y) * y,
      gradient: ([x, y]) => [sigmoid(x), Math.sign(y)],
    },
    { source: String.raw`$\text{MSE}(w) = (w - 3)^2$`, variables: ['w'], at: [1], value: ([w]) => sq(w - 3), gradient: ([w]) => [2 * (w - 3)], name: 'MSE' },
    {
      source: String.raw`$L_{\text{MSE}}(w) = (w-3)^2$`,
      variables: ['w'],
      at: [1],
      value: ([w]) => sq(w - 3),
      gradient: ([w]) => [2 * (w - 3)],
      name: 'L_MSE',
    },
    {
      source: String.raw`$\frac{\lambda}{2}w^2 + (w - 3)^2$`,
      variables: ['lambda', 'w'],
      at: [0.1, 2],
      value: ([l, w]) => (l / 2) * w * w + sq(w - 3),
      gradient: ([l, w]) => [w * w / 2, l * w + 2 * (w - 3)],
    },
    { source: '\\begin{equation}\nf(x) = x^2 + 1\n\\end{equation}', variables: ['x'], at: [2], value: ([x]) => x * x + 1, gradient: ([x]) => [2 * x], name: 'f' },
    { source: '\\begin{align}\nf(x) &= x^2 + 1\n\\end{align}', variables: ['x'], at: [2], value: ([x]) => x * x + 1, gradient: ([x]) => [2 * x] },
    { source: String.raw`\(x^2 + y^2\)`, variables: ['x', 'y'], at: [1, 2], ...bowl },
    { source: String.raw`\[x^2 + y^2\]`, variables: ['x', 'y'], at: [1, 2], ...bowl },
    { source: '$$\r\nL(w) = (w - 3)^2\r\n$$', variables: ['w'], at: [1], value: ([w]) => sq(w - 3), gradient: ([w]) => [2 * (w - 3)] },
    { source: String.raw`$x^23$`, variables: ['x'], at: [2], value: ([x]) => 3 * x * x, gradient: ([x]) => [6 * x] },
    { source: String.raw`$\sqrt 2 x$`, variables: ['x'], at: [2], value: ([x]) => Math.SQRT2 * x, gradient: () => [Math.SQRT2] },
    { source: String.raw`$3 \times 10^{-2} x^2$`, variables: ['x'], at: [2], value: ([x]) => 0.03 * x * x, gradient: ([x]) => [0.06 * x] },
    { source: String.raw`$f(x) = x^2 + 1.$`, variables: ['x'], at: [2], value: ([x]) => x * x + 1, gradient: ([x]) => [2 * x] },
  ],
  refuses: [
    { source: String.raw`$\frac{\partial L}{\partial w}$`, message: /Derivatives \(\\partial\)/, column: 8 },
    { source: String.raw`$\frac{1}{m}\sum_{i}(h(x_i) - y_i)^2$`, message: /Sums over an index/, column: 13 },
    { source: String.raw`$\nabla_w L$`, message: /Gradients \(\\nabla\)/, column: 2 },
    { source: String.raw`$\infty$`, message: /Infinity/, column: 2 },
    { source: String.raw`$x \in \mathbb{R}$`, message: /\\in isn’t supported/, column: 4 },
    { source: String.raw`$f(x)=x^2,\; x\in\mathbb{R}$`, message: /Unexpected `,` after the formula/, column: 10 },
    { source: String.raw`$x^2 \text{ for } x > 0$`, message: /Comparisons \(`>`\)/, column: 21 },
  ],
  todo: [
    {
      was: 'misread: a display equation broken with `\\\\` loses its first line: only ½b² is read, with no name (parser.ts statements: newline and `\\\\` end a statement; the last one wins)',
      reads: { source: '$$\nL(w, b) = (w - 3)^2 \\\\\n + \\frac{1}{2} b^2\n$$', variables: ['w', 'b'], at: [1, 2], ...quadratic, name: 'L' },
    },
    {
      was: 'misread: a display equation over two source lines loses its first line (only ½b² is read)',
      reads: { source: '$$\nL(w, b) = (w - 3)^2\n + \\frac{1}{2} b^2\n$$', variables: ['w', 'b'], at: [1, 2], ...quadratic, name: 'L' },
    },
    {
      was: 'misread: an aligned continuation `&\\quad + …` loses the first line (only ½b² is read)',
      reads: {
        source: '$$\\begin{aligned}\nL(w, b) &= (w - 3)^2 \\\\\n &\\quad + \\frac{1}{2} b^2\n\\end{aligned}$$',
        variables: ['w', 'b'],
        at: [1, 2],
        ...quadratic,
      },
    },
    {
      was: 'misread: superscript before subscript: θ^2_1 reads as NaN·θ² with one variable (lexer.ts reads `2_1` as a digit-grouped number; latexArgument splits it into 2 and Number("_1") = NaN)',
      reads: { source: String.raw`$\theta^2_1 + \theta^2_2$`, variables: ['theta_1', 'theta_2'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: x^{2}_{1} is x_1 squared ("A subscript `_` must follow a name")',
      reads: { source: String.raw`$x^{2}_{1} + x^{2}_{2}$`, variables: ['x_1', 'x_2'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: `\\lambda` at the start of an expression is parsed as a Python lambda ("Expected `:` after the lambda’s parameters"; parser.ts functionOrExpression ignores the LaTeX dialect)',
      reads: {
        source: String.raw`$\lambda w^2 + (w - 3)^2$`,
        variables: ['lambda', 'w'],
        at: [0.1, 2],
        value: ([l, w]) => l * w * w + sq(w - 3),
        gradient: ([l, w]) => [w * w, 2 * l * w + 2 * (w - 3)],
      },
    },
    {
      was: 'wrongly refused: `\\lambda_1 x + …` is parsed as a Python lambda ("Expected a parameter name, found `_`")',
      reads: {
        source: String.raw`$\lambda_1 x + \lambda_2 y$`,
        variables: ['lambda_1', 'x', 'lambda_2', 'y'],
        at: [1, 2, 3, 4],
        value: ([a, x, b, y]) => a * x + b * y,
        gradient: ([a, x, b, y]) => [x, a, y, b],
      },
    },
    {
      was: 'wrongly refused: the norm `\\|w\\|` (a scalar’s is |w|) — "The LaTeX command \\| isn’t supported"; also \\Vert and \\left\\| … \\right\\|',
      reads: {
        source: String.raw`$\frac{1}{2}(w - 3)^2 + \frac{\lambda}{2}\|w\|^2$`,
        variables: ['w', 'lambda'],
        at: [1, 0.1],
        value: ([w, l]) => 0.5 * sq(w - 3) + (l / 2) * w * w,
        gradient: ([w, l]) => [w - 3 + l * w, w * w / 2],
      },
    },
    {
      was: 'wrongly refused, bad message: `|x||y|` is lexed with a logical `||` ("Logical operators (`||`)")',
      reads: {
        source: String.raw`$|x||y|$`,
        variables: ['x', 'y'],
        at: [-2, 3],
        value: ([x, y]) => Math.abs(x) * Math.abs(y),
        gradient: ([x, y]) => [-Math.abs(y), Math.abs(x)],
      },
    },
    {
      was: 'misread: \\mathrm{ReLU}(1 - x) is the product ReLU·(1 − x) with a variable ReLU (names are matched case-sensitively; an unknown wrapped name before `(` becomes a factor)',
      reads: { source: String.raw`$\mathrm{ReLU}(1 - x)$`, variables: ['x'], at: [0.5], value: ([x]) => Math.max(0, 1 - x), gradient: () => [-1] },
    },
    {
      was: 'misread: \\operatorname{softmax}(x) is the product softmax·x; an \\operatorname is always a function: refuse it by name',
      refuses: { source: String.raw`$\operatorname{softmax}(x)$`, message: /softmax/, column: 2 },
    },
    {
      was: 'misread: in cross-entropy σ(wx) is the sigmoid; it is read as the product σ·w·x, and `\\log \\sigma(wx)` as log(σ)·w·x',
      reads: { source: String.raw`$-y \log \sigma(wx) - (1 - y)\log(1 - \sigma(wx))$`, variables: ['y', 'w', 'x'], at: [0.3, 0.8, 1.5], ...crossEntropy },
    },
    {
      was: 'wrongly refused: `\\ell` is the usual name of a loss ("The LaTeX command \\ell isn’t supported")',
      reads: { source: String.raw`$\ell(w) = \log(1 + \exp(-w))$`, variables: ['w'], at: [0.5], value: ([w]) => Math.log(1 + Math.exp(-w)), gradient: ([w]) => [-sigmoid(-w)] },
    },
    {
      was: 'wrongly refused: an equation number `\\tag{1}` (or `\\label{…}`) in display math',
      reads: { source: String.raw`$$ L(w) = (w - 3)^2 \tag{1} $$`, variables: ['w'], at: [1], value: ([w]) => sq(w - 3), gradient: ([w]) => [2 * (w - 3)] },
    },
    {
      was: 'wrongly refused: parameters separated from data by `;`, as papers write L(θ; x) ("Expected `)` to close the parameters, found `;`")',
      reads: {
        source: String.raw`$L(\theta; x) = (\theta x - 1)^2$`,
        variables: ['theta', 'x'],
        at: [0.5, 2],
        value: ([t, x]) => sq(t * x - 1),
        gradient: ([t, x]) => [2 * x * (t * x - 1), 2 * t * (t * x - 1)],
      },
    },
    {
      was: 'bad message: `\\min_w (w - 3)^2` says "`min` takes at least 2 arguments"; read the objective, or say \\min_w is an optimization problem',
      source: String.raw`$\min_w (w - 3)^2$`,
      check: (source) => {
        const result = readFormula(source);
        if (!result.ok) assert.doesNotMatch(result.error.message, /at least 2 arguments/);
      },
    },
    {
      was: 'wrongly refused: trailing punctuation of a display equation `…,$` ("Unexpected `,` after the formula")',
      reads: { source: String.raw`$f(x) = x^2 + 1,$`, variables: ['x'], at: [2], value: ([x]) => x * x + 1, gradient: ([x]) => [2 * x] },
    },
    {
      was: 'misread: w^{(1)}, w^{(2)} (superscript indices in ML papers) are read as powers of one variable w',
      source: String.raw`$(w^{(1)} - 3)^2 + (w^{(2)} + 1)^2$`,
      check: (source) => {
        const result = readFormula(source);
        if (result.ok) assert.notDeepEqual(result.formula.variables, ['w']);
      },
    },
    {
      was: 'misread: the transpose w^{T}x is read as w to the power T times x; refuse it like `\\top` and `\'`',
      refuses: { source: String.raw`$w^{T}x$`, message: /transpose/i, column: 3 },
    },
    {
      was: 'misread: the derivative operator \\frac{d}{dx} is read as d/(d·x); refuse it like \\partial',
      refuses: { source: String.raw`$\frac{d}{dx} x^2$`, message: /[Dd]erivative/, column: 2 },
    },
  ],
});

// ─── Plain math ──────────────────────────────────────────────────────────────────────────────────

dialect('Plain math', {
  reads: [
    { source: '2x² − 3x + 1', variables: ['x'], at: [2], value: ([x]) => 2 * x * x - 3 * x + 1, gradient: ([x]) => [4 * x - 3] },
    {
      source: 'x⁻² + y⁻¹',
      variables: ['x', 'y'],
      at: [2, 4],
      value: ([x, y]) => 1 / (x * x) + 1 / y,
      gradient: ([x, y]) => [-2 / x ** 3, -1 / (y * y)],
    },
    {
      source: 'x⁴ − 16x² + 5x',
      variables: ['x'],
      at: [-2.9],
      value: ([x]) => x ** 4 - 16 * x * x + 5 * x,
      gradient: ([x]) => [4 * x ** 3 - 32 * x + 5],
    },
    {
      source: '0.5x² + 2.5y²',
      variables: ['x', 'y'],
      at: [2, -1],
      value: ([x, y]) => 0.5 * x * x + 2.5 * y * y,
      gradient: ([x, y]) => [x, 5 * y],
    },
    { source: '(x^2 + y - 11)^2 + (x + y^2 - 7)^2', variables: ['x', 'y'], at: [-2.8, 3.1], ...himmelblau },
    {
      source: '|x - 1|^2 + 2|y|',
      variables: ['x', 'y'],
      at: [3, -2],
      value: ([x, y]) => sq(x - 1) + 2 * Math.abs(y),
      gradient: ([x]) => [2 * (x - 1), -2],
    },
    {
      source: 'e^-x + e^(-y^2)',
      variables: ['x', 'y'],
      at: [0.5, 1.5],
      value: ([x, y]) => Math.exp(-x) + Math.exp(-y * y),
      gradient: ([x, y]) => [-Math.exp(-x), -2 * y * Math.exp(-y * y)],
    },
    { source: 'θ² + 3·θ', variables: ['θ'], at: [2], value: ([t]) => t * t + 3 * t, gradient: ([t]) => [2 * t + 3] },
    { source: 'z = x^2 + y^2', variables: ['x', 'y'], at: [1, 2], ...bowl, name: 'z' },
    { source: 'w1^2 + w2^2', variables: ['w1', 'w2'], at: [1, 2], ...bowl },
    {
      source: 'max(x, y, z)',
      variables: ['x', 'y', 'z'],
      at: [1, 3, 2],
      value: ([x, y, z]) => Math.max(x, y, z),
      gradient: () => [0, 1, 0],
    },
    {
      source: 'clip(x, 0, 1) + hypot(x, y)',
      variables: ['x', 'y'],
      at: [0.6, 0.8],
      value: ([x, y]) => Math.min(Math.max(x, 0), 1) + Math.hypot(x, y),
      gradient: ([x, y]) => [1 + x, y],
    },
    { source: '(x - 1)(x + 1)', variables: ['x'], at: [3], value: ([x]) => x * x - 1, gradient: ([x]) => [2 * x] },
    { source: 'x^1/3', variables: ['x'], at: [6], value: ([x]) => x / 3, gradient: () => [1 / 3] },
    {
      source: 'x ÷ 2 + y × 3',
      variables: ['x', 'y'],
      at: [4, 5],
      value: ([x, y]) => x / 2 + 3 * y,
      gradient: () => [0.5, 3],
    },
  ],
  refuses: [
    { source: 'sin x', message: /Missing an operator between `sin` and `x`/, column: 5 },

    { source: '1/2 x^2', message: /Missing an operator between `1\/2` and `x`/, column: 5 },
    { source: '(x + 1)2', message: /Missing an operator/, column: 8 },
    { source: 'x(x - 1)', message: /Unknown function `x`/, column: 1 },
    { source: '∇L(w)', message: /Unexpected character `∇`/, column: 1 },
    { source: 'x ↦ x^2', message: /Unexpected character `↦`/, column: 3 },
  ],
  todo: [
    {
      was: 'misread: x²y is read as x^(2y): the superscript is lexed as `^` `2` and the number then takes y as its coefficient (lexer.ts superscripts + parser.ts numberWithCoefficient)',
      reads: {
        source: 'x²y',
        variables: ['x', 'y'],
        at: [2, 3],
        value: ([x, y]) => x * x * y,
        gradient: ([x, y]) => [2 * x * y, x * x],
      },
    },
    {
      was: 'misread: (x − 1)²(y + 2)² is read as (x − 1)^(2·(y + 2)²)',
      reads: {
        source: '(x − 1)²(y + 2)²',
        variables: ['x', 'y'],
        at: [3, 1],
        value: ([x, y]) => sq(x - 1) * sq(y + 2),
        gradient: ([x, y]) => [2 * (x - 1) * sq(y + 2), 2 * sq(x - 1) * (y + 2)],
      },
    },
    {
      was: 'misread: x^2y is x^(2y) (Julia’s reading) but x²·y on paper; refuse it as ambiguous, as log(x, base) is',
      refuses: { source: 'x^2y + 1', message: /ambiguous|x\^2\*y|x\^\(2y\)/, column: 2 },
    },
    {
      was: 'misread: 100(y − x^2)^2(1 − x) is read with (1 − x) inside the exponent: 100·(y − x²)^(2(1 − x)); refuse as ambiguous',
      source: '100(y - x^2)^2(1 - x)',
      check: (source) => {
        const result = readFormula(source);
        if (result.ok) reads({ source, variables: ['y', 'x'], at: [2, 0.5], value: ([y, x]) => 100 * sq(y - x * x) * (1 - x), gradient: ([y, x]) => [200 * (y - x * x) * (1 - x), -400 * x * (y - x * x) * (1 - x) - 100 * sq(y - x * x)] });
      },
    },
    {
      was: 'wrongly refused: a product of three brackets ("Missing an operator between `(x - 1)(x + 1)` and `(`"; parser.ts implicitMultiplication only after a number or a group)',
      reads: {
        source: '(x - 1)(x + 1)(x - 2)',
        variables: ['x'],
        at: [3],
        value: ([x]) => (x - 1) * (x + 1) * (x - 2),
        gradient: ([x]) => [3 * x * x - 4 * x - 1],
      },
    },
    {
      was: 'wrongly refused: 2(x − 1)(x + 1) ("Missing an operator between `2(x - 1)` and `(`")',
      reads: { source: '2(x - 1)(x + 1)', variables: ['x'], at: [3], value: ([x]) => 2 * (x * x - 1), gradient: ([x]) => [4 * x] },
    },
    {
      was: 'wrongly refused: Unicode subscripts x₀, x₁ ("Unexpected character `₀`")',
      reads: { source: 'x₀² + x₁²', variables: ['x₀', 'x₁'], at: [1, 2], ...bowl },
    },
    {
      was: 'wrongly refused: the norm bars ‖w − 3‖ ("Unexpected character `‖`")',
      reads: { source: '‖w − 3‖²', variables: ['w'], at: [1], value: ([w]) => sq(w - 3), gradient: ([w]) => [2 * (w - 3)] },
    },
    {
      was: 'misread: with x and y in the formula, 3xy becomes a third variable `xy`; read x·y or refuse with "did you mean x*y?"',
      source: 'x³ + y³ − 3xy',
      check: neverAVariable('xy'),
    },
    {
      was: 'misread: Σx² becomes a variable named Σx; refuse sums as \\sum is refused',
      refuses: { source: 'Σx²', message: /[Ss]um/, column: 1 },
    },
    {
      was: 'bad message: a math-italic 𝑥 pasted from a PDF is refused as "Unexpected character" showing half a surrogate pair (the lexer walks UTF-16 units); read it as x, or quote the whole character',
      source: '𝑥² + 𝑦²',
      check: (source) => {
        const result = readFormula(source);
        if (!result.ok) assert.ok(result.error.message.includes('𝑥'), result.error.message);
      },
    },
  ],
});

// ─── Bad input ───────────────────────────────────────────────────────────────────────────────────

dialect('Bad input: refused with what and where', {
  refuses: [
    { source: 'the loss is x squared', message: /Missing an operator between `the` and `loss`/, column: 5 },
    { source: '(w - 3)**2 + b**2)', message: /Unexpected `\)` after the formula/, column: 18 },
    { source: 'w - 3)**2', message: /Unexpected `\)`/, column: 6 },
    { source: '** 2 + b ** 2', message: /Unexpected `\*\*` where a value was expected/, column: 1 },
    { source: 'loss = ((w - 3)**2', message: /`\(` at column 8 is never closed/, column: 19 },
    { source: 'loss = w ** 2 +', message: /ends where a value was expected/, column: 16 },
    { source: 'while True: x = x - 0.1', message: /Loops \(`while`\)/, column: 1 },
    { source: 'loss = w or b', message: /Logical operators \(`or`\)/, column: 10 },
    { source: 'loss = not w', message: /Logical operators \(`not`\)/, column: 8 },
    { source: 'x^2 + y^2 = 0', message: /Unexpected `=` after the formula/, column: 11 },
    { source: "loss = 'w**2'", message: /Text in quotes/, column: 8 },
    { source: "open('/etc/passwd').read()", message: /`open` isn’t a math function/, column: 1 },
    { source: "subprocess.run(['ls'])", message: /`subprocess.run` isn’t a math function/, column: 1 },
    { source: 'window.alert(x)', message: /`window.alert` isn’t a math function/, column: 1 },
    { source: "fetch('http://x')", message: /`fetch` isn’t a math function/, column: 1 },
    { source: "Function('return this')()", message: /`Function` isn’t a math function/, column: 1 },
    { source: 'x = input()', message: /`input` isn’t a math function/, column: 5 },
    { source: "from os import system\nsystem('ls')", message: /`system` isn’t a math function/, column: 1, line: 2 },
    { source: 'document.cookie * x', message: /`document.cookie` isn’t something a formula can use/, column: 1 },
    { source: 'x.__class__.__bases__', message: /isn’t something a formula can use/, column: 1 },
  ],
  todo: [
    {
      was: 'bad message: "Unknown function `print` (write print*(…) to multiply)" — the multiply hint makes no sense for print, Math.random, loss.backward',
      source: 'print(x)',
      check: refusedSaying(/print/, /to multiply/),
    },
    {
      was: 'misread: `x^2 -- note` (a Lua/Haskell/SQL comment, which assignedValues.ts accepts) is read as x² + note',
      source: 'x^2 -- note',
      check: neverAVariable('note'),
    },
    {
      was: 'a zero-width space (U+200B) pasted with a formula is read as spacing',
      reads: { source: 'loss = x**2\u200b + y', variables: ['x', 'y'], at: [2, 3], value: ([x, y]) => x * x + y, gradient: ([x]) => [2 * x, 1] },
    },
  ],
});

// ─── Size ────────────────────────────────────────────────────────────────────────────────────────
// How fast these read is measured by `npm run bench`, not asserted here.

describe('Size: large formulas read exactly', () => {
  it('a 20-dimensional Rosenbrock sum', () => {
    const source = Array.from({ length: 19 }, (_, i) => `100*(x${i + 1} - x${i}**2)**2 + (1 - x${i})**2`).join(' + ');
    const formula = read(source);
    assert.equal(formula.variables.length, 20);
    // Variables in order of first appearance: x1, x0, x2, x3, …; x_k is set to k/10.
    const xs = Array.from({ length: 20 }, (_, k) => 0.1 * k);
    let expected = 0;
    for (let i = 0; i < 19; i += 1) expected += 100 * sq(xs[i + 1] - xs[i] ** 2) + sq(1 - xs[i]);
    assertClose(formula.value(formula.variables.map((name) => xs[Number(name.slice(1))])), expected, 'value');
  });

  it('a function body with ten chained locals', () => {
    const body = Array.from({ length: 10 }, (_, i) => `    a${i + 1} = a${i} * a${i} + x`).join('\n');
    const formula = read(`def f(x):\n    a0 = x\n${body}\n    return a10`);
    let a = 0.3;
    for (let i = 0; i < 10; i += 1) a = a * a + 0.3;
    assertClose(formula.value([0.3]), a, 'value');
  });

  it('locals each used twice, sixty deep: read, evaluated, shown as written', () => {
    // Written out as a tree this formula has 2⁶⁰ terms; it is read and compiled as the DAG it is, and shown
    // as the selection (collapsed) instead of being printed.
    const lines = Array.from({ length: 60 }, (_, i) => `a${i + 1} = sin(a${i}) + cos(a${i})`).join('\n');
    const formula = read(`a0 = x\n${lines}\nloss = a60`);
    let a = 0.3;
    for (let i = 0; i < 60; i += 1) a = Math.sin(a) + Math.cos(a);
    assertClose(formula.value([0.3]), a, 'value');
    assert.ok(formula.display.startsWith('a0 = x a1 = sin(a0)') && formula.display.length <= 120, formula.display);
  });
});

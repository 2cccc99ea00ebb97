/**
 * Formulas as long as the size limit allows: read with exact gradient and Hessian, or refused with a message and
 * a place — never a stack overflow. Long chains are flat in the text but thousands deep as trees; definitions
 * built on definitions nest as deep in the expression DAG.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFormula } from '../../../src/core/formula';
import { MAX_LOCAL_TEMPORARIES, valueAndGradientBody } from '../../../src/core/formula/compile';
import { evaluate } from '../../../src/core/formula/evaluate';
import { MAX_EXPRESSION_NODES } from '../../../src/core/formula/expr';
import { MAX_SOURCE_LENGTH } from '../../../src/core/formula/lexer';
import { read, refuses } from './readings';

const chain = (count: number, operator: string, names = ['x']): string => Array.from({ length: count }, (_, i) => names[i % names.length]).join(operator);

describe('long chains', () => {
  it('reads x*y*x*y… of 1,800 factors with its exact gradient and Hessian', () => {
    const formula = read(chain(1800, '*', ['x', 'y']));
    assert.deepEqual(formula.variables, ['x', 'y']);
    // x⁹⁰⁰·y⁹⁰⁰ at (1, 1): every product of ones is exact.
    assert.equal(formula.value([1, 1]), 1);
    assert.deepEqual(formula.gradient([1, 1]), [900, 900]);
    assert.deepEqual(formula.hessian([1, 1]), [
      [900 * 899, 900 * 900],
      [900 * 900, 900 * 899],
    ]);
  });

  it('reads x/x/… of 1,200 terms', () => {
    const formula = read(chain(1200, '/'));
    // x^(1 − 1199) at 1.
    assert.equal(formula.value([1]), 1);
    assert.deepEqual(formula.gradient([1]), [-1198]);
    assert.deepEqual(formula.hessian([1]), [[1198 * 1199]]);
  });

  it('reads x+x+… of 2,000 terms, and of 10,000 (up to the size limit)', () => {
    const formula = read(chain(2000, '+'));
    assert.deepEqual(formula.gradient([3]), [2000]);
    assert.deepEqual(formula.hessian([3]), [[0]]);
    const longest = chain(10_000, '+');
    assert.ok(longest.length < MAX_SOURCE_LENGTH);
    assert.deepEqual(read(longest).gradient([3]), [10_000]);
    assert.deepEqual(read(chain(6000, '-', ['x', 'y'])).gradient([1, 2]), [1 - 2999, -3000]);
  });

  it('reads thousands of definitions, each built on the one before', () => {
    const lines = ['a0 = x'];
    for (let i = 1; i <= 1000; i += 1) lines.push(`a${i} = a${i - 1}*y + x`);
    const source = `${lines.join('\n')}\nloss = a1000`;
    assert.ok(source.length < MAX_SOURCE_LENGTH);
    const formula = read(source);
    // a_k = x(1 + y + … + y^k): at y = 1 that is (k + 1)·x, with ∂/∂y = x·k(k + 1)/2.
    assert.equal(formula.value([2, 1]), 1001 * 2);
    assert.deepEqual(formula.gradient([2, 1]), [1001, (2 * 1000 * 1001) / 2]);
    // Each used twice: a tree of 2^900 nodes, a DAG of 900.
    const doubling = ['b0 = x', ...Array.from({ length: 900 }, (_, i) => `b${i + 1} = b${i} + b${i}`), 'loss = b900 / 2^899'];
    assert.deepEqual(read(doubling.join('\n')).gradient([1]), [2]);
  });

  it('refuses a formula whose derivatives outgrow the node limit, with a message, quickly', () => {
    const variables = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const started = performance.now();
    const result = readFormula(chain(3000, '*', variables));
    assert.equal(result.ok, false);
    if (result.ok) return;
    assert.match(result.error.message, new RegExp(`^The formula is too large: its exact gradient and Hessian would need more than ${MAX_EXPRESSION_NODES.toLocaleString('en-US')} terms$`));
    assert.equal(result.error.column, 1);
    assert.equal(result.error.length, result.error.source.length, 'the whole selection is the place');
    assert.ok(performance.now() - started < 20_000);
  });
});

describe('deep nesting', () => {
  it('refuses brackets, powers, signs and calls nested past the limit, where the limit is passed', () => {
    refuses({ source: `${'('.repeat(300)}x${')'.repeat(300)}`, message: /^The formula is nested too deeply$/, column: 201 });
    refuses({ source: chain(500, '^'), message: /nested too deeply/, column: 401 });
    refuses({ source: `${'- '.repeat(1000)}x`, message: /nested too deeply/, column: 401 });
    refuses({ source: `${'exp('.repeat(300)}x${')'.repeat(300)}`, message: /nested too deeply/, column: 801 });
    refuses({ source: `$${'\\sqrt'.repeat(1000)} x$`, message: /nested too deeply/, column: 1002 });
  });

  it('refuses functions nested in functions past the limit', () => {
    refuses({ source: `${'function(){'.repeat(1500)}return x${'}'.repeat(1500)}`, message: /nested too deeply/, column: 2212 });
    refuses({ source: `${'def f(): '.repeat(2000)}x`, message: /nested too deeply/, column: 1810 });
    refuses({ source: `${'[](double x){'.repeat(1400)}return x;${'}'.repeat(1400)}`, message: /nested too deeply/, column: 2614 });
  });

  it('reads nesting up to the limit', () => {
    assert.deepEqual(read(`${'('.repeat(199)}x${')'.repeat(199)}^2`).gradient([3]), [6]);
    assert.deepEqual(read(`${'sin('.repeat(150)}x${')'.repeat(150)}`).variables, ['x']);
  });
});

describe('generated code for large formulas', () => {
  it('keeps intermediate values in a scratch array past the locals V8 can hold, with the same numbers', () => {
    const formula = read(chain(6000, '*', ['x', 'y']));
    const { loss, gradient } = formula.expressions;
    const body = valueAndGradientBody(loss, gradient);
    assert.ok(body.split('\n').length > MAX_LOCAL_TEMPORARIES, `${body.split('\n').length} statements`);
    assert.match(body, /^t\[0\] = /m);
    assert.doesNotMatch(body, /^const t/m);
    const at = [1.0001, 0.9999];
    const [value, ...exact] = evaluate([loss, ...gradient], at);
    const g = new Float64Array(2);
    assert.equal(formula.valueAndGradient(at, g), value);
    assert.deepEqual([...g], exact);
    const [hessianEntry] = evaluate([formula.expressions.hessian[0][1]], at);
    assert.equal(formula.hessian(at)[0][1], hessianEntry);
  });

  it('keeps the common small formula in locals', () => {
    const formula = read('(1 - x)^2 + 100*(y - x^2)^2');
    assert.match(valueAndGradientBody(formula.expressions.loss, formula.expressions.gradient), /^const t0 = /);
  });
});

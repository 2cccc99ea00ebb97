/**
 * Names a JavaScript object inherits — `constructor`, `toString`, `__proto__`, `valueOf`, `hasOwnProperty` — are
 * ordinary variable names everywhere a name from the user's text is looked up: reading, start values from the
 * signature, the selection and the lines above it, a typed start point, and the exported run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assignedValuesAbove, startPointOf } from '../../../src/core/formula/assignedValues';
import { scopedStartValues } from '../../../src/core/formula/scopedStartValues';
import { defaultRunSettings } from '../../../src/core/optim';
import { parsePoint } from '../../../src/core/pointText';
import { runCsv, runReport } from '../../../src/core/report';
import { runSynchronously } from '../../../src/extension/session/views';
import { read, reads, refuses, sq } from './readings';

export const INHERITED_NAMES = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupGetter__'];

describe('names an object inherits, as variables', () => {
  for (const name of INHERITED_NAMES) {
    it(`reads ${name} as a variable, with its start values from the text`, () => {
      reads({ source: `${name}**2 + 3*${name}`, variables: [name], at: [1.5], value: ([v]) => v * v + 3 * v, gradient: ([v]) => [2 * v + 3] });
      reads({ source: `def f(${name}=3, y=-1): return (${name} - 1)**2 + y**2`, variables: [name, 'y'], at: [2, 1], value: ([v, y]) => sq(v - 1) + y * y, gradient: ([v, y]) => [2 * (v - 1), 2 * y], startValues: { [name]: 3, y: -1 } });
      reads({ source: `${name} = 4\nloss = ${name}**2`, variables: [name], at: [2], value: ([v]) => v * v, gradient: ([v]) => [2 * v], startValues: { [name]: 4 } });
      reads({ source: `def f(p=(1.0, 2.0)):\n    ${name}, y = p\n    return ${name}**2 + y**2`, variables: [name, 'y'], at: [1, 2], value: ([v, y]) => v * v + y * y, gradient: ([v, y]) => [2 * v, 2 * y], startValues: { [name]: 1, y: 2 } });
      // In LaTeX `_` is a subscript: `\mathrm{__proto__}` is no name.
      if (!name.includes('_')) reads({ source: `$$ L = \\mathrm{${name}}^2 $$`, variables: [name], at: [3], value: ([v]) => v * v, gradient: ([v]) => [2 * v] });
      const formula = read(`${name}**2`);
      assert.equal(formula.startValues.has(name), false, 'no start value the text does not give');
      assert.equal(formula.display, `${name}^2`);
    });
  }

  it('refuses an unknown LaTeX command or keyword named like an inherited member, by name', () => {
    refuses({ source: '$\\constructor x$', message: /The LaTeX command \\constructor isn’t supported/, column: 2 });
    refuses({ source: '$\\toString{x}$', message: /The LaTeX command \\toString isn’t supported/, column: 2 });
    refuses({ source: '$\\hasOwnProperty^2 x$', message: /The LaTeX command \\hasOwnProperty isn’t supported/, column: 2 });
    refuses({ source: 'clip(x, constructor=1)', message: /Keyword arguments \(`constructor`=…\) aren’t supported/, column: 9 });
    refuses({ source: 'valueOf(x)', message: /Unknown function `valueOf`/, column: 1 });
    refuses({ source: 'toString(x)', message: /Unknown function `toString`/, column: 1 });
  });

  it('takes start values by name from the lines above, the text itself and the setting', () => {
    const above = 'constructor = 2.5\nlet toString = -1;\n__proto__ = 7\n';
    assert.deepEqual(assignedValuesAbove(above, ['constructor', 'toString', '__proto__', 'valueOf']), new Map([['constructor', 2.5], ['toString', -1], ['__proto__', 7]]));
    const formula = read('def f(valueOf=4, constructor=1): return valueOf**2 + constructor**2 + toString**2 + __proto__**2 + hasOwnProperty**2');
    // The code around the formula as its scope sees it (here: the lines above, at module level).
    const inScope = scopedStartValues(`${above}loss`, above.length, formula.variables);
    assert.deepEqual(startPointOf(formula.variables, formula.startValues, inScope, 0.5), [4, 1, -1, 7, 0.5]);
  });

  it('parses a typed start point with such names, falling back by name', () => {
    const variables = ['constructor', '__proto__', 'toString'];
    assert.deepEqual(parsePoint('constructor=1, __proto__=-2, toString=3', variables), { ok: true, values: [1, -2, 3] });
    assert.deepEqual(parsePoint('__proto__=5', variables, new Map([['constructor', 1], ['__proto__', 2], ['toString', 3]])), { ok: true, values: [1, 5, 3] });
    const missing = parsePoint('', variables);
    assert.equal(missing.ok, false);
    assert.match(missing.ok ? '' : missing.message, /missing a value for constructor/);
    assert.equal(parsePoint('valueOf=1', variables).ok, false, 'a name the formula does not have');
  });

  it('exports a run with such variables as CSV and JSON under their own names', () => {
    const formula = read('(constructor - 1)**2 + (__proto__ + 2)**2');
    const settings = { ...defaultRunSettings(), learningRate: 0.1, maxSteps: 20 };
    const run = runSynchronously(formula, [0, 0], settings);
    const report = JSON.parse(JSON.stringify(runReport({ variables: formula.variables, ...run }))) as {
      variables: string[];
      final: { params: Record<string, number> };
    };
    assert.deepEqual(report.variables, ['constructor', '__proto__']);
    assert.deepEqual(Object.keys(report.final.params), ['constructor', '__proto__']);
    const final = new Map(Object.entries(report.final.params));
    assert.equal(typeof final.get('__proto__'), 'number');
    assert.ok(Math.abs(final.get('constructor')! - 1) < 0.1);
    assert.equal(runCsv(formula.variables, run.trace).split('\n')[0], 'step,learning_rate,loss,constructor,__proto__');
  });
});

/**
 * Bad input is refused with a message that names what is wrong and the column — never a crash, a hang,
 * or anything run.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readFormula } from '../../../src/core/formula';
import { columnAt, quote } from '../../../src/core/formula/errors';
import { refuses } from './readings';

function refused(source: string, message: RegExp, column: number, line = 1): void {
  refuses({ source, message, column, line });
}

describe('bad input is refused with what and where', () => {
  it('unbalanced brackets', () => {
    refused('(x + 1', /`\(` at column 1 is never closed/, 7);
    refused('x + 1)', /Unexpected `\)`/, 6);
    refused('sin(x + (y - 1)', /never closed/, 16);
    refused('$\\frac{1}{2 x^2$', /`\{` at column 10 is never closed/, 17);
    refused(']', /no matching opening bracket/, 1);
  });

  it('unknown functions, with a suggestion when one is close', () => {
    refused('sinn(x)', /Unknown function `sinn` — did you mean `sin`\?/, 1);
    refused('2 * foo(x)', /Unknown function `foo`/, 5);
    // A list as a keyword's value does not make the call one on data: the function is what is wrong.
    refused('foo(x, k=[1, 2])', /Unknown function `foo`/, 1);
    refused('np.mean((w - 3)**2)', /works on arrays/, 1);
    refused('floor(x)', /piecewise constant/, 1);
    refused('log(x, 2)', /log\(x\)\/log\(base\)/, 1);
    refused('pow(x)', /`pow` takes 2 arguments, but 1 was given/, 1);
  });

  it('empty text and text without variables', () => {
    refused('', /empty/, 1);
    refused('   \n  ', /empty/, 1);
    refused('# just a comment', /empty/, 1);
    refused('3 + 4*pi', /no variables/, 1);
    refused('x = 10', /only assigns a number/, 1);
  });

  it('conditionals, comparisons, loops and logic', () => {
    refused('x if x > 0 else -x', /Conditionals \(`if`\)/, 3);
    refused('x > 0 ? x : -x', /Comparisons \(`>`\)/, 3);
    refused('if x > 0:\n    return x', /Conditionals/, 1);
    refused('for i in range(3): x', /Loops/, 1);
    refused('x and y', /Logical operators/, 3);
    refused('x == y', /Comparisons/, 3);
    refused('ifelse(x > 0, x, 0)', /Conditionals/, 1);
  });

  it('anything that reaches for the host', () => {
    refused("__import__('os').system('ls')", /`__import__` isn’t a math function — selected text is never run as code/, 1);
    refused('constructor.constructor("return process")()', /`constructor.constructor` isn’t a math function/, 1);
    refused('process.exit()', /`process.exit` isn’t a math function/, 1);
    refused('x + eval("1")', /`eval` isn’t a math function/, 5);
    refused('require("fs").readFileSync("/etc/passwd")', /`require` isn’t a math function/, 1);
    refused('x + os.system(1)', /`os.system` isn’t a math function/, 5);
    refused('x.constructor', /Unknown|isn’t something a formula can use/, 1);
    refused('toString(x)', /Unknown function `toString`/, 1);
    refused('__proto__(x)', /isn’t a math function/, 1);
    refused("x + 'text'", /Text in quotes/, 5);
  });

  it('operators without a gradient, and leftovers', () => {
    refused('loss = w // 2 + w**2', /Floor division/, 10);
    refused('x % 2 + y', /remainder/, 3);
    refused('x y', /Missing an operator between `x` and `y`/, 3);
    refused('x +', /ends where a value was expected/, 4);
    refused('x +* y', /Unexpected `\*`/, 4);
    refused('[x, y]', /Lists and arrays/, 3);
    refused("x'", /transpose/, 2);
    refused('x!', /Factorials/, 2);
    refused('$\\sum_i x_i^2$', /Sums over an index/, 2);
    refused('$\\foo{x}$', /\\foo isn’t supported/, 2);
    refused('x + $', /value was expected/, 6);
  });

  it('names the line in multi-line selections', () => {
    refused('def f(x):\n    return x +* 2', /Unexpected `\*`/, 15, 2);
  });

  it('refuses very long and very deep input instead of hanging or overflowing', () => {
    const long = readFormula(`x${' + x'.repeat(5000)}`);
    assert.equal(long.ok, false);
    refused(`${'('.repeat(5000)}x${')'.repeat(5000)}`, /nested too deeply/, 201);
    refused(`x^${'- '.repeat(3000)}1`, /nested too deeply/, 401);
  });

  it('reports a character whole, at a column counted in characters', () => {
    const emoji = readFormula('x + 😀');
    assert.equal(emoji.ok, false);
    if (emoji.ok) return;
    assert.equal(emoji.error.message, 'Unexpected character `😀`');
    assert.equal(emoji.error.column, 5);
    assert.deepEqual([emoji.error.offset, emoji.error.length], [4, 2], 'offset and length stay in UTF-16 units, for ranges');
    // An emoji with a skin tone, after a letter beyond the first plane; on a later line.
    refused('𠀋 + 👍🏽', /^Unexpected character `👍🏽`$/, 5);
    refused('x = 1\n😀😀 + x', /^Unexpected character `😀`$/, 1, 2);
    refused('(😀 + x', /^Unexpected character `😀`$/, 2);
    refused('(𝑥 + y', /`\(` at column 1 is never closed/, 7);
  });

  it('reads letters beyond the first plane as names', () => {
    const formula = readFormula('𠀋^2 + 𝑥');
    assert.ok(formula.ok);
    if (formula.ok) assert.deepEqual(formula.formula.variables, ['𠀋', 'x']);
    const latex = readFormula('$𝑥^2$');
    assert.ok(latex.ok && latex.formula.variables[0] === 'x');
  });

  it('counts columns as the status bar does, and shortens quotes between characters', () => {
    assert.equal(columnAt('ab😀c', 4), 4);
    assert.equal(columnAt('x\n\ty', 3), 2);
    assert.equal(columnAt('x\n\ty', 3, 4), 5);
    assert.equal(columnAt('x\n ab\tc', 6, 4), 5);
    assert.equal(quote('😀'.repeat(50)), `\`${'😀'.repeat(37)}…\``);
  });
});

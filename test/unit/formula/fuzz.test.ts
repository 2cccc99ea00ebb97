/**
 * Hostile and careless input, fuzzed (fast-check): names JavaScript objects inherit, chains as long as the size
 * limit allows, nesting past the depth limit and odd Unicode. Whatever comes in, the reader answers with a formula
 * whose numbers are finite (on a domain where the math is) or with an error that has a place — it never throws,
 * never overflows the stack and never runs anything. Bounded to a few seconds: long inputs get few runs.
 * `GD_LAB_FUZZ_SCALE=50 node --import tsx --test test/unit/formula/fuzz.test.ts` runs a longer campaign.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readFormula, type ReadResult } from '../../../src/core/formula';
import { parseArguments, UsageError } from '../../../src/cli/arguments';
import { characterAt, columnAt } from '../../../src/core/formula/errors';
import { evaluate } from '../../../src/core/formula/evaluate';
import { MAX_SOURCE_LENGTH } from '../../../src/core/formula/lexer';
import { parsePoint } from '../../../src/core/pointText';
import { runs } from '../../support/fuzz';

/** Names a plain object answers from its prototype, and names from scripts a lexer can trip over. */
const INHERITED = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__', '__lookupSetter__', 'prototype'];
const NAMES = [...INHERITED, 'x', 'w', 'θ', 'θ₁', 'λ', '𠀋', 'ŵ'];

/** No lone surrogate: every character whole. */
const wellFormed = (text: string): boolean => !/\p{Cs}/u.test(text);

/** Never thrown: a formula, or an error whose place is in the text and counted as the rest of the product counts it. */
function readSafely(source: string): ReadResult {
  let result: ReadResult;
  try {
    result = readFormula(source);
  } catch (error) {
    assert.fail(`readFormula threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} for ${JSON.stringify(source.slice(0, 200))}`);
  }
  if (!result.ok) {
    const { error } = result;
    assert.ok(error.message.length > 0);
    assert.ok(error.offset >= 0 && error.offset <= source.length, `offset ${error.offset} of ${source.length}`);
    assert.ok(error.line >= 1);
    assert.equal(error.column, columnAt(source, error.offset), 'the column counts characters from the line start');
    assert.doesNotMatch(error.message, /Maximum call stack|Internal error|undefined|\[object /, error.message);
  }
  return result;
}

/** Smooth formulas over hostile names, moderate on [-2, 2]ⁿ: as in properties.test.ts, but named to break lookups. */
const hostileFormula: fc.Arbitrary<string> = fc.letrec<{ node: string; leaf: string; unary: string; binary: string }>((tie) => ({
  node: fc.oneof({ maxDepth: 4, depthIdentifier: 'hostile' }, tie('leaf'), tie('unary'), tie('binary')),
  leaf: fc.oneof(fc.constantFrom(...NAMES), fc.integer({ min: 1, max: 9 }).map(String)),
  unary: fc
    .tuple(fc.constantFrom((a: string) => `sin(${a})`, (a: string) => `tanh(${a})`, (a: string) => `sigmoid(${a})`, (a: string) => `-(${a})`, (a: string) => `(${a})^2`), tie('node'))
    .map(([wrap, a]) => wrap(a)),
  binary: fc
    .tuple(
      fc.constantFrom(
        (a: string, b: string) => `(${a}) + (${b})`,
        (a: string, b: string) => `(${a}) - (${b})`,
        (a: string, b: string) => `(${a}) * (${b})`,
        (a: string, b: string) => `(${a}) / (1 + (${b})^2)`,
      ),
      tie('node'),
      tie('node'),
    )
    .map(([combine, a, b]) => combine(a, b)),
})).node;

describe('fuzzed: names an object inherits', () => {
  it('read as variables with finite, exact numbers, in every form a formula takes', () => {
    const form = fc.constantFrom(
      (body: string) => body,
      (body: string) => `loss = ${body}`,
      (body: string) => `def f(constructor=1.5, __proto__=-0.5): return ${body}`,
      (body: string) => `valueOf = 0.25\ntoString = ${body}\nreturn toString + valueOf`,
      (body: string) => `const f = (hasOwnProperty) => ${body};`,
    );
    fc.assert(
      fc.property(hostileFormula, form, fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 20, maxLength: 20 }), (body, wrap, coordinates) => {
        const source = wrap(body);
        const result = readSafely(source);
        // A body without any variable (`3 + 4`) is refused, with a place; so is a signature name the body never uses.
        if (!result.ok) {
          assert.match(result.error.message, /has no variables|only assigns a number|is not used|reads as one variable/, `${source}: ${result.error.message}`);
          return;
        }
        const { formula } = result;
        const p = formula.variables.map((_, i) => coordinates[i]);
        for (const name of formula.variables) assert.ok(name.length > 0 && wellFormed(name), name);
        const { loss, gradient, hessian } = formula.expressions;
        const reference = evaluate([loss, ...gradient, ...hessian.flat()], p);
        const g = new Float64Array(p.length);
        const compiled = [formula.valueAndGradient(p, g), ...g, ...formula.hessian(p).flat()];
        compiled.forEach((value, i) => {
          assert.ok(Number.isFinite(value), `${source} at ${p}: entry ${i} is ${value}`);
          assert.ok(Object.is(value, reference[i]), `${source}: compiled ${value} vs evaluated ${reference[i]}`);
        });
        // Start values from the text are found by name, whatever the name.
        if (source.startsWith('def f(constructor=1.5')) {
          if (formula.variables.includes('constructor')) assert.equal(formula.startValues.get('constructor'), 1.5);
          if (formula.variables.includes('__proto__')) assert.equal(formula.startValues.get('__proto__'), -0.5);
        }
        // And a typed start point names them like any other variable.
        const typed = formula.variables.map((name, i) => `${name}=${p[i]}`).join(', ');
        const parsed = parsePoint(typed, formula.variables);
        assert.ok(parsed.ok && parsed.values.every((value, i) => value === p[i]), `${typed}: ${JSON.stringify(parsed)}`);
      }),
      runs(300),
    );
  });

  it('unknown options named like inherited members are refused, known ones read', () => {
    const specs = { steps: { value: true }, json: { value: false } };
    fc.assert(
      fc.property(fc.constantFrom(...INHERITED, 'Constructor', '__proto__x', '_'), fc.string({ maxLength: 5 }), (name, value) => {
        assert.throws(() => parseArguments([`--${name}`, value], specs), (error) => error instanceof UsageError && error.message === `Unknown option --${name}`);
        assert.throws(() => parseArguments([`--${name}=${value}`], specs), UsageError);
        assert.equal(parseArguments(['x^2', '--steps', '5'], specs).options.get('steps'), '5');
      }),
      runs(100),
    );
  });
});

describe('fuzzed: long and deep formulas', () => {
  it('chains up to the size limit are read with finite numbers, or refused as too large', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 9_000 }),
        fc.constantFrom('+', '-', '*', '/'),
        fc.constantFrom(['x'], ['x', 'constructor'], ['__proto__', 'y', 'toString'], Array.from({ length: 12 }, (_, i) => `v${i}`)),
        (terms, operator, names) => {
          const source = Array.from({ length: terms }, (_, i) => names[i % names.length]).join(operator);
          fc.pre(source.length < MAX_SOURCE_LENGTH);
          const result = readSafely(source);
          if (!result.ok) {
            assert.match(result.error.message, /^The formula is too large/);
            assert.equal(result.error.column, 1);
            return;
          }
          const ones = result.formula.variables.map(() => 1);
          const values = [result.formula.value(ones), ...result.formula.gradient(ones), ...result.formula.hessian(ones).flat()];
          assert.ok(values.every(Number.isFinite), `${operator} × ${terms}: ${values.slice(0, 4)}`);
        },
      ),
      runs(8),
    );
  });

  it('nesting past the limit is refused as too deep, with a place, whatever nests', () => {
    const wrappers: [string, string][] = [
      ['(', ')'],
      ['sin(', ')'],
      ['- ', ''],
      ['max(1, ', ')'],
      ['x^(', ')'],
      ['|', '|'],
      ['√', ''],
      ['def f(): ', ''],
      ['function(){ return ', '}'],
      ['[](double x){ return ', ';}'],
      ['$\\frac{1}{', '}$'],
      ['\\sqrt{', '}'],
    ];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1200 }), fc.constantFrom(...wrappers), fc.constantFrom('x', 'constructor', '𝑥'), (depth, [open, close], core) => {
        const latex = open.startsWith('$') || open.startsWith('\\');
        const inner = latex ? 'x' : core;
        const source = `${latex ? '$' : ''}${open.replace('$', '').repeat(depth)}${inner}${close.replace('$', '').repeat(depth)}${latex ? '$' : ''}`;
        fc.pre(source.length < MAX_SOURCE_LENGTH);
        const result = readSafely(source);
        // Nothing a person writes nests this deep: refused (too deep, or for what nests), never overflowing.
        if (depth > 200) assert.equal(result.ok, false, source.slice(0, 60));
      }),
      runs(150),
    );
  });
});

describe('fuzzed: odd Unicode', () => {
  const odd = fc.constantFrom(
    '😀', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'é', 'é', '\u202e', '\u200d', '\ufeff', '\u00a0', '\u2028', '\u0000', '\ud83d', '\ude00',
    '𝑥', '𝐰', '𠀋', 'θ₁', '²', '⁻¹', '√', '−', '×', '·', '１', 'ﬁ', 'Σ', 'İ', 'ß', '\\', '$', '`',
  );
  const fragment = fc.oneof(
    odd,
    fc.constantFrom('x', 'y', ' + ', '*', '^2', '(', ')', 'sin(', 'constructor', '__proto__', '= ', '\n', 'def f(x): return '),
    fc.string({ unit: 'binary', maxLength: 3 }),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  );

  it('is read or refused with the whole character and its column, never thrown', () => {
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join('')), (source) => {
        const result = readSafely(source);
        if (result.ok) {
          for (const name of result.formula.variables) assert.ok(name.length > 0);
          assert.equal(typeof result.formula.display, 'string');
          return;
        }
        const { message, offset, length } = result.error;
        // Characters are reported whole: what is well-formed in stays well-formed in the message.
        if (wellFormed(source)) assert.ok(wellFormed(message), `${JSON.stringify(source)}: ${JSON.stringify(message)}`);
        if (message.startsWith('Unexpected character `')) {
          const character = characterAt(source, offset);
          assert.equal(message, `Unexpected character \`${character.replace(/\s+/g, ' ')}\``);
          assert.equal(length, character.length, 'the error covers the whole character');
        }
      }),
      runs(2000),
    );
  });
});

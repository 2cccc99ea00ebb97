import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scopedStartValues } from '../../../src/core/formula/scopedStartValues';

/** The start values for `variables` of the formula that starts at the `|` in `marked`. */
function at(marked: string, variables: string[]): Record<string, number> {
  const offset = marked.indexOf('|');
  return Object.fromEntries(scopedStartValues(marked.replace('|', ''), offset, variables));
}

describe('start values as the formula’s scope sees them', () => {
  it('inside a Python function, its parameters’ defaults win over module-level names', () => {
    const source = ['w = 10', 'b = 7', '', 'def bowl(w=1.5, b=-2.0):', '    |return (w - 3)**2 + 0.1*b**2'].join('\n');
    assert.deepEqual(at(source, ['w', 'b']), { w: 1.5, b: -2 });
  });

  it('a parameter without a default hides the outer name (no value), and other names come from outside', () => {
    const source = ['w = 10', 'c = 4', 'def f(w, scale: float = 2.5):', '    |return scale * (w - c)**2'].join('\n');
    assert.deepEqual(at(source, ['w', 'c', 'scale']), { c: 4, scale: 2.5 });
  });

  it('an assignment in the function body above the formula wins over the default', () => {
    const source = ['def f(w=1.5):', '    w = 3.0', '    |return w**2'].join('\n');
    assert.deepEqual(at(source, ['w']), { w: 3 });
  });

  it('assignments inside another function are out of scope', () => {
    const source = ['def helper():', '    x = 5', '    return x', '', 'x = 2', 'def g():', '    y = 1', '    return 0', '|loss = x**2 + y**2'].join('\n');
    assert.deepEqual(at(source, ['x', 'y']), { x: 2 });
  });

  it('at module level after a function, the module’s names count, not the function’s', () => {
    const source = ['x = 3', 'def f(x=9):', '    x = 8', '    return x', '|loss = x**2'].join('\n');
    assert.deepEqual(at(source, ['x']), { x: 3 });
  });

  it('nested functions: the innermost binding decides', () => {
    const source = ['def outer(a=1.0, b=2.0):', '    def inner(a=5.0):', '        |return a + b'].join('\n');
    assert.deepEqual(at(source, ['a', 'b']), { a: 5, b: 2 });
  });

  it('reads braced functions: JavaScript, TypeScript arrows, C', () => {
    assert.deepEqual(at(['let w = 10;', 'function loss(w = 0.5, b = -1) {', '  |return (w - 3) ** 2 + b * b;', '}'].join('\n'), ['w', 'b']), { w: 0.5, b: -1 });
    assert.deepEqual(at(['const w = 10;', 'const loss = (w: number = 2.5): number => {', '  |return w * w;', '};'].join('\n'), ['w']), { w: 2.5 });
    assert.deepEqual(at(['double w = 10;', 'double loss(double w)', '{', '  |return w * w;', '}'].join('\n'), ['w']), {});
    // A block that is not a function does not hide anything.
    assert.deepEqual(at(['let w = 4;', 'if (ready) {', '  |loss = w * w;', '}'].join('\n'), ['w']), { w: 4 });
    // After the function closes, the outer name is back.
    assert.deepEqual(at(['let w = 4;', 'function f(w = 1) {', '  return w;', '}', '|const loss = w * w;'].join('\n'), ['w']), { w: 4 });
  });

  it('reads Julia and MATLAB function … end blocks and R functions', () => {
    assert.deepEqual(at(['w = 10', 'function loss(w=1.5)', '    for i in 1:3', '        println(i)', '    end', '    |return (w - 3)^2', 'end'].join('\n'), ['w']), { w: 1.5 });
    assert.deepEqual(at(['x = 2', 'function y = f(x)', '  |y = x.^2;', 'end'].join('\n'), ['x']), {});
    assert.deepEqual(at(['b <- 9', 'f <- function(b = 2) {', '  |(b - 2)^2', '}'].join('\n'), ['b']), { b: 2 });
  });

  it('ignores braces and keywords in strings and comments', () => {
    const source = ['w = 10  # def f(w=1): {', 's = "function g(w = 2) {"', '|loss = w**2'].join('\n');
    assert.deepEqual(at(source, ['w']), { w: 10 });
  });

  it('never reads a name from a plain object’s prototype', () => {
    assert.deepEqual(at('|loss = constructor**2 + toString', ['constructor', 'toString']), {});
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formulaRangeAt, isOnlyComments } from '../../../src/extension/session/formulaAtCursor';

/** The text Simulate reads with the cursor at the `|` in `marked`. */
function at(marked: string): string {
  const offset = marked.indexOf('|');
  const text = marked.replace('|', '');
  const range = formulaRangeAt(text, offset);
  return text.slice(range.start, range.end);
}

describe('the formula at the cursor, without a selection', () => {
  it('is the current line', () => {
    assert.equal(at('x = 10\nloss = |x**2\nprint(loss)'), 'loss = x**2');
    assert.equal(at('a = 1\r\nloss = x|**2\r\n'), 'loss = x**2');
  });

  it('is a whole Python function when the cursor is on its def line', () => {
    const source = 'import math\n\ndef |f(x=1.0):\n    y = x - 3\n\n    return y**2\n\nprint(f(2))';
    assert.equal(at(source), 'def f(x=1.0):\n    y = x - 3\n\n    return y**2');
  });

  it('is a whole braced function when the cursor is on its first line', () => {
    assert.equal(at('function |f(x) {\n  return x * x;\n}\nconsole.log(1);'), 'function f(x) {\n  return x * x;\n}');
  });

  it('is a Julia function through its end', () => {
    assert.equal(at('|function f(x)\n    return (x - 1)^2\nend\n'), 'function f(x)\n    return (x - 1)^2\nend');
  });

  it('is the math the cursor is in, on a Markdown line', () => {
    assert.equal(at('Start at $x = -1.5$ and minimize $f(x) = (x - |1)^2$ here.'), '$f(x) = (x - 1)^2$');
    assert.equal(at('$$ L(\\theta) = (\\theta - 2)^2 $$|'), '$$ L(\\theta) = (\\theta - 2)^2 $$');
  });
});

describe('a selection of comments only', () => {
  it('is told apart from an empty one, in each language’s comment syntax', () => {
    for (const text of ['# a comment', '  // note\n  // more', '% MATLAB', '-- Lua', '/* block */', '# one\n\n# two']) assert.equal(isOnlyComments(text), true, text);
    for (const text of ['', '   ', 'x = 1 # set', 'loss = x**2', '# note\nloss = x**2', '/* a */ x**2']) assert.equal(isOnlyComments(text), false, text);
  });
});

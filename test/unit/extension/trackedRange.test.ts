import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { adjustRange, editsTouch } from '../../../src/extension/session/trackedRange';

describe('following a formula through edits', () => {
  const formula = { start: 10, end: 20 };

  it('shifts with edits before it', () => {
    assert.deepEqual(adjustRange(formula, [{ offset: 0, length: 0, text: 'abc' }]), { start: 13, end: 23 });
    assert.deepEqual(adjustRange(formula, [{ offset: 2, length: 5, text: '' }]), { start: 5, end: 15 });
  });

  it('stays put for edits after it, including a new line right after', () => {
    assert.deepEqual(adjustRange(formula, [{ offset: 25, length: 3, text: 'x' }]), formula);
    assert.deepEqual(adjustRange(formula, [{ offset: 20, length: 0, text: '\nmore' }]), formula);
  });

  it('grows and shrinks with edits inside it, and with typing at its end', () => {
    assert.deepEqual(adjustRange(formula, [{ offset: 12, length: 2, text: 'abcd' }]), { start: 10, end: 22 });
    assert.deepEqual(adjustRange(formula, [{ offset: 20, length: 0, text: ' + 1' }]), { start: 10, end: 24 });
    assert.deepEqual(adjustRange(formula, [{ offset: 8, length: 4, text: '' }]), { start: 8, end: 16 });
  });

  it('applies several edits of one event', () => {
    const edits = [
      { offset: 0, length: 0, text: '##' },
      { offset: 15, length: 1, text: 'XYZ' },
    ];
    assert.deepEqual(adjustRange(formula, edits), { start: 12, end: 24 });
  });

  it('says whether edits touched it', () => {
    assert.equal(editsTouch(formula, [{ offset: 0, length: 1, text: '' }]), false);
    assert.equal(editsTouch(formula, [{ offset: 15, length: 0, text: 'a' }]), true);
  });

  it('keeps exactly the formula text under random edits elsewhere', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 0, maxLength: 20 }),
        fc.string({ minLength: 1, maxLength: 10 }),
        fc.string({ minLength: 0, maxLength: 20 }),
        fc.array(fc.tuple(fc.boolean(), fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 5 })), { maxLength: 6 }),
        (before, text, after, edits) => {
          let document = `${before}${text}\n${after}`;
          let range = { start: before.length, end: before.length + text.length };
          for (const [inBefore, position, length, inserted] of edits) {
            // Edits strictly outside the formula: in the text before it, or after its line break.
            const lo = inBefore ? 0 : range.end + 1;
            const hi = inBefore ? range.start : document.length;
            if (hi < lo) continue;
            const offset = lo + (position % (hi - lo + 1));
            const size = Math.min(length, hi - offset);
            if (inBefore && offset + size > range.start) continue;
            document = document.slice(0, offset) + inserted.replace(/\n/g, '') + document.slice(offset + size);
            range = adjustRange(range, [{ offset, length: size, text: inserted.replace(/\n/g, '') }]);
          }
          assert.equal(document.slice(range.start, range.end), text);
        },
      ),
    );
  });
});

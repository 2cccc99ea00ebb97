/**
 * Follows a formula's place in its document as the document is edited, so editing the formula re-runs it
 * and editing elsewhere does not lose it. Offsets only; no vscode import, so it is tested in plain Node.
 */

export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/** One edit as VS Code reports it: `length` characters at `offset` replaced by `text`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly text: string;
}

/**
 * The range after the edits of one change event (whose edits do not overlap and refer to the document
 * before the event). Typing right at the end of the formula extends it; a new line there does not.
 */
export function adjustRange(range: OffsetRange, edits: readonly TextEdit[]): OffsetRange {
  let { start, end } = range;
  // Later edits first, so earlier offsets stay valid.
  for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
    const editEnd = edit.offset + edit.length;
    const delta = edit.text.length - edit.length;
    const appendsToEnd = edit.length === 0 && edit.offset === end && !/^\r?\n/.test(edit.text);
    if (editEnd <= start && !(edit.length === 0 && edit.offset === start && start === end)) {
      start += delta;
      end += delta;
    } else if (edit.offset > end || (edit.offset === end && !appendsToEnd)) {
      // After the formula: nothing moves.
    } else {
      start = Math.min(start, edit.offset);
      end = Math.max(end, editEnd) + delta;
    }
  }
  return { start, end: Math.max(start, end) };
}

/** Whether the edits touched the range (so the formula may have changed). */
export function editsTouch(range: OffsetRange, edits: readonly TextEdit[]): boolean {
  return edits.some((edit) => edit.offset <= range.end && edit.offset + edit.length >= range.start);
}

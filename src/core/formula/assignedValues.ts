/**
 * Start values from the code around a formula: the nearest assignment of a plain number to each variable
 * above the selection (`x = 10`, `let w = -3.5;`, `double b = 1e-2;`, `θ <- 0.5`, `x, y = 1.0, 2.0`).
 * Only exact names count: `w0 = 3.0` says nothing about `w`. Nothing is evaluated; only number literals are read.
 */

/** A number literal as code writes it (1.5, -2, 1e-3, 1_000). */
export const NUMBER_LITERAL = String.raw`[-+]?(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`;
const NUMBER = NUMBER_LITERAL;
/** Words that may precede a name in a declaration: `const`, `let`, `double`, `final float`, … */
const DECLARATION = String.raw`(?:(?:const|let|var|val|auto|double|float|int|long|real|static|final|local|global|my|export|public|private)\s+)*`;
/** A type annotation after the name: `: number`, `::Float64`, `: float`. */
const ANNOTATION = String.raw`(?:\s*::?\s*[\w.\[\]<>]+)?`;

function escape(name: string): string {
  return name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The value assigned to `name` on this line, if it is a plain number assignment. */
export function assignedValueOn(line: string, name: string): number | undefined {
  const single = new RegExp(
    String.raw`^\s*${DECLARATION}${escape(name)}${ANNOTATION}\s*(?:=|:=|<-|←)\s*(${NUMBER})\s*[fFdDlL]?\s*(?:[;,]\s*)?(?:(?:#|//|%|--).*)?$`,
    'u',
  );
  const match = single.exec(line);
  if (match) return toNumber(match[1]);
  return fromTupleAssignment(line, name);
}

/** `x, y = 1.0, 2.0` (Python, Julia) and `[x, y] = deal(1, 2)`-free forms: names and numbers in the same order. */
function fromTupleAssignment(line: string, name: string): number | undefined {
  const match = /^\s*\(?\s*([\p{L}_][\p{L}\p{Nd}_]*(?:\s*,\s*[\p{L}_][\p{L}\p{Nd}_]*)+)\s*\)?\s*=\s*\(?([^=#]*?)\)?\s*(?:[;#].*)?$/u.exec(line);
  if (!match) return undefined;
  const names = match[1].split(',').map((n) => n.trim());
  const values = match[2].split(',').map((v) => v.trim());
  const index = names.indexOf(name);
  if (index === -1 || names.length !== values.length) return undefined;
  return new RegExp(`^${NUMBER}$`).test(values[index]) ? toNumber(values[index]) : undefined;
}

function toNumber(text: string): number | undefined {
  const value = Number(text.replace(/_/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

/**
 * For each variable, the number assigned to it on the nearest line above (within `textAbove`, the text of
 * the document before the formula). Variables without such a line are left out.
 */
export function assignedValuesAbove(textAbove: string, variables: readonly string[]): Map<string, number> {
  const lines = textAbove.split(/\r?\n/).reverse();
  const found = new Map<string, number>();
  for (const name of variables) {
    for (const line of lines) {
      const value = assignedValueOn(line, name);
      if (value !== undefined) {
        found.set(name, value);
        break;
      }
    }
  }
  return found;
}

/**
 * Where a run of a formula read from a document starts, variable by variable: the formula's own start values
 * (signature defaults, `x = 10` in the selection), else what the code around it gives in its scope (`inScope`, from
 * scopedStartValues: an enclosing function's parameters and defaults, or the nearest assignment above that is in
 * scope), else `fallback` (the start-value setting). By name through Maps only, so a variable called `constructor`
 * or `__proto__` gets its value like any other.
 */
export function startPointOf(variables: readonly string[], fromText: ReadonlyMap<string, number>, inScope: ReadonlyMap<string, number>, fallback: number): number[] {
  return variables.map((name) => fromText.get(name) ?? inScope.get(name) ?? fallback);
}

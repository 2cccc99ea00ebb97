/**
 * What a formula of numbers says about the syntax only losses over data use (lists, indexes, strings, `@`,
 * transposes): read with data (data/), each is refused here with the message and column it always had.
 */
import { FormulaError, quote } from './errors';
import { ARRAY_SYNTAX_KINDS, type ArraySyntax, type Syntax } from './syntax';

export function isArraySyntax(syntax: Syntax): syntax is ArraySyntax {
  return (ARRAY_SYNTAX_KINDS as readonly string[]).includes(syntax.kind);
}

/** The refusal of `syntax` in a formula of numbers. */
export function arraySyntaxRefusal(syntax: ArraySyntax, source: string): FormulaError {
  const at = (message: string, start: number, end: number): FormulaError => new FormulaError(message, source, start, Math.max(1, end - start));
  switch (syntax.kind) {
    case 'string':
      return at(`Text in quotes (${quote(source.slice(syntax.start, syntax.end))}) isn’t part of a formula`, syntax.start, syntax.end);
    case 'array':
      return syntax.bracket === '('
        ? at('Tuples aren’t supported: the loss must be a single number', syntax.separator, syntax.separator + 1)
        : at('Lists and arrays aren’t supported here: write the loss as a formula of numbers, or define its data above it', syntax.separator, syntax.separator + 1);
    case 'index': {
      const [first] = syntax.indices;
      return at('Only indexing by a whole number, as in `w[0]`, is supported', first!.start, first!.end);
    }
    case 'slice':
      return at('Only indexing by a whole number, as in `w[0]`, is supported', syntax.start, syntax.end);
    case 'attribute':
      return at(`Attribute access \`.${syntax.name}\` isn’t supported in a formula`, syntax.nameStart, syntax.end);
    case 'transpose':
      return at('The transpose `\'` isn’t supported: every variable here is a number', syntax.operator, syntax.operator + 1);
    case 'lambda':
      return at('A function value isn’t a formula: select the loss itself', syntax.start, syntax.end);
  }
}

/** `a @ b` in a formula of numbers: a matrix product needs arrays. */
export function matrixProductRefusal(syntax: Extract<Syntax, { kind: 'binary' }>, source: string): FormulaError {
  const operator = source.indexOf('@', syntax.left.end);
  return new FormulaError('Matrix products (`@`) need arrays: define the data above the loss (X = np.array([...]))', source, operator, 1);
}

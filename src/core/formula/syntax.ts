/**
 * The parsed shape of a selection, before names are resolved: what was written, with where it was written.
 * Names are resolved (variable, constant or function) when the tree is lowered to expressions.
 */

interface Span {
  /** Offsets into the source, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export type Syntax =
  | (Span & { readonly kind: 'number'; readonly value: number })
  /** A bare name: a variable, a constant (pi, e), or a local definition. */
  | (Span & { readonly kind: 'name'; readonly name: string })
  /**
   * `callee(args)`: a function call, or, when the callee turns out to be a variable (`w(1 - w)`), a product.
   * `latex` marks calls written as LaTeX commands (`\sin x`), which can only be functions.
   */
  | (Span & {
      readonly kind: 'call';
      readonly callee: string;
      readonly calleeStart: number;
      readonly calleeEnd: number;
      readonly args: readonly Syntax[];
    })
  | (Span & { readonly kind: 'negate'; readonly operand: Syntax })
  | (Span & {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/' | '^';
      readonly left: Syntax;
      readonly right: Syntax;
    })
  /** A parenthesized expression, kept so `(a)(b)` can be read as a product and spans cover the brackets. */
  | (Span & { readonly kind: 'group'; readonly inner: Syntax });

export interface Parameter extends Span {
  readonly name: string;
  /** A default value (`def f(x=10)`), which becomes the start value. */
  readonly defaultValue: Syntax | null;
}

/** `name = value` before the formula: substituted where `name` is used. */
export interface Binding extends Span {
  readonly name: string;
  readonly value: Syntax;
  /**
   * Set for definitions selected beside the formula (not inside its function): one the formula never uses
   * means two formulas were selected (`loss = …` then `grad = …`), which is refused rather than guessed.
   */
  readonly mustBeUsed?: boolean;
}

/**
 * `x, y = p`: a vector's elements named in order. Its names are also bindings (`x = p[0]`, `y = p[1]`), so
 * later definitions see them as usual; this record lets the variables be called x and y, and `p[1]` be y.
 */
export interface Unpacking extends Span {
  readonly names: readonly (Span & { readonly name: string })[];
  /** What is unpacked; it can be read only when it is a parameter's name. */
  readonly vector: Syntax;
  /** The index of the first element in square brackets: 0, or 1 in Julia and MATLAB (`p(1)` is always 1). */
  readonly base: number;
}

/** What the selection defines: one loss expression, how to name its variables, and where they start. */
export interface Program {
  /** The name it is given (`loss`, `f`, `cost`), if any. */
  readonly name: string | null;
  /** The signature, when the formula is a function (`def f(x, y)`, `(w) =>`, `f(x1, x2) = …`). */
  readonly parameters: readonly Parameter[] | null;
  readonly bindings: readonly Binding[];
  readonly unpackings: readonly Unpacking[];
  /** Assignments of plain numbers (`x = 10`): start values for variables of those names, not constants. */
  readonly startValues: readonly Binding[];
  readonly result: Syntax;
}

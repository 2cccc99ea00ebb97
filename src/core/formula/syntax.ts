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
      /** `delimiter=","`, `axis=0`: named arguments, which only calls on data take. */
      readonly keywords?: readonly KeywordArgument[];
    })
  | (Span & { readonly kind: 'negate'; readonly operand: Syntax })
  | (Span & {
      readonly kind: 'binary';
      /** `@` is a matrix product (NumPy's `X @ w`); MATLAB's and Julia's `*` is one between matrices. */
      readonly op: '+' | '-' | '*' | '/' | '^' | '@';
      readonly left: Syntax;
      readonly right: Syntax;
      /** Written with a dot, elementwise: MATLAB's and Julia's `.*`, `./`, `.^`, `.+`, `.-`. */
      readonly elementwise?: boolean;
    })
  /** A parenthesized expression, kept so `(a)(b)` can be read as a product and spans cover the brackets. */
  | (Span & { readonly kind: 'group'; readonly inner: Syntax })
  // ─── Arrays: what losses over data are written with (read in data/, refused by a formula of numbers) ───
  /** `"house.csv"`, `','`: text, which only a data file's name or a keyword's value can be. */
  | (Span & { readonly kind: 'string'; readonly value: string })
  /**
   * Values in brackets: Python's and JavaScript's lists `[1, 2]`, `[[1, 2], [3, 4]]` and tuples `(3, 1)`;
   * MATLAB's and Julia's matrices `[1 2; 3 4]`, `[ones(m, 1), x]`. Rows are separated by `;` (or a line break
   * inside MATLAB's and Julia's brackets), values by `,` or, in MATLAB and Julia, by spaces.
   */
  | (Span & {
      readonly kind: 'array';
      readonly rows: readonly (readonly Syntax[])[];
      readonly bracket: '[' | '(';
      /** Where the first `,` or `;` is, for a refusal. */
      readonly separator: number;
    })
  /** `data[:, 0]`, `ys[i]`, `df["price"]`, `np.c_[a, b]`: indexing by anything but one whole number. */
  | (Span & { readonly kind: 'index'; readonly target: Syntax; readonly indices: readonly Syntax[] })
  /** `:`, `0:2`, `1:end`, `::2` in an index (and in MATLAB's round-bracket indexing). */
  | (Span & { readonly kind: 'slice'; readonly from: Syntax | null; readonly to: Syntax | null; readonly step: Syntax | null })
  /** `(X - mu).T`, `df[["a", "b"]].values`: an attribute of a value (a name's, `X.T`, stays a dotted name). */
  | (Span & { readonly kind: 'attribute'; readonly target: Syntax; readonly name: string; readonly nameStart: number })
  /** `X'`: MATLAB's and Julia's transpose. */
  | (Span & { readonly kind: 'transpose'; readonly operand: Syntax; readonly operator: number })
  /** `(s, x, i) => s + x` or `lambda a, b: a + b` as an argument, for `reduce` and `map`. */
  | (Span & { readonly kind: 'lambda'; readonly parameters: readonly string[]; readonly body: Syntax });

/** `name=value` in a call's arguments. */
export interface KeywordArgument extends Span {
  readonly name: string;
  readonly value: Syntax;
}

/** The syntax kinds only a loss over data uses. */
export const ARRAY_SYNTAX_KINDS = ['string', 'array', 'index', 'slice', 'attribute', 'transpose', 'lambda'] as const;
export type ArraySyntax = Extract<Syntax, { kind: (typeof ARRAY_SYNTAX_KINDS)[number] }>;

/**
 * The nodes directly below `node`, in the order written: a call's arguments then its keywords' values, a
 * slice's bounds that are there, an array's values row by row. What the walks over the tree (each with a work
 * stack, not recursion: a chain of operators can be thousands deep) descend into.
 */
export function childrenOf(node: Syntax): Syntax[] {
  switch (node.kind) {
    case 'number':
    case 'name':
    case 'string':
      return [];
    case 'call':
      return node.keywords ? [...node.args, ...node.keywords.map((k) => k.value)] : [...node.args];
    case 'negate':
    case 'transpose':
      return [node.operand];
    case 'binary':
      return [node.left, node.right];
    case 'group':
      return [node.inner];
    case 'array':
      return node.rows.flat();
    case 'index':
      return [node.target, ...node.indices];
    case 'slice':
      return [node.from, node.to, node.step].filter((part): part is Syntax => part !== null);
    case 'attribute':
      return [node.target];
    case 'lambda':
      return [node.body];
  }
}

export interface Parameter extends Span {
  readonly name: string;
  /** A default value (`def f(x=10)`), which becomes the start value; a vector's gives its elements theirs. */
  readonly defaultValue: Syntax | VectorLiteral | null;
}

/** `(1.0, 2.0)`, `[1, -2]`: a vector parameter's default, one value per element. */
export interface VectorLiteral extends Span {
  readonly kind: 'vector';
  readonly elements: readonly Syntax[];
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
 * Names for a vector's elements: `x, y = p` (all of them, in order), `x = p[0]` (one), or an object's fields,
 * `const { x, y: b } = p`. Its names are also bindings (`x = p[0]`, `b = p.y`), so later definitions see them
 * as usual; this record lets the variables be called x and y, and `p[1]` be y.
 */
export interface Unpacking extends Span {
  readonly names: readonly ElementName[];
  /** What is unpacked; it can be read only when it is a parameter's name. */
  readonly vector: Syntax;
  /** The index of the first element in square brackets: 0, or 1 in Julia and MATLAB (`p(1)` is always 1). */
  readonly base: number;
  /**
   * `tuple`: `x, y = p` names every element, so `p[2]` is out of range. `object`: `const { x } = p` names the
   * fields read, so `p.z` is refused as one left out. `element`: `x = p[0]` names one element; the others are
   * read as themselves.
   */
  readonly form: 'tuple' | 'object' | 'element';
}

/** One name an unpacking gives: `y` in `x, y = p` names element 1, `b` in `const { a: b } = p` field a. */
export interface ElementName extends Span {
  readonly name: string;
  /** The element: its position counted from 0, or an object's field. */
  readonly element: number | string;
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
  /** Where the function's square-bracket indices start: 0, or 1 in Julia, MATLAB and math's `f(x) = …`. */
  readonly base: number;
  /** Where the statement with the formula starts (`loss = …`, `def f(…)`): what comes before it is the code above. */
  readonly formulaStart?: number;
}

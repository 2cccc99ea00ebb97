/**
 * The formula engine's internal representation: a hash-consed expression DAG over numbered variables.
 * Identical subexpressions are one node, so derivatives share work with the loss they come from and the
 * code generator emits each shared piece once. Smart constructors fold constants and drop identities
 * (x+0, x·1, x·0, x¹) as nodes are built, which keeps symbolic derivatives small.
 *
 * A loss over data adds three kinds (docs/data-losses.md): `data`, a column of the data at the current row;
 * `count`, the number of rows the loss is evaluated on; `rows`, the sum over those rows of a per-row
 * expression. A node is *per row* when it reads `data` other than through a `rows`; every other node is one
 * number for the whole batch. The rows themselves never appear in the DAG.
 */
import {
  BINARY_OPERATORS,
  binaryImplementations,
  UNARY_FUNCTIONS,
  unaryImplementations,
  type BinaryOperator,
  type UnaryFunction,
} from './runtime';

export type UnaryOperator = 'neg' | UnaryFunction;

export type Expr =
  | { readonly kind: 'const'; readonly id: number; readonly value: number }
  | { readonly kind: 'var'; readonly id: number; readonly index: number }
  | { readonly kind: 'unary'; readonly id: number; readonly op: UnaryOperator; readonly arg: Expr }
  | {
      readonly kind: 'binary';
      readonly id: number;
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
    }
  /** Column `column` of the data, at the row being summed over. */
  | { readonly kind: 'data'; readonly id: number; readonly column: number }
  /** How many rows the loss is evaluated on: all of them, or a batch's. */
  | { readonly kind: 'count'; readonly id: number }
  /** Σ over the rows of `body` (a per-row expression). */
  | { readonly kind: 'rows'; readonly id: number; readonly body: Expr };

export type ConstExpr = Extract<Expr, { kind: 'const' }>;

const isConst = (e: Expr): e is ConstExpr => e.kind === 'const';
const isConstValue = (e: Expr, value: number): boolean => e.kind === 'const' && e.value === value;

/**
 * More distinct nodes than this (the loss, its gradient and its Hessian together) is not a formula to explore by
 * hand, and would take the editor seconds to read and compile: building stops there with ExpressionTooLarge.
 */
export const MAX_EXPRESSION_NODES = 200_000;

/** The expression DAG outgrew its builder's node limit (the reader turns this into a FormulaError). */
export class ExpressionTooLarge extends Error {
  override readonly name = 'ExpressionTooLarge';

  constructor(readonly limit: number) {
    super(`The expression needs more than ${limit} distinct nodes`);
  }
}

/** Node ids fit in ID_BITS bits, so an operation and its children's ids make one exact number: the node's key. */
const ID_BITS = 2 ** 20;
const UNARY_CODES = new Map<UnaryOperator, number>([['neg', 0], ...UNARY_FUNCTIONS.map((op, k): [UnaryOperator, number] => [op, k + 1])]);
const BINARY_CODES = new Map<BinaryOperator, number>(BINARY_OPERATORS.map((op, k) => [op, k + 1]));

/**
 * Builds nodes for one formula; nodes from different builders must not be mixed. Interning is keyed by numbers
 * (an operation code and the children's ids), not strings: a large formula builds hundreds of thousands of nodes.
 */
export class ExprBuilder {
  private nodeCount = 0;
  private readonly constants = new Map<number, Expr>();
  /** -0 apart from 0 (a Map does not tell them apart): they differ for division and atan2. */
  private negativeZero: Expr | undefined;
  private readonly variables = new Map<number, Expr>();
  private readonly unaries = new Map<number, Expr>();
  private readonly binaries = new Map<number, Expr>();
  private readonly dataColumns = new Map<number, Expr>();
  private countNode: Expr | undefined;
  private readonly sums = new Map<number, Expr>();
  /** Ids of the per-row nodes: those that read `data` other than through a `rows`. */
  private readonly perRowIds = new Set<number>();

  constructor(private readonly maxNodes = MAX_EXPRESSION_NODES) {
    if (maxNodes > ID_BITS) throw new RangeError(`At most ${ID_BITS} nodes can be keyed`);
  }

  /** Number of distinct nodes built so far. */
  get size(): number {
    return this.nodeCount;
  }

  /** The next node's id, or ExpressionTooLarge past the limit. */
  private nextId(): number {
    if (this.nodeCount >= this.maxNodes) throw new ExpressionTooLarge(this.maxNodes);
    return this.nodeCount++;
  }

  /** Whether `e` depends on the current row (reads data other than through a sum over rows). */
  isPerRow(e: Expr): boolean {
    return this.perRowIds.has(e.id);
  }

  /** Column `column` of the data at the current row. */
  data(column: number): Expr {
    let node = this.dataColumns.get(column);
    if (node === undefined) {
      this.dataColumns.set(column, (node = { kind: 'data', id: this.nextId(), column }));
      this.perRowIds.add(node.id);
    }
    return node;
  }

  /** The number of rows the loss is evaluated on. */
  count(): Expr {
    return (this.countNode ??= { kind: 'count', id: this.nextId() });
  }

  /**
   * Σ over the rows of `body`. A body that is the same on every row is that many times itself, and a constant
   * factor comes outside the sum (so the derivative of a mean shares the mean's own sum).
   */
  rows(body: Expr): Expr {
    if (!this.isPerRow(body)) return this.mul(body, this.count());
    const coefficient = constantCoefficient(body);
    if (coefficient) return this.mul(coefficient.value, this.rows(coefficient.rest));
    if (body.kind === 'unary' && body.op === 'neg') return this.neg(this.rows(body.arg));
    let node = this.sums.get(body.id);
    if (node === undefined) this.sums.set(body.id, (node = { kind: 'rows', id: this.nextId(), body }));
    return node;
  }

  constant(value: number): Expr {
    if (Object.is(value, -0)) return (this.negativeZero ??= { kind: 'const', id: this.nextId(), value });
    let node = this.constants.get(value);
    if (node === undefined) this.constants.set(value, (node = { kind: 'const', id: this.nextId(), value }));
    return node;
  }

  variable(index: number): Expr {
    let node = this.variables.get(index);
    if (node === undefined) this.variables.set(index, (node = { kind: 'var', id: this.nextId(), index }));
    return node;
  }

  private unaryNode(op: UnaryOperator, arg: Expr): Expr {
    const key = UNARY_CODES.get(op)! * ID_BITS + arg.id;
    let node = this.unaries.get(key);
    if (node === undefined) {
      this.unaries.set(key, (node = { kind: 'unary', id: this.nextId(), op, arg }));
      if (this.perRowIds.has(arg.id)) this.perRowIds.add(node.id);
    }
    return node;
  }

  unary(op: UnaryOperator, arg: Expr): Expr {
    if (isConst(arg)) {
      return this.constant(op === 'neg' ? -arg.value : unaryImplementations[op](arg.value));
    }
    if (op === 'neg') return this.negate(arg);
    return this.unaryNode(op, arg);
  }

  binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
    if (isConst(left) && isConst(right)) {
      return this.constant(binaryImplementations[op](left.value, right.value));
    }
    switch (op) {
      case 'add':
        return this.add(left, right);
      case 'sub':
        return this.sub(left, right);
      case 'mul':
        return this.mul(left, right);
      case 'div':
        return this.div(left, right);
      case 'pow':
        return this.pow(left, right);
      case 'max':
      case 'min': {
        // An unbounded side (clamp(x, min=0) has max=+∞) leaves the other.
        const neutral = op === 'max' ? -Infinity : Infinity;
        if (isConstValue(right, neutral)) return left;
        if (isConstValue(left, neutral)) return right;
        return this.node(op, left, right);
      }
      default:
        return this.node(op, left, right);
    }
  }

  neg(a: Expr): Expr {
    return this.unary('neg', a);
  }

  add(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value + b.value);
    if (isConstValue(a, 0)) return b;
    if (isConstValue(b, 0)) return a;
    if (b.kind === 'unary' && b.op === 'neg') return this.sub(a, b.arg);
    if (a.kind === 'unary' && a.op === 'neg') return this.sub(b, a.arg);
    return this.node('add', a, b);
  }

  sub(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value - b.value);
    if (isConstValue(b, 0)) return a;
    if (isConstValue(a, 0)) return this.neg(b);
    if (a === b) return this.constant(0);
    if (b.kind === 'unary' && b.op === 'neg') return this.add(a, b.arg);
    return this.node('sub', a, b);
  }

  /** Products keep a constant coefficient on the left, so chains of constants fold into one. */
  mul(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value * b.value);
    if (isConst(b)) return this.mul(b, a);
    if (isConst(a)) {
      if (a.value === 0) return a;
      if (a.value === 1) return b;
      if (a.value === -1) return this.neg(b);
      const coefficient = constantCoefficient(b);
      if (coefficient) return this.mul(this.constant(a.value * coefficient.value.value), coefficient.rest);
      if (b.kind === 'unary' && b.op === 'neg') return this.mul(this.constant(-a.value), b.arg);
      return this.node('mul', a, b);
    }
    const left = constantCoefficient(a);
    if (left) return this.mul(left.value, this.mul(left.rest, b));
    const right = constantCoefficient(b);
    if (right) return this.mul(right.value, this.mul(a, right.rest));
    if (a.kind === 'unary' && a.op === 'neg') return this.neg(this.mul(a.arg, b));
    if (b.kind === 'unary' && b.op === 'neg') return this.neg(this.mul(a, b.arg));
    if (a === b) return this.pow(a, this.constant(2));
    return this.node('mul', a, b);
  }

  div(a: Expr, b: Expr): Expr {
    if (isConst(a) && isConst(b)) return this.constant(a.value / b.value);
    if (isConstValue(b, 1)) return a;
    if (isConstValue(b, -1)) return this.neg(a);
    if (isConstValue(a, 0)) return a;
    if (a === b) return this.constant(1);
    return this.node('div', a, b);
  }

  pow(base: Expr, exponent: Expr): Expr {
    if (isConst(base) && isConst(exponent)) {
      return this.constant(binaryImplementations.pow(base.value, exponent.value));
    }
    if (isConstValue(exponent, 1)) return base;
    if (isConstValue(exponent, 0)) return this.constant(1);
    if (isConstValue(base, 1)) return base;
    if (isConstValue(base, Math.E)) return this.unary('exp', exponent);
    return this.node('pow', base, exponent);
  }

  private negate(a: Expr): Expr {
    if (isConst(a)) return this.constant(-a.value);
    if (a.kind === 'unary' && a.op === 'neg') return a.arg;
    if (a.kind === 'binary' && a.op === 'sub') return this.sub(a.right, a.left);
    const coefficient = constantCoefficient(a);
    if (coefficient) return this.mul(this.constant(-coefficient.value.value), coefficient.rest);
    return this.unaryNode('neg', a);
  }

  private node(op: BinaryOperator, left: Expr, right: Expr): Expr {
    const key = (BINARY_CODES.get(op)! * ID_BITS + left.id) * ID_BITS + right.id;
    let node = this.binaries.get(key);
    if (node === undefined) {
      this.binaries.set(key, (node = { kind: 'binary', id: this.nextId(), op, left, right }));
      if (this.perRowIds.has(left.id) || this.perRowIds.has(right.id)) this.perRowIds.add(node.id);
    }
    return node;
  }
}

/** c·x → { c, x } for a product with a constant coefficient. */
function constantCoefficient(e: Expr): { value: ConstExpr; rest: Expr } | undefined {
  if (e.kind === 'binary' && e.op === 'mul' && isConst(e.left)) return { value: e.left, rest: e.right };
  return undefined;
}

/**
 * Visits the nodes reachable from `roots` that are not `done`, children before parents and left before right
 * (the order a recursive walk would take), each once: `visit` must make its node done. Iterative, with an
 * explicit work stack, so a DAG as deep as the longest formula (a chain of thousands of terms, definitions
 * built on definitions) cannot overflow the call stack. A walk stops descending at a node already done, so
 * repeated walks over a growing DAG (a derivative per variable) cost only what is new.
 */
export function walkPostOrder(roots: readonly Expr[], done: (node: Expr) => boolean, visit: (node: Expr) => void): void {
  // Each entry is a node and whether its children have been pushed already.
  const nodes: Expr[] = [];
  const expanded: boolean[] = [];
  for (let r = roots.length - 1; r >= 0; r -= 1) {
    nodes.push(roots[r]);
    expanded.push(false);
  }
  while (nodes.length > 0) {
    const node = nodes[nodes.length - 1];
    if (done(node)) {
      nodes.pop();
      expanded.pop();
      continue;
    }
    if (expanded[expanded.length - 1]) {
      nodes.pop();
      expanded.pop();
      visit(node);
      continue;
    }
    expanded[expanded.length - 1] = true;
    const kids = children(node);
    for (let k = kids.length - 1; k >= 0; k -= 1) {
      if (done(kids[k])) continue;
      nodes.push(kids[k]);
      expanded.push(false);
    }
  }
}

/** Nodes reachable from `roots`, children before parents: the order code is generated in. */
export function topologicalOrder(roots: readonly Expr[]): Expr[] {
  const seen = new Set<number>();
  const order: Expr[] = [];
  walkPostOrder(
    roots,
    (node) => seen.has(node.id),
    (node) => {
      seen.add(node.id);
      order.push(node);
    },
  );
  return order;
}

export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'const':
    case 'var':
    case 'data':
    case 'count':
      return [];
    case 'rows':
      return [e.body];
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
  }
}

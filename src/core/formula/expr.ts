/**
 * The formula engine's internal representation: a hash-consed expression DAG over numbered variables.
 * Identical subexpressions are one node, so derivatives share work with the loss they come from and the
 * code generator emits each shared piece once. Smart constructors fold constants and drop identities
 * (x+0, x·1, x·0, x¹) as nodes are built, which keeps symbolic derivatives small.
 */
import {
  binaryImplementations,
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
    };

export type ConstExpr = Extract<Expr, { kind: 'const' }>;

const isConst = (e: Expr): e is ConstExpr => e.kind === 'const';
const isConstValue = (e: Expr, value: number): boolean => e.kind === 'const' && e.value === value;

/** Builds nodes for one formula; nodes from different builders must not be mixed. */
export class ExprBuilder {
  private readonly interned = new Map<string, Expr>();

  /** Number of distinct nodes built so far (a size guard for pathological inputs). */
  get size(): number {
    return this.interned.size;
  }

  private intern<T extends Expr>(key: string, make: (id: number) => T): T {
    const existing = this.interned.get(key);
    if (existing) return existing as T;
    const node = make(this.interned.size);
    this.interned.set(key, node);
    return node;
  }

  constant(value: number): Expr {
    // -0 and 0 differ for division and atan2, so they are distinct nodes.
    const key = Object.is(value, -0) ? 'c-0' : `c${value}`;
    return this.intern(key, (id) => ({ kind: 'const', id, value }));
  }

  variable(index: number): Expr {
    return this.intern(`v${index}`, (id) => ({ kind: 'var', id, index }));
  }

  unary(op: UnaryOperator, arg: Expr): Expr {
    if (isConst(arg)) {
      return this.constant(op === 'neg' ? -arg.value : unaryImplementations[op](arg.value));
    }
    if (op === 'neg') return this.negate(arg);
    return this.intern(`u${op}:${arg.id}`, (id) => ({ kind: 'unary', id, op, arg }));
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
    return this.intern(`uneg:${a.id}`, (id) => ({ kind: 'unary', id, op: 'neg', arg: a }));
  }

  private node(op: BinaryOperator, left: Expr, right: Expr): Expr {
    return this.intern(`b${op}:${left.id}:${right.id}`, (id) => ({ kind: 'binary', id, op, left, right }));
  }
}

/** c·x → { c, x } for a product with a constant coefficient. */
function constantCoefficient(e: Expr): { value: ConstExpr; rest: Expr } | undefined {
  if (e.kind === 'binary' && e.op === 'mul' && isConst(e.left)) return { value: e.left, rest: e.right };
  return undefined;
}

/** Nodes reachable from `roots`, children before parents: the order code is generated in. */
export function topologicalOrder(roots: readonly Expr[]): Expr[] {
  const seen = new Set<number>();
  const order: Expr[] = [];
  // Iterative, so deeply nested formulas cannot overflow the stack.
  const stack: { node: Expr; expanded: boolean }[] = roots.map((node) => ({ node, expanded: false })).reverse();
  while (stack.length > 0) {
    const top = stack.pop()!;
    const { node } = top;
    if (seen.has(node.id)) continue;
    if (top.expanded) {
      seen.add(node.id);
      order.push(node);
      continue;
    }
    stack.push({ node, expanded: true });
    for (const child of children(node).reverse()) {
      if (!seen.has(child.id)) stack.push({ node: child, expanded: false });
    }
  }
  return order;
}

export function children(e: Expr): Expr[] {
  switch (e.kind) {
    case 'const':
    case 'var':
      return [];
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
  }
}

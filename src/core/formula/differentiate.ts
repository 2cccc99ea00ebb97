/**
 * Exact symbolic derivatives over the expression DAG. Results are built with the same builder, so they
 * share nodes with the loss (exp(u) in d/dx exp(u) is the loss's own exp(u)) and the generated code
 * computes each shared piece once. Non-smooth points take the subgradient PyTorch's autograd takes
 * where it is one-sided: d|x| = sign(x), and max/min follow the branch selected.
 */
import { walkPostOrder, type Expr, type ExprBuilder } from './expr';

export function derivative(builder: ExprBuilder, expr: Expr, variable: number): Expr {
  return new Differentiator(builder, variable).of(expr);
}

/** ∇f: one derivative per variable. */
export function gradient(builder: ExprBuilder, expr: Expr, dimension: number): Expr[] {
  return Array.from({ length: dimension }, (_, i) => derivative(builder, expr, i));
}

/**
 * ∇²f, row-major; symmetric entries are computed once. One differentiator per variable serves every row, so
 * the gradient's shared pieces are differentiated once per variable, not once per entry.
 */
export function hessian(builder: ExprBuilder, gradientExprs: readonly Expr[]): Expr[][] {
  const n = gradientExprs.length;
  const rows: Expr[][] = Array.from({ length: n }, () => new Array<Expr>(n));
  for (let j = 0; j < n; j += 1) {
    const byVariable = new Differentiator(builder, j);
    for (let i = 0; i <= j; i += 1) {
      rows[i][j] = byVariable.of(gradientExprs[i]);
      rows[j][i] = rows[i][j];
    }
  }
  return rows;
}

/**
 * Derivatives with respect to one variable, memoized by node. A node's derivative is built from its children's,
 * so the DAG is walked children first with an explicit work stack (walkPostOrder): no recursion, however deep
 * the formula.
 */
class Differentiator {
  private readonly memo = new Map<number, Expr>();

  constructor(
    private readonly b: ExprBuilder,
    private readonly variable: number,
  ) {}

  of(root: Expr): Expr {
    walkPostOrder(
      [root],
      (node) => this.memo.has(node.id),
      (node) => this.memo.set(node.id, this.compute(node)),
    );
    return this.memo.get(root.id)!;
  }

  /** The derivative of a node whose children's derivatives are known. */
  private known(e: Expr): Expr {
    return this.memo.get(e.id)!;
  }

  private compute(e: Expr): Expr {
    const b = this.b;
    switch (e.kind) {
      case 'const':
        return b.constant(0);
      case 'var':
        return b.constant(e.index === this.variable ? 1 : 0);
      case 'data':
      case 'count':
        return b.constant(0);
      case 'rows':
        // The derivative of a sum over rows is the sum of the rows' exact derivatives.
        return b.rows(this.known(e.body));
      case 'unary':
        return this.unary(e);
      case 'binary':
        return this.binary(e);
    }
  }

  private unary(e: Extract<Expr, { kind: 'unary' }>): Expr {
    const b = this.b;
    const u = e.arg;
    const du = this.known(u);
    if (du.kind === 'const' && du.value === 0) return du;
    const one = b.constant(1);
    const square = (x: Expr): Expr => b.pow(x, b.constant(2));
    // f'(u) · du
    const chain = (outer: Expr): Expr => b.mul(outer, du);
    switch (e.op) {
      case 'neg':
        return b.neg(du);
      case 'exp':
        return chain(e);
      case 'expm1':
        return chain(b.unary('exp', u));
      case 'log':
        return b.div(du, u);
      case 'log10':
        return b.div(du, b.mul(u, b.constant(Math.LN10)));
      case 'log2':
        return b.div(du, b.mul(u, b.constant(Math.LN2)));
      case 'log1p':
        return b.div(du, b.add(one, u));
      case 'sqrt':
        return b.div(du, b.mul(b.constant(2), e));
      case 'cbrt':
        return b.div(du, b.mul(b.constant(3), square(e)));
      case 'abs':
        return chain(b.unary('sign', u));
      case 'sign':
        return b.constant(0);
      case 'sin':
        return chain(b.unary('cos', u));
      case 'cos':
        return b.neg(chain(b.unary('sin', u)));
      case 'tan':
        return chain(b.add(one, square(e)));
      case 'asin':
        return b.div(du, b.unary('sqrt', b.sub(one, square(u))));
      case 'acos':
        return b.neg(b.div(du, b.unary('sqrt', b.sub(one, square(u)))));
      case 'atan':
        return b.div(du, b.add(one, square(u)));
      case 'sinh':
        return chain(b.unary('cosh', u));
      case 'cosh':
        return chain(b.unary('sinh', u));
      case 'tanh':
        return chain(b.sub(one, square(e)));
      case 'asinh':
        return b.div(du, b.unary('sqrt', b.add(square(u), one)));
      case 'acosh':
        return b.div(du, b.unary('sqrt', b.sub(square(u), one)));
      case 'atanh':
        return b.div(du, b.sub(one, square(u)));
      case 'sigmoid':
        return chain(b.mul(e, b.sub(one, e)));
      case 'softplus':
        return chain(b.unary('sigmoid', u));
    }
  }

  private binary(e: Extract<Expr, { kind: 'binary' }>): Expr {
    const b = this.b;
    const { left: u, right: v } = e;
    const du = this.known(u);
    const dv = this.known(v);
    const zero = (x: Expr): boolean => x.kind === 'const' && x.value === 0;
    switch (e.op) {
      case 'add':
        return b.add(du, dv);
      case 'sub':
        return b.sub(du, dv);
      case 'mul':
        return b.add(b.mul(du, v), b.mul(u, dv));
      case 'div':
        // (u/v)' = u'/v − (u/v)·v'/v, reusing the quotient itself.
        return b.sub(b.div(du, v), b.div(b.mul(e, dv), v));
      case 'pow': {
        if (zero(dv)) {
          // Constant exponent: p·u^(p−1)·u'.
          if (v.kind === 'const') return b.mul(b.mul(v, b.pow(u, b.constant(v.value - 1))), du);
          return b.mul(b.mul(v, b.pow(u, b.sub(v, b.constant(1)))), du);
        }
        // u^v · (v'·ln u + v·u'/u); the second term vanishes for a constant base.
        const logTerm = b.mul(dv, b.unary('log', u));
        const baseTerm = zero(du) ? b.constant(0) : b.div(b.mul(v, du), u);
        return b.mul(e, b.add(logTerm, baseTerm));
      }
      case 'max': {
        // The branch max selects: u where u ≥ v.
        const takesLeft = b.binary('ge', u, v);
        return b.add(b.mul(takesLeft, du), b.mul(b.sub(b.constant(1), takesLeft), dv));
      }
      case 'min': {
        const takesLeft = b.binary('ge', v, u);
        return b.add(b.mul(takesLeft, du), b.mul(b.sub(b.constant(1), takesLeft), dv));
      }
      case 'atan2': {
        // atan2(u, v)' = (v·u' − u·v') / (u² + v²)
        const denominator = b.add(b.pow(u, b.constant(2)), b.pow(v, b.constant(2)));
        return b.div(b.sub(b.mul(v, du), b.mul(u, dv)), denominator);
      }
      case 'ge':
        return b.constant(0);
    }
  }
}

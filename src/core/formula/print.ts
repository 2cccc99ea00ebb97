/**
 * Prints an expression in plain math (`(w - 3)^2 + 0.5*b^2`): how the panel and the CLI show the formula
 * they understood, which may differ in form (not in value) from what was selected.
 */
import { walkPostOrder, type Expr } from './expr';

const PRECEDENCE = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4, atom: 5 } as const;

/** Longer than this, a printed formula helps nobody (and a DAG printed as a tree can grow exponentially). */
export const MAX_PRINTED_NODES = 400;

/**
 * The formula in plain math, or undefined when written out as a tree it would exceed MAX_PRINTED_NODES
 * (shared subexpressions are written out at every use, so `a = sin(a) + cos(a)` repeated doubles each time).
 * Printing recurses, but only into a tree of at most MAX_PRINTED_NODES nodes.
 */
export function printExpr(e: Expr, variables: readonly string[], dataNames: readonly string[] = []): string | undefined {
  return treeSize(e) > MAX_PRINTED_NODES ? undefined : print(e, variables, dataNames).text;
}

/** Nodes of the expression written out as a tree, counted on the DAG children first (capped, so it cannot overflow). */
function treeSize(root: Expr): number {
  const sizes = new Map<number, number>();
  const size = (e: Expr): number => sizes.get(e.id)!;
  walkPostOrder(
    [root],
    (node) => sizes.has(node.id),
    (node) => {
      const total =
        node.kind === 'unary'
          ? 1 + size(node.arg)
          : node.kind === 'binary'
            ? 1 + size(node.left) + size(node.right)
            : node.kind === 'rows'
              ? 1 + size(node.body)
              : 1;
      sizes.set(node.id, Math.min(total, MAX_PRINTED_NODES + 1));
    },
  );
  return size(root);
}

function print(e: Expr, variables: readonly string[], dataNames: readonly string[]): { text: string; precedence: number } {
  const atom = (text: string) => ({ text, precedence: PRECEDENCE.atom });
  const inner = (child: Expr): string => print(child, variables, dataNames).text;
  const wrap = (child: Expr, minimum: number): string => {
    const printed = print(child, variables, dataNames);
    return printed.precedence < minimum ? `(${printed.text})` : printed.text;
  };
  switch (e.kind) {
    case 'const':
      if (e.value === Math.PI) return atom('pi');
      if (e.value === Math.E) return atom('e');
      return e.value < 0 ? { text: String(e.value), precedence: PRECEDENCE.neg } : atom(String(e.value));
    case 'var':
      return atom(variables[e.index] ?? `x${e.index}`);
    case 'data':
      return atom(dataNames[e.column] ?? `data${e.column}`);
    case 'count':
      // The rows summed over: all of them, or a batch's.
      return atom('m');
    case 'rows':
      return atom(`sum(${inner(e.body)})`);
    case 'unary':
      if (e.op === 'neg') return { text: `-${wrap(e.arg, PRECEDENCE.pow)}`, precedence: PRECEDENCE.neg };
      return atom(`${e.op}(${inner(e.arg)})`);
    case 'binary': {
      const { op, left, right } = e;
      switch (op) {
        case 'add':
          return { text: `${wrap(left, PRECEDENCE.add)} + ${wrap(right, PRECEDENCE.add)}`, precedence: PRECEDENCE.add };
        case 'sub':
          return { text: `${wrap(left, PRECEDENCE.add)} - ${wrap(right, PRECEDENCE.mul)}`, precedence: PRECEDENCE.sub };
        case 'mul':
          return { text: `${wrap(left, PRECEDENCE.mul)}*${wrap(right, PRECEDENCE.mul)}`, precedence: PRECEDENCE.mul };
        case 'div':
          return { text: `${wrap(left, PRECEDENCE.mul)}/${wrap(right, PRECEDENCE.neg)}`, precedence: PRECEDENCE.div };
        case 'pow':
          // Right-associative: a^b^c is a^(b^c); a negative base needs brackets: (-2)^x.
          return { text: `${wrap(left, PRECEDENCE.atom)}^${wrap(right, PRECEDENCE.pow)}`, precedence: PRECEDENCE.pow };
        case 'ge':
          return atom(`[${inner(left)} ≥ ${inner(right)}]`);
        default:
          return atom(`${op}(${inner(left)}, ${inner(right)})`);
      }
    }
  }
}

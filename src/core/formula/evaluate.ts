/**
 * Evaluates expression DAGs by walking them: the reference the generated code is tested against,
 * built from the same numeric definitions (runtime.ts).
 */
import { topologicalOrder, type Expr } from './expr';
import { binaryImplementations, unaryImplementations } from './runtime';

export function evaluate(roots: readonly Expr[], params: ArrayLike<number>): number[] {
  const values = new Map<number, number>();
  for (const node of topologicalOrder(roots)) {
    values.set(node.id, valueOf(node, params, values));
  }
  return roots.map((root) => values.get(root.id)!);
}

function valueOf(e: Expr, params: ArrayLike<number>, values: ReadonlyMap<number, number>): number {
  switch (e.kind) {
    case 'const':
      return e.value;
    case 'var':
      return params[e.index];
    case 'unary': {
      const a = values.get(e.arg.id)!;
      return e.op === 'neg' ? -a : unaryImplementations[e.op](a);
    }
    case 'binary':
      return binaryImplementations[e.op](values.get(e.left.id)!, values.get(e.right.id)!);
  }
}

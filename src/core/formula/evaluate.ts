/**
 * Evaluates expression DAGs by walking them: the reference the generated code is tested against,
 * built from the same numeric definitions (runtime.ts). A loss over data is evaluated on the rows
 * `data.batch[0 .. data.count)`, one row at a time, with no code generated.
 */
import { topologicalOrder, type Expr } from './expr';
import { binaryImplementations, unaryImplementations } from './runtime';

/** The data a loss over data reads: its columns, and the rows to sum over. */
export interface EvaluationData {
  readonly columns: readonly Float64Array[];
  readonly batch: Int32Array;
  readonly count: number;
}

export function evaluate(roots: readonly Expr[], params: ArrayLike<number>, data?: EvaluationData): number[] {
  const values = new Map<number, number>();
  const sums = new Map<number, number>();
  const value = (node: Expr, row: number | null, rowValues: Map<number, number>): number => {
    switch (node.kind) {
      case 'const':
        return node.value;
      case 'var':
        return params[node.index]!;
      case 'count':
        return data?.count ?? Number.NaN;
      case 'data':
        return row === null || !data ? Number.NaN : data.columns[node.column]![row]!;
      case 'rows':
        return sums.get(node.id)!;
      case 'unary': {
        const a = (row === null ? values : rowValues).get(node.arg.id) ?? values.get(node.arg.id)!;
        return node.op === 'neg' ? -a : unaryImplementations[node.op](a);
      }
      case 'binary': {
        const table = row === null ? values : rowValues;
        const a = table.get(node.left.id) ?? values.get(node.left.id)!;
        const b = table.get(node.right.id) ?? values.get(node.right.id)!;
        return binaryImplementations[node.op](a, b);
      }
    }
  };
  // Sums first, innermost first: a sum's body may use sums nested in it.
  for (const node of topologicalOrder(roots)) {
    if (node.kind !== 'rows' || !data) continue;
    const inner = topologicalOrder([node.body]).filter((n) => n.kind !== 'rows' && !isScalarKnown(n, values));
    let sum = 0;
    for (let r = 0; r < data.count; r += 1) {
      const rowValues = new Map<number, number>();
      for (const n of inner) rowValues.set(n.id, value(n, data.batch[r]!, rowValues));
      sum += rowValues.get(node.body.id) ?? values.get(node.body.id)!;
    }
    sums.set(node.id, sum);
    values.set(node.id, sum);
  }
  for (const node of topologicalOrder(roots)) {
    if (!values.has(node.id)) values.set(node.id, value(node, null, values));
  }
  return roots.map((root) => values.get(root.id)!);
}

/** Sums are known once computed; everything else is recomputed per row (a reference, not a fast path). */
function isScalarKnown(node: Expr, values: ReadonlyMap<number, number>): boolean {
  return node.kind === 'rows' && values.has(node.id);
}

/**
 * Generated code for a loss over data: loops over the rows of a batch, never the rows written out.
 *
 * The DAG's numbers for the whole batch (parameters, constants, sums) are computed in stages: stage 0 needs no
 * sum; a sum over rows (`rows`) is in stage 1 + the largest stage its body uses; every other number is in the
 * stage of its latest input. Each stage s ≥ 1 is one loop over the batch that accumulates all its sums together,
 * computing each per-row node once per row (the loss's `x·w − y` and the gradient's `2(x·w − y)·x` share it), and
 * is followed by the numbers of that stage. Per-row work that does not depend on the row was hoisted before it
 * by the staging itself. Columns are read as `cK[i]` for the batch's row i.
 *
 * Safety as in compile.ts: the source is printed from the validated DAG only.
 */
import { buildFunction, literal, MAX_LOCAL_TEMPORARIES, operation } from './compile';
import { children, type Expr } from './expr';

/** L on the rows `batch[0 .. count)`. */
export type BatchValueFunction = (params: ArrayLike<number>, batch: Int32Array, count: number) => number;
/** Writes ∇L on the rows `batch[0 .. count)` into `gradient` and returns L there. */
export type BatchValueAndGradientFunction = (params: ArrayLike<number>, gradient: Float64Array, batch: Int32Array, count: number) => number;
/** Writes ∇²L on the rows `batch[0 .. count)` into `out` (n×n, row-major). */
export type BatchHessianFunction = (params: ArrayLike<number>, out: Float64Array, batch: Int32Array, count: number) => void;

export function compileBatchValue(loss: Expr, columns: readonly Float64Array[]): BatchValueFunction {
  const { lines, ref, scratch } = emitStaged([loss]);
  return buildFunction<BatchValueFunction>(['p', 'batch', 'n'], `${lines.join('\n')}\nreturn ${ref(loss)};`, columns, scratch);
}

export function compileBatchValueAndGradient(loss: Expr, gradient: readonly Expr[], columns: readonly Float64Array[]): BatchValueAndGradientFunction {
  const { body, scratch } = valueAndGradientCode(loss, gradient);
  return buildFunction<BatchValueAndGradientFunction>(['p', 'g', 'batch', 'n'], body, columns, scratch);
}

/** The body of the batch value-and-gradient function (exported for tests that inspect what is generated). */
export function batchValueAndGradientBody(loss: Expr, gradient: readonly Expr[]): string {
  return valueAndGradientCode(loss, gradient).body;
}

function valueAndGradientCode(loss: Expr, gradient: readonly Expr[]): { body: string; scratch: number } {
  const { lines, ref, scratch } = emitStaged([loss, ...gradient]);
  return { body: [...lines, ...gradient.map((g, i) => `g[${i}] = ${ref(g)};`), `return ${ref(loss)};`].join('\n'), scratch };
}

export function compileBatchHessian(hessian: readonly (readonly Expr[])[], columns: readonly Float64Array[]): BatchHessianFunction {
  const n = hessian.length;
  const entries = hessian.flatMap((row, i) => row.slice(i).map((expr, k) => ({ i, j: i + k, expr })));
  const { lines, ref, scratch } = emitStaged(entries.map((e) => e.expr));
  const writes = entries.map(({ i, j, expr }) => (i === j ? `out[${i * n + j}] = ${ref(expr)};` : `out[${i * n + j}] = out[${j * n + i}] = ${ref(expr)};`));
  return buildFunction<BatchHessianFunction>(['p', 'out', 'batch', 'n'], `${lines.join('\n')}\n${writes.join('\n')}`, columns, scratch);
}

/** Children of a node inside its own stage (a sum's body is not: it belongs to the sum's loop). */
function operands(e: Expr): Expr[] {
  switch (e.kind) {
    case 'unary':
      return [e.arg];
    case 'binary':
      return [e.left, e.right];
    default:
      return [];
  }
}

/**
 * Post-order over the DAG from `roots`, children before parents, descending into sums' bodies (so a sum comes
 * after everything its body uses). Iterative: no recursion over the DAG.
 */
function postOrder(roots: readonly Expr[]): Expr[] {
  const seen = new Set<number>();
  const order: Expr[] = [];
  const stack: { node: Expr; expanded: boolean }[] = roots.map((node) => ({ node, expanded: false })).reverse();
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (seen.has(top.node.id)) continue;
    if (top.expanded) {
      seen.add(top.node.id);
      order.push(top.node);
      continue;
    }
    stack.push({ node: top.node, expanded: true });
    const next = children(top.node);
    for (let k = next.length - 1; k >= 0; k -= 1) if (!seen.has(next[k]!.id)) stack.push({ node: next[k]!, expanded: false });
  }
  return order;
}

/**
 * The staged code of `roots`. Its temporaries are locals (`tN`, `uN` in a loop, `sN` for sums), or, past
 * MAX_LOCAL_TEMPORARIES of them, slots of the scratch array `t` of length `scratch`, as in compile.ts.
 */
function emitStaged(roots: readonly Expr[]): { lines: string[]; ref: (e: Expr) => string; scratch: number } {
  const order = postOrder(roots);
  const scratch = order.length > MAX_LOCAL_TEMPORARIES ? order.length : 0;
  /** A temporary's name, and how it is declared (nothing for a scratch slot). */
  const temporary = (prefix: 't' | 'u' | 's', node: Expr): { name: string; declare: string } =>
    scratch > 0 ? { name: `t[${position.get(node.id)!}]`, declare: '' } : { name: `${prefix}${node.id}`, declare: prefix === 's' ? 'let ' : 'const ' };
  const position = new Map(order.map((node, k) => [node.id, k]));
  // Per row: reads data other than through a sum.
  const perRow = new Set<number>();
  for (const node of order) {
    if (node.kind === 'data' || operands(node).some((child) => perRow.has(child.id))) perRow.add(node.id);
  }
  // Each sum's region: the per-row nodes its body needs (not crossing into inner sums), and its inputs.
  const regions = new Map<number, Expr[]>();
  const stage = new Map<number, number>();
  for (const node of order) {
    if (perRow.has(node.id)) continue;
    if (node.kind === 'rows') {
      const region = regionOf(node.body, perRow);
      regions.set(node.id, region);
      let latest = 0;
      for (const member of region) for (const input of operands(member)) if (!perRow.has(input.id)) latest = Math.max(latest, stage.get(input.id) ?? 0);
      if (!perRow.has(node.body.id)) latest = Math.max(latest, stage.get(node.body.id) ?? 0);
      stage.set(node.id, latest + 1);
    } else {
      let latest = 0;
      for (const child of operands(node)) latest = Math.max(latest, stage.get(child.id) ?? 0);
      stage.set(node.id, latest);
    }
  }

  const names = new Map<number, string>();
  const ref = (e: Expr): string => {
    if (e.kind === 'const') return literal(e.value);
    if (e.kind === 'var') return `p[${e.index}]`;
    if (e.kind === 'count') return 'n';
    const name = names.get(e.id);
    if (name === undefined) throw new Error(`Node ${e.id} used before it was emitted`);
    return name;
  };
  const lines: string[] = [];
  const scalarsOfStage = (s: number): Expr[] =>
    order.filter((node) => !perRow.has(node.id) && node.kind !== 'rows' && (node.kind === 'unary' || node.kind === 'binary') && stage.get(node.id) === s);
  const emitScalars = (s: number): void => {
    for (const node of scalarsOfStage(s)) {
      const { name, declare } = temporary('t', node);
      lines.push(`${declare}${name} = ${operation(node as Extract<Expr, { kind: 'unary' | 'binary' }>, ref)};`);
      names.set(node.id, name);
    }
  };

  emitScalars(0);
  let lastStage = 0;
  for (const s of stage.values()) lastStage = Math.max(lastStage, s);
  for (let s = 1; s <= lastStage; s += 1) {
    const sums = order.filter((node) => node.kind === 'rows' && stage.get(node.id) === s) as Extract<Expr, { kind: 'rows' }>[];
    if (sums.length > 0) {
      const region = new Map<number, Expr>();
      for (const sum of sums) for (const member of regions.get(sum.id)!) region.set(member.id, member);
      const members = [...region.values()].sort((a, b) => position.get(a.id)! - position.get(b.id)!);
      for (const sum of sums) {
        const { name, declare } = temporary('s', sum);
        lines.push(`${declare}${name} = 0;`);
      }
      lines.push('for (let r = 0; r < n; r += 1) {', 'const i = batch[r];');
      for (const member of members) {
        const { name, declare } = temporary('u', member);
        const value = member.kind === 'data' ? `c${member.column}[i]` : operation(member as Extract<Expr, { kind: 'unary' | 'binary' }>, ref);
        lines.push(`${declare}${name} = ${value};`);
        names.set(member.id, name);
      }
      for (const sum of sums) lines.push(`${temporary('s', sum).name} += ${ref(sum.body)};`);
      lines.push('}');
      for (const member of members) names.delete(member.id);
      for (const sum of sums) names.set(sum.id, temporary('s', sum).name);
    }
    emitScalars(s);
  }
  return { lines, ref, scratch };
}

/** The per-row nodes `body` needs, in no particular order (sorted by the caller). */
function regionOf(body: Expr, perRow: ReadonlySet<number>): Expr[] {
  if (!perRow.has(body.id)) return [];
  const region: Expr[] = [];
  const seen = new Set<number>([body.id]);
  const stack = [body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    region.push(node);
    for (const child of operands(node)) {
      if (perRow.has(child.id) && !seen.has(child.id)) {
        seen.add(child.id);
        stack.push(child);
      }
    }
  }
  return region;
}

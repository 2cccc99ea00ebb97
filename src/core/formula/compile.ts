/**
 * Turns expression DAGs into straight-line JavaScript, so evaluating a loss and its gradient costs about
 * what a hand-written function costs (the optimizer calls it once per step, millions of times).
 *
 * Safety: the generated source is printed only from the validated DAG — operators from a fixed table,
 * numbers printed by `String(number)`, variables as `p[index]`. No text of the selection ever reaches it.
 *
 * Size: each statement is one operation on named values, so no expression nests, however deep the formula.
 * Up to MAX_LOCAL_TEMPORARIES intermediate values are locals (`const t7 = …`), which V8 keeps in registers —
 * fast, but every register is a slot of the call's stack frame, and a body of some 100,000 of them overflows
 * the stack when called. Longer bodies keep their intermediates in one scratch Float64Array instead.
 */
import type { ObjectiveCode } from '../objective';
import { topologicalOrder, type Expr } from './expr';
import { generatedCodeHelpers, power } from './runtime';

export type ValueFunction = (params: ArrayLike<number>) => number;
export type ValueAndGradientFunction = (params: ArrayLike<number>, gradient: Float64Array) => number;
export type HessianFunction = (params: ArrayLike<number>, out: Float64Array) => void;

/** Intermediate values kept in locals (registers) at most; beyond, in a scratch array (see above). */
export const MAX_LOCAL_TEMPORARIES = 10_000;

/** f(p). */
export function compileValue(loss: Expr): ValueFunction {
  const code = emit([loss]);
  return build<ValueFunction>(code, `${code.lines.join('\n')}\nreturn ${code.ref(loss)};`);
}

/** Writes ∇f(p) into g and returns f(p); shared subexpressions are computed once. */
export function compileValueAndGradient(loss: Expr, gradient: readonly Expr[]): ValueAndGradientFunction {
  const code = emit([loss, ...gradient]);
  return build<ValueAndGradientFunction>(code, valueAndGradientStatements(code, loss, gradient), 'g');
}

/**
 * Intermediate values at most for the loss and gradient to be offered as code to inline (ObjectiveCode): beyond, a
 * run loop built around them would take long to compile for the little a call saves.
 */
export const MAX_INLINED_TEMPORARIES = 2000;

/**
 * The loss and gradient as statements over locals (ObjectiveCode), the same operations in the same order as
 * `compileValueAndGradient`'s: `p0`, `p1`, … in, `loss` and `g0`, `g1`, … out. Null when it is too long to inline.
 */
export function valueAndGradientCode(loss: Expr, gradient: readonly Expr[]): ObjectiveCode | null {
  const { lines, ref } = emit([loss, ...gradient], (index) => `p${index}`);
  if (lines.length > MAX_INLINED_TEMPORARIES) return null;
  const statements = [...lines, `loss = ${ref(loss)};`, ...gradient.map((g, i) => `g${i} = ${ref(g)};`)];
  // A block, so the temporaries are the block's own.
  return { statements: `{\n${statements.join('\n')}\n}`, helpers: { ...generatedCodeHelpers, power } };
}

/** The body of the value-and-gradient function (exported for tests that inspect what is generated). */
export function valueAndGradientBody(loss: Expr, gradient: readonly Expr[]): string {
  return valueAndGradientStatements(emit([loss, ...gradient]), loss, gradient);
}

function valueAndGradientStatements({ lines, ref }: Emitted, loss: Expr, gradient: readonly Expr[]): string {
  return [...lines, ...gradient.map((g, i) => `g[${i}] = ${ref(g)};`), `return ${ref(loss)};`].join('\n');
}

/** Writes ∇²f(p) into `out` row-major (n×n). */
export function compileHessian(hessian: readonly (readonly Expr[])[]): HessianFunction {
  const n = hessian.length;
  const entries = hessian.flatMap((row, i) => row.slice(i).map((expr, k) => ({ i, j: i + k, expr })));
  const code = emit(entries.map((e) => e.expr));
  const writes = entries.map(({ i, j, expr }) =>
    i === j ? `out[${i * n + j}] = ${code.ref(expr)};` : `out[${i * n + j}] = out[${j * n + i}] = ${code.ref(expr)};`,
  );
  return build<HessianFunction>(code, `${code.lines.join('\n')}\n${writes.join('\n')}`, 'out');
}

function build<T>({ scratch }: Emitted, body: string, secondParameter?: string): T {
  return buildFunction<T>(secondParameter ? ['p', secondParameter] : ['p'], body, [], scratch);
}

/**
 * The one place code is generated: `body` is printed from the expression DAG only (see above). `columns` are
 * the data's columns, which the code reads as `c0`, `c1`, … (closed over, never copied). `scratch` is the length
 * of the array `t` the temporaries live in when there are too many for locals, or 0.
 */
export function buildFunction<T>(parameters: readonly string[], body: string, columns: readonly Float64Array[] = [], scratch = 0): T {
  const columnNames = columns.map((_, k) => `c${k}`);
  const bindColumns = columns.length > 0 ? `const [${columnNames.join(', ')}] = columns;\n` : '';
  // The scratch array belongs to the function, allocated once: calls never overlap (nothing in them awaits).
  const preamble = scratch > 0 ? `const t = new Float64Array(${scratch});\n` : '';
  const source = `"use strict";\nconst { softplus, power } = helpers;\n${bindColumns}${preamble}return function (${parameters.join(', ')}) {\n${body}\n};`;
  // eslint-disable-next-line no-new-func
  const factory = new Function('helpers', 'columns', source) as (helpers: object, columns: readonly Float64Array[]) => T;
  return factory({ ...generatedCodeHelpers, power }, columns);
}

interface Emitted {
  readonly lines: string[];
  /** How a node's value is written where it is used: a number, `p[i]`, or its temporary. */
  readonly ref: (e: Expr) => string;
  /** Length of the scratch array the temporaries live in, or 0 when they are locals. */
  readonly scratch: number;
}

/**
 * Prints every interior node once, children first, as `const tN = …;` (or `t[N] = …;` for long bodies); variable i
 * is read as `p[i]`, or as `variable(i)` prints it.
 */
function emit(roots: readonly Expr[], variable: (index: number) => string = (index) => `p[${index}]`): Emitted {
  const order = topologicalOrder(roots).filter((node) => node.kind !== 'const' && node.kind !== 'var');
  const scratch = order.length > MAX_LOCAL_TEMPORARIES ? order.length : 0;
  const names = new Map<number, string>();
  const ref = (e: Expr): string => {
    if (e.kind === 'const') return literal(e.value);
    if (e.kind === 'var') return variable(e.index);
    const name = names.get(e.id);
    if (name === undefined) throw new Error(`Node ${e.id} used before it was emitted`);
    return name;
  };
  const lines: string[] = [];
  for (const node of order) {
    if (node.kind === 'data' || node.kind === 'count' || node.kind === 'rows') {
      throw new Error('Internal error: a loss over data is compiled with its row loops (compileRows.ts)');
    }
    const name = scratch > 0 ? `t[${names.size}]` : `t${names.size}`;
    lines.push(`${scratch > 0 ? '' : 'const '}${name} = ${operation(node, ref)};`);
    names.set(node.id, name);
  }
  return { lines, ref, scratch };
}

export function operation(e: Extract<Expr, { kind: 'unary' | 'binary' }>, ref: (e: Expr) => string): string {
  if (e.kind === 'unary') {
    const a = ref(e.arg);
    switch (e.op) {
      case 'neg':
        return `-${a}`;
      case 'sigmoid':
        return `1 / (1 + Math.exp(-${a}))`;
      case 'softplus':
        return `softplus(${a})`;
      default:
        return `Math.${e.op}(${a})`;
    }
  }
  const a = ref(e.left);
  const b = ref(e.right);
  switch (e.op) {
    case 'add':
      return `${a} + ${b}`;
    case 'sub':
      return `${a} - ${b}`;
    case 'mul':
      return `${a} * ${b}`;
    case 'div':
      return `${a} / ${b}`;
    case 'pow':
      return e.right.kind === 'const' ? constantPower(a, e.right.value) : `power(${a}, ${b})`;
    case 'max':
      return `Math.max(${a}, ${b})`;
    case 'min':
      return `Math.min(${a}, ${b})`;
    case 'atan2':
      return `Math.atan2(${a}, ${b})`;
    case 'ge':
      return `(${a} >= ${b} ? 1 : 0)`;
  }
}

/** Mirrors `power` in runtime.ts for a known exponent, inlined. */
function constantPower(a: string, exponent: number): string {
  switch (exponent) {
    case 2:
      return `${a} * ${a}`;
    case 3:
      return `${a} * ${a} * ${a}`;
    case 0.5:
      return `Math.sqrt(${a})`;
    case -1:
      return `1 / ${a}`;
    case -2:
      return `1 / (${a} * ${a})`;
    case -0.5:
      return `1 / Math.sqrt(${a})`;
    default:
      return `Math.pow(${a}, ${literal(exponent)})`;
  }
}

/** A number as JavaScript source that reads back as exactly the same double. */
export function literal(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '(-Infinity)';
  if (Object.is(value, -0)) return '(-0)';
  return value < 0 ? `(${String(value)})` : String(value);
}

/**
 * The formula engine's front door: selected text in, a compiled loss with exact gradient and Hessian out,
 * or an error that says what is wrong and where.
 */
import type { Objective } from '../objective';
import { compileHessian, compileValue, compileValueAndGradient, type HessianFunction } from './compile';
import { gradient as gradientOf, hessian as hessianOf } from './differentiate';
import { FormulaError, shortened } from './errors';
import { ExpressionTooLarge, type Expr, type ExprBuilder } from './expr';
import { lowerProgram } from './lower';
import { parseProgram } from './parser';
import { printExpr } from './print';

/** A loss read from text: an Objective (for the optimizer) that also remembers what it was read from. */
export interface Formula extends Objective {
  /** The text as selected. */
  readonly source: string;
  /** The name it was given (`loss`, `f`), if any. */
  readonly name: string | null;
  /** Start values the text itself gives: signature defaults (`def f(x=10)`) and `x = 10` lines, by variable. */
  readonly startValues: ReadonlyMap<string, number>;
  /** The formula as understood, in plain math. */
  readonly display: string;
  /** ∇L(θ) as a new array (convenience; the optimizer uses `valueAndGradient`). */
  gradient(params: ArrayLike<number>): number[];
  /** The expression DAGs, for tests and tools that inspect what was built. */
  readonly expressions: {
    readonly loss: Expr;
    readonly gradient: readonly Expr[];
    readonly hessian: readonly (readonly Expr[])[];
    readonly builder: ExprBuilder;
  };
}

export type ReadResult = { readonly ok: true; readonly formula: Formula } | { readonly ok: false; readonly error: FormulaError };

/**
 * Reads a loss formula from selected text. Never throws for bad input: the error is the result. Every stage
 * is bounded — the parser's nesting (MAX_DEPTH), the length (MAX_SOURCE_LENGTH), the nodes of the loss with its
 * gradient and Hessian (MAX_EXPRESSION_NODES) — and walks iteratively, so what lies within the bounds is read
 * and what lies beyond them is refused with a message.
 */
export function readFormula(source: string): ReadResult {
  try {
    return { ok: true, formula: buildFormula(source) };
  } catch (error) {
    if (error instanceof FormulaError) return { ok: false, error };
    if (error instanceof ExpressionTooLarge) {
      const message = `The formula is too large: its exact gradient and Hessian would need more than ${error.limit.toLocaleString('en-US')} terms`;
      return { ok: false, error: new FormulaError(message, source, 0, source.length) };
    }
    throw error;
  }
}

/** Like readFormula, but throws the FormulaError (for callers that already handle exceptions). */
export function compileFormula(source: string): Formula {
  const result = readFormula(source);
  if (!result.ok) throw result.error;
  return result.formula;
}

function buildFormula(source: string): Formula {
  if (source.trim() === '') {
    throw new FormulaError('The selection is empty: select a formula such as `(w - 3)**2 + b**2`', source, 0, 0);
  }
  const program = parseProgram(source);
  const { builder, loss, variables, startValues } = lowerProgram(program, source);
  const gradientExprs = gradientOf(builder, loss, variables.length);
  // The Hessian is built here, where a formula too large for it is refused like any other (every run needs it,
  // for the stability at the start); its code is generated on first use.
  const hessianExprs = hessianOf(builder, gradientExprs);
  const value = compileValue(loss);
  const valueAndGradient = compileValueAndGradient(loss, gradientExprs);
  const n = variables.length;
  let hessianFunction: HessianFunction | undefined;
  const hessianBuffer = new Float64Array(n * n);

  return {
    source,
    name: program.name,
    variables,
    startValues,
    display: printExpr(loss, variables) ?? collapsedSource(source),
    expressions: { loss, gradient: gradientExprs, hessian: hessianExprs, builder },
    value,
    valueAndGradient,
    gradient(params) {
      const g = new Float64Array(n);
      valueAndGradient(params, g);
      return Array.from(g);
    },
    hessian(params) {
      hessianFunction ??= compileHessian(hessianExprs);
      hessianFunction(params, hessianBuffer);
      return Array.from({ length: n }, (_, i) => Array.from(hessianBuffer.subarray(i * n, i * n + n)));
    },
  };
}

/** The selection on one line, shortened: the display of a formula too large to print. */
function collapsedSource(source: string): string {
  return shortened(source.replace(/\s+/g, ' ').trim(), 120);
}

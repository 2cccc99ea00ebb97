/**
 * How the formula tests check a selection: read, with its variables, value and exact gradient against
 * hand-written JavaScript; or refused, with what is wrong and where.
 */
import assert from 'node:assert/strict';
import { readFormula, type Formula } from '../../../src/core/formula';

export interface Reading {
  source: string;
  variables: string[];
  at: number[];
  value: (p: number[]) => number;
  gradient: (p: number[]) => number[];
  name?: string | null;
  startValues?: Record<string, number>;
}

export interface Refusal {
  source: string;
  message: RegExp;
  column: number;
  line?: number;
}

export const sq = (v: number): number => v * v;
export const sigmoid = (v: number): number => 1 / (1 + Math.exp(-v));

/** The formula `source` reads as; fails the test if it is refused. */
export function read(source: string): Formula {
  const result = readFormula(source);
  if (!result.ok) assert.fail(`${JSON.stringify(source)} was refused: ${result.error.describe()}`);
  return result.formula;
}

/** `c.source` reads with these variables (and name, start values), value and exact gradient at `c.at`. */
export function reads(c: Reading): void {
  const formula = read(c.source);
  assert.deepEqual(formula.variables, c.variables, 'variables');
  if (c.name !== undefined) assert.equal(formula.name, c.name, 'name');
  if (c.startValues) assert.deepEqual(formula.startValues, new Map(Object.entries(c.startValues)), 'start values');
  const g = new Float64Array(c.at.length);
  assertClose(formula.valueAndGradient(c.at, g), c.value(c.at), 'value');
  assertClose(formula.value(c.at), c.value(c.at), 'value()');
  c.gradient(c.at).forEach((e, i) => assertClose(g[i], e, `∂/∂${c.variables[i]}`));
}

/** `r.source` is refused with a message matching `r.message`, at `r.line` (default 1), `r.column`. */
export function refuses(r: Refusal): void {
  const result = readFormula(r.source);
  if (result.ok) assert.fail(`${JSON.stringify(r.source)} was accepted as ${result.formula.display} over ${result.formula.variables}`);
  assert.match(result.error.message, r.message);
  assert.equal(result.error.line, r.line ?? 1, `line of: ${result.error.message}`);
  assert.equal(result.error.column, r.column, `column of: ${result.error.message}`);
}

export function assertClose(actual: number, expected: number, what: string): void {
  const tolerance = 1e-12 * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected}, got ${actual}`);
}

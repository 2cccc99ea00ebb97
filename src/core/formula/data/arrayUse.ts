/**
 * Whether a selection is a loss over data — read by the data lowering — or a formula of numbers, read as
 * before. Over data when its syntax has arrays in it (lists, indexes, `@`, transposes, strings, reductions
 * like `np.mean`, `sum`, `len`, attributes like `.T`), or when a name it uses is assigned such a value above.
 */
import { assignmentBefore, assignmentsIn } from '../../data/codeAbove';
import { isArraySyntax } from '../arraySyntax';
import { parseProgram } from '../parser';
import type { Dialect } from '../lexer';
import { childrenOf, type Program, type Syntax } from '../syntax';
import { namesIn } from './lowerData';

/** Functions and methods that work on arrays (after any library prefix). */
const ARRAY_CALLS = new Set([
  'sum', 'mean', 'average', 'std', 'var', 'len', 'length', 'numel', 'size', 'dot', 'matmul', 'reduce', 'map', 'transpose',
  'reshape', 'flatten', 'ravel', 'squeeze', 'zeros', 'ones', 'full', 'zeros_like', 'ones_like', 'array', 'asarray', 'tensor',
  'as_tensor', 'loadtxt', 'genfromtxt', 'read_csv', 'readtable', 'load', 'csvread', 'dlmread', 'readmatrix', 'readdlm',
  'column_stack', 'hstack', 'vstack', 'concatenate', 'hcat', 'vcat', 'eye', 'arange', 'linspace', 'nansum', 'nanmean',
  'to_numpy', 'vec',
]);
const ARRAY_ATTRIBUTES = new Set(['T', 'shape', 'length', 'values', 'size']);

export function syntaxUsesArrays(syntax: Syntax): boolean {
  const stack: Syntax[] = [syntax];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isArraySyntax(node)) return true;
    switch (node.kind) {
      case 'name': {
        const parts = node.name.split('.');
        if (parts.length > 1 && ARRAY_ATTRIBUTES.has(parts.at(-1)!.replace(/\[\d+\]$/, ''))) return true;
        break;
      }
      case 'call':
        if (ARRAY_CALLS.has(node.callee.split('.').at(-1)!)) return true;
        // Not its keywords' values: a call on data is known by its name, and any other call with keywords is the
        // formula reader's to refuse (`f(w, k=[1])`: an unknown function, not a loss over data).
        stack.push(...node.args);
        continue;
      case 'binary':
        if (node.op === '@') return true;
        break;
    }
    stack.push(...childrenOf(node));
  }
  return false;
}

/** The syntax trees of a program that are values: the result, definitions and defaults (not vector defaults). */
function programValues(program: Program): Syntax[] {
  const defaults = (program.parameters ?? []).map((p) => p.defaultValue).filter((d): d is Syntax => d !== null && d.kind !== 'vector');
  return [program.result, ...program.bindings.map((b) => b.value), ...program.startValues.map((s) => s.value), ...defaults];
}

/**
 * Whether `program` (the selection, at `offset` in `text`) is a loss over data: arrays in its own syntax, or a
 * name it uses assigned an array-valued expression in the code above.
 */
export function isDataProgram(program: Program, text: string, offset: number, dialect: Dialect): boolean {
  const values = programValues(program);
  if (values.some(syntaxUsesArrays)) return true;
  const before = offset + (program.formulaStart ?? program.result.start);
  const above = text.slice(0, before);
  if (above.trim() === '') return false;
  const assignments = assignmentsIn(above, dialect);
  const pending = values.flatMap((v) => [...namesIn(v)].map((name) => ({ name, scope: before })));
  const seen = new Set<string>();
  // Names used, followed through the assignments above (y = data[:, 1] reads data).
  for (let checked = 0; pending.length > 0 && checked < 200; checked += 1) {
    const { name, scope } = pending.pop()!;
    const assignment = assignmentBefore(assignments, name, scope);
    if (!assignment || seen.has(`${name}@${assignment.start}`)) continue;
    seen.add(`${name}@${assignment.start}`);
    if (assignment.unreadable) continue;
    const valueText = text.slice(assignment.valueStart, assignment.valueEnd);
    if (/^[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?[fFdDlL]?$/.test(valueText.trim())) continue;
    try {
      const parsed = parseProgram(valueText, dialect);
      if (parsed.parameters !== null) continue;
      if (syntaxUsesArrays(parsed.result)) return true;
      pending.push(...[...namesIn(parsed.result)].map((n) => ({ name: n, scope: assignment.start })));
    } catch {
      // Not a value the formula parser reads: not data the lab could use either.
    }
  }
  return false;
}

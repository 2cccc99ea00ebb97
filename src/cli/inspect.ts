/**
 * `gd-lab inspect "<formula>" --at x=1.5,y=-2 [--json]`: the variables the engine found, and the value,
 * exact gradient and exact Hessian at a point.
 */
import { readFormula } from '../core/formula';
import { parseArguments, pointOption, UsageError } from './arguments';
import { reportFormulaError } from './errors';
import { toJson, type Output } from './io';

export const INSPECT_USAGE = 'gd-lab inspect "<formula>" --at x=1.5,y=-2 [--json]';

export function inspect(args: readonly string[], out: Output): number {
  const { positionals, options } = parseArguments(args, { at: { value: true }, json: { value: false } });
  const json = options.has('json');
  if (positionals.length !== 1) throw new UsageError(`inspect takes one formula (in quotes): ${INSPECT_USAGE}`);
  const read = readFormula(positionals[0]);
  if (!read.ok) return reportFormulaError(read.error, json, out);
  const formula = read.formula;
  const at = options.get('at');
  const point = pointOption('at', typeof at === 'string' ? at : undefined, formula.variables, formula.startValues);

  const gradient = formula.gradient(point);
  const hessian = formula.hessian(point);
  const value = formula.value(point);
  const { variables } = formula;

  if (json) {
    out.stdout(
      `${toJson({
        variables,
        value,
        gradient: Object.fromEntries(variables.map((name, i) => [name, gradient[i]])),
        hessian,
      })}\n`,
    );
    return 0;
  }
  const width = Math.max(...hessian.flat().map((v) => String(v).length));
  const rows = hessian.map((row) => `[ ${row.map((v) => String(v).padStart(width)).join('  ')} ]`);
  out.stdout(
    [
      `Formula    ${formula.display}`,
      `Variables  ${variables.join(', ')}`,
      `At         ${variables.map((name, i) => `${name} = ${point[i]}`).join(', ')}`,
      `Value      ${value}`,
      `Gradient   ${variables.map((name, i) => `∂/∂${name} = ${gradient[i]}`).join(', ')}`,
      `Hessian    ${rows.join('\n           ')}`,
      '',
    ].join('\n'),
  );
  return 0;
}

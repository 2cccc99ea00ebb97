/**
 * Prints an expression in plain math (`(w - 3)^2 + 0.5*b^2`): how the panel and the CLI show the formula
 * they understood, which may differ in form (not in value) from what was selected.
 */
import type { Expr } from './expr';

const PRECEDENCE = { add: 1, sub: 1, mul: 2, div: 2, neg: 3, pow: 4, atom: 5 } as const;

export function printExpr(e: Expr, variables: readonly string[]): string {
  return print(e, variables).text;
}

function print(e: Expr, variables: readonly string[]): { text: string; precedence: number } {
  const atom = (text: string) => ({ text, precedence: PRECEDENCE.atom });
  const wrap = (child: Expr, minimum: number): string => {
    const printed = print(child, variables);
    return printed.precedence < minimum ? `(${printed.text})` : printed.text;
  };
  switch (e.kind) {
    case 'const':
      if (e.value === Math.PI) return atom('pi');
      if (e.value === Math.E) return atom('e');
      return e.value < 0 ? { text: String(e.value), precedence: PRECEDENCE.neg } : atom(String(e.value));
    case 'var':
      return atom(variables[e.index] ?? `x${e.index}`);
    case 'unary':
      if (e.op === 'neg') return { text: `-${wrap(e.arg, PRECEDENCE.pow)}`, precedence: PRECEDENCE.neg };
      return atom(`${e.op}(${print(e.arg, variables).text})`);
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
          return atom(`[${print(left, variables).text} ≥ ${print(right, variables).text}]`);
        default:
          return atom(`${op}(${print(left, variables).text}, ${print(right, variables).text})`);
      }
    }
  }
}

/**
 * A point written as text, `x=1.5, y=-2` — how the CLI's --at/--start and the Set Start Point box take one.
 */

export type PointResult = { readonly ok: true; readonly values: number[] } | { readonly ok: false; readonly message: string };

/**
 * Values for every variable, in order: from `text` where it names them, else from `fallback`.
 * Names must be variables, values finite numbers; the message says which part is wrong.
 * Names are keys of Maps only: a variable may be called `constructor` or `__proto__`.
 */
export function parsePoint(text: string, variables: readonly string[], fallback: ReadonlyMap<string, number> = new Map()): PointResult {
  const given = new Map<string, number>();
  for (const part of text.split(/[,;]/).filter((p) => p.trim() !== '')) {
    const match = /^\s*([^=\s]+)\s*=\s*(.*?)\s*$/.exec(part);
    if (!match) return { ok: false, message: `expected name=value pairs such as ${example(variables)}; got "${part.trim()}"` };
    const [, variable, valueText] = match;
    if (!variables.includes(variable)) {
      return { ok: false, message: `"${variable}" is not a variable of the formula (variables: ${variables.join(', ')})` };
    }
    if (given.has(variable)) return { ok: false, message: `"${variable}" is given twice` };
    const value = valueText === '' ? Number.NaN : Number(valueText);
    if (!Number.isFinite(value)) return { ok: false, message: `${variable} needs a number, got "${valueText}"` };
    given.set(variable, value);
  }
  const values: number[] = [];
  for (const variable of variables) {
    const value = given.get(variable) ?? fallback.get(variable);
    if (value === undefined) return { ok: false, message: `missing a value for ${variable} (give all of: ${example(variables)})` };
    values.push(value);
  }
  return { ok: true, values };
}

/** `x=1.5, y=-2` for the given values (or placeholders). */
export function formatPoint(variables: readonly string[], values?: readonly number[]): string {
  return variables.map((name, i) => `${name}=${values ? values[i] : '…'}`).join(', ');
}

function example(variables: readonly string[]): string {
  return variables.map((v) => `${v}=…`).join(', ');
}

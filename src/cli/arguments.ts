import { parsePoint } from '../core/pointText';

/**
 * Command-line parsing for `gd-lab`: `--name value` and `--name=value`, where a value may start with a
 * minus sign (`--lr -0.1` is read, then refused as negative, rather than mistaken for an option) and a
 * formula may too (`gd-lab inspect "-x^2"`). Every problem is a UsageError naming the argument.
 */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface OptionSpec {
  /** Takes a value (`--lr 0.1`) or is a switch (`--json`). */
  readonly value: boolean;
}

export interface ParsedArguments {
  readonly positionals: string[];
  readonly options: ReadonlyMap<string, string | true>;
}

export function parseArguments(args: readonly string[], specs: Readonly<Record<string, OptionSpec>>): ParsedArguments {
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  // A Map, so that `--constructor` or `--__proto__` finds nothing rather than Object.prototype's members.
  const known = new Map(Object.entries(specs));
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    // Any `--name` is an option, known or refused (`--__proto__` and `--Constructor` too).
    const option = /^--([A-Za-z_][\w-]*)(?:=([\s\S]*))?$/.exec(arg);
    if (!option) {
      positionals.push(arg);
      continue;
    }
    const [, name, inlineValue] = option;
    const spec = known.get(name);
    if (!spec) throw new UsageError(`Unknown option --${name}`);
    if (options.has(name)) throw new UsageError(`--${name} is given twice`);
    if (!spec.value) {
      if (inlineValue !== undefined) throw new UsageError(`--${name} takes no value`);
      options.set(name, true);
      continue;
    }
    const value = inlineValue ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    options.set(name, value);
  }
  return { positionals, options };
}

/** A finite number from an option's text, or a UsageError naming the option. */
export function numberOption(name: string, text: string, { positive = false, integer = false, min }: { positive?: boolean; integer?: boolean; min?: number } = {}): number {
  const value = /^\s*$/.test(text) ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got "${text}"`);
  if (positive && !(value > 0)) throw new UsageError(`--${name} must be a positive number, got ${text}`);
  if (integer && !Number.isInteger(value)) throw new UsageError(`--${name} must be a whole number, got ${text}`);
  if (min !== undefined && value < min) throw new UsageError(`--${name} must be at least ${min}, got ${text}`);
  return value;
}

/** `x=1.5,y=-2` → a value for every variable (missing ones from `fallback`), or a UsageError naming the option. */
export function pointOption(
  name: string,
  text: string | undefined,
  variables: readonly string[],
  fallback: ReadonlyMap<string, number>,
): number[] {
  const point = parsePoint(text ?? '', variables, fallback);
  if (!point.ok) throw new UsageError(`--${name}: ${point.message}`);
  return point.values;
}

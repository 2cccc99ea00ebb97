/** Helpers the fuzz suites share: how long they run, and mutations of saved state. */
import fc from 'fast-check';

/**
 * How many runs a fuzz property gets: the count it names, bounded so the unit layer stays fast, times
 * GD_LAB_FUZZ_SCALE (default 1) for a longer campaign, e.g. `GD_LAB_FUZZ_SCALE=50 node --import tsx --test test/unit/formula/fuzz.test.ts`.
 */
export function runs(count: number): { numRuns: number } {
  return { numRuns: Math.round(count * Math.max(1, Number(process.env.GD_LAB_FUZZ_SCALE) || 1)) };
}

/** JSON as storage hands it back: -0 becomes 0, and a key `__proto__` is an own property. */
export const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Every path to a value inside `root` (objects and arrays), the root's own fields included. */
function paths(root: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof root !== 'object' || root === null) return [];
  const keys = Array.isArray(root) ? root.map((_, i) => i) : Object.keys(root);
  return keys.flatMap((key) => [[...prefix, key], ...paths((root as Record<string | number, unknown>)[key], [...prefix, key])]);
}

export type Mutation = { kind: 'delete' } | { kind: 'replace'; value: unknown } | { kind: 'inherit'; name: string; value: unknown };

/** A change to one place of a stored state: removed, replaced by any JSON (or a value that is almost right), or given an own field named like an inherited member. */
export const jsonMutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  fc
    .oneof(
      fc.jsonValue(),
      fc.constantFrom(0, -1, 1.5, 1e308, 10_000_001, 1e12, '', 'adam', 'constructor', '__proto__', true, null, [], {}),
    )
    .map((value): Mutation => ({ kind: 'replace', value })),
  fc.tuple(fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'), fc.jsonValue()).map(([name, value]): Mutation => ({ kind: 'inherit', name, value })),
);

/** `state` with `change` applied at the path chosen by `where` (modulo the number of paths). */
export function mutated(state: unknown, where: number, change: Mutation): unknown {
  const copy = stored(state);
  const all = paths(copy);
  if (all.length === 0) return change.kind === 'replace' ? change.value : copy;
  const path = all[where % all.length];
  const parent = path.slice(0, -1).reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], copy) as Record<string | number, unknown>;
  const key = path[path.length - 1];
  if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else if (change.kind === 'replace') {
    parent[key] = change.value;
  } else {
    // Added as JSON.parse adds it: an own property, even for `__proto__`.
    const target = typeof parent[key] === 'object' && parent[key] !== null ? parent[key] : parent;
    const withName = JSON.parse(`{${JSON.stringify(change.name)}: ${JSON.stringify(change.value) ?? 'null'}}`) as object;
    if (!Array.isArray(target)) Object.defineProperties(target, Object.getOwnPropertyDescriptors(withName));
  }
  return copy;
}


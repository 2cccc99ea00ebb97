/** The reference tests' one tolerance, for trajectories replayed anywhere (core, reader, CLI). */
import assert from 'node:assert/strict';

/**
 * Relative agreement to 1e-9, except for values a million times smaller than the case's own scale, which are
 * compared absolutely (to 1e-15 of the scale): near a minimum the last bits of a value are round-off of a
 * cancellation, not a difference in the rules (see test/unit/optim/reference.test.ts).
 */
export function assertCloseToReference(actual: number, expected: number, scale: number, what: string): void {
  const allowed = 1e-9 * Math.max(Math.abs(expected), 1e-6 * scale);
  assert.ok(Math.abs(actual - expected) <= allowed, `${what}: got ${actual}, expected ${expected} (difference ${Math.abs(actual - expected)}, allowed ${allowed})`);
}

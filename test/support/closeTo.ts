/** The reference tests' one tolerance, for trajectories replayed anywhere (core, reader, CLI). */
import assert from 'node:assert/strict';

/**
 * Relative agreement to 1e-9, except for values a million times smaller than the case's own scale, which are
 * compared absolutely (to 1e-15 of the scale). Why: a loss near its minimum is a difference of terms of the size of
 * the scale (himmelblau's x² + y − 11 at a root), so its last bits are round-off of that cancellation, about
 * ε × scale in absolute terms, however the update rules are implemented; relative error there measures the
 * cancellation, not the optimizer.
 */
export function assertCloseToReference(actual: number, expected: number, scale: number, what: string): void {
  const allowed = 1e-9 * Math.max(Math.abs(expected), 1e-6 * scale);
  assert.ok(Math.abs(actual - expected) <= allowed, `${what}: got ${actual}, expected ${expected} (difference ${Math.abs(actual - expected)}, allowed ${allowed})`);
}

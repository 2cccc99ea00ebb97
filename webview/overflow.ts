/**
 * A run that stopped because an update overflowed keeps its last finite state, one step before that update:
 * its last step (the facts' "320 of 1,000", the player's end) is one less than the headline's "Diverged at step
 * 321". Every place that counts the run's steps says which update overflowed, so the two read as one story.
 */
import type { RunView } from '../src/shared/protocol';

/** The update that overflowed, when the run's last step is the one before it; otherwise null. */
export function overflowedAt(run: RunView): number | null {
  const divergedAt = run.series[0].divergedAt;
  return run.stop === 'non-finite' && divergedAt !== null && divergedAt !== run.final.step ? divergedAt : null;
}

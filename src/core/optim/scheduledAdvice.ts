/**
 * The sentences only a run under a learning-rate schedule needs: what the schedule did to η (annealed it, has too
 * little left, had not yet warmed up to its peak), which of its settings gives a longer run more η, and the
 * numbers the remedy checks (remedies.ts) found. advice.ts builds each verdict's words and calls these where a
 * schedule changes them. The numbers named were checked by running those settings; without a check, no number.
 */
import {
  criticalPhrase,
  formatSteps,
  largestCurvature,
  raisePhrase,
  scheduleName,
  steeringNamed,
  suggestion,
  tryingWhat,
} from './advicePhrases';
import type { RunDiagnosis, ScheduleOutlook, WarmupOutlook } from './diagnose';
import { formatCount, formatNumber } from './format';
import { followsStepLimit, ownPeak, type CheckedRun } from './remedies';
import type { RunSettings, Stability } from './types';

// ─── Still descending at the step limit ──────────────────────────────────────────────────────────

/** What a run that was still descending did under its schedule, and the step limit that gets there. */
export function scheduledStillDescending(d: RunDiagnosis, o: ScheduleOutlook, settings: RunSettings): string[] {
  const name = scheduleName(settings.schedule.kind);
  const cancelled = d.stop === 'cancelled';
  const when = cancelled ? 'was cancelled' : 'ran out of steps';
  const words = [
    o.annealed
      ? // The loss did not stop because η was wrong but because the schedule took η away: say both in one breath.
        `The loss slowed before the run ${when} because the ${name} had brought η down to ${formatNumber(o.finalLearningRate)} by the end ` +
        `(from ${formatNumber(o.peakLearningRate)}), not because ${steeringNamed(settings)} is wrong.`
      : `The loss was still falling steadily under the ${name} when the run ${when}: ${steeringNamed(settings)} is fine.`,
  ];

  const limit = o.checks?.stepLimit ?? null;
  if (cancelled) {
    words.push(`Let it run to the end: the ${name} was planned for ${formatSteps(settings.maxSteps)}.`);
  } else if (limit === null) {
    words.push(o.followsStepLimit ? `Raise the step limit; the ${name} stretches with it.` : 'Raise the step limit.');
  } else if (limit.convergedAt !== null) {
    words.push(
      o.followsStepLimit
        ? `Raise the step limit to ${formatSteps(limit.maxSteps)} and the ${name} stretches with it: that run converges at step ${formatCount(limit.convergedAt)}.`
        : `Raise the step limit to about ${formatSteps(limit.maxSteps)}: the run goes on to converge at step ${formatCount(limit.convergedAt)}.`,
    );
    words.push(...cosineClimbsBack(settings, limit.maxSteps));
  } else {
    words.push(
      `Raise the step limit well beyond ${formatSteps(limit.maxSteps)}: a run of ${formatSteps(limit.maxSteps)}` +
        `${o.followsStepLimit ? ` with the ${name} stretched to match` : ''} still ends short of the tolerance.`,
    );
  }
  return words;
}

/** "Or raise η: 0.5 (×10) stays below …" (`offer`), ended with what running it with the same schedule found. */
export function checkedRaise(offer: string, o: ScheduleOutlook): string {
  const tried = o.checks?.learningRate ?? null;
  if (tried === null) return `${offer} and would get there sooner.`;
  if (tried.convergedAt !== null) return `${offer}, and with the same schedule and step limit it converges at step ${formatCount(tried.convergedAt)}.`;
  return `${offer}, but with the same schedule it does not converge within ${formatSteps(tried.maxSteps)} either.`;
}

/** "Don't raise η tenfold: 0.5 diverges with the cosine schedule.", when the check saw it diverge; else nothing. */
export function tenfoldDivergedAhead(o: ScheduleOutlook, settings: RunSettings): string[] {
  const tried = o.checks?.learningRate ?? null;
  if (tried === null || !tried.diverged) return [];
  return [`Don't ${raisePhrase(settings)} tenfold: ${formatNumber(tried.value)} diverges with the ${scheduleName(settings.schedule.kind)}.`];
}

/** PyTorch's CosineAnnealingLR with a fixed T_max is periodic: a run past T_max has η climbing back up. */
function cosineClimbsBack(settings: RunSettings, maxSteps: number): string[] {
  const schedule = settings.schedule;
  if (schedule.kind !== 'cosine' || schedule.tMax === null || maxSteps <= schedule.tMax) return [];
  return [`(Past T_max = ${formatCount(schedule.tMax)} the cosine climbs back up, as PyTorch's does; a T_max as long as the run anneals once.)`];
}

// ─── Too slow ────────────────────────────────────────────────────────────────────────────────────

/** " for this exponential schedule", when its η ahead adds up to too little (too-slow's first sentence). */
export function forThisSchedule(o: ScheduleOutlook, settings: RunSettings): string {
  return o.exhausted ? ` for this ${scheduleName(settings.schedule.kind)}` : '';
}

/** Why a too-slow run under a schedule stopped moving, when the schedule is the reason: too little η left, or annealed. */
export function scheduledTooSlowWhy(d: RunDiagnosis, o: ScheduleOutlook, settings: RunSettings): string[] {
  const name = scheduleName(settings.schedule.kind);
  const fell = `The ${name} had brought η down to ${formatNumber(o.finalLearningRate)} by the end (from ${formatNumber(o.peakLearningRate)})`;
  if (o.exhausted) {
    const limit = o.checks?.stepLimit ?? null;
    const remedy = `Raise η, or ${moreLearningRateAhead(settings)}.`;
    if (limit === null) return [`${fell}, and all the η it has left adds up to too little for the loss to get there at its recent pace. ${remedy}`];
    if (limit.convergedAt === null) {
      return [`${fell}, and all the η it has left adds up to too little: even a step limit of ${formatCount(limit.maxSteps)} falls short of the tolerance. ${remedy}`];
    }
    return [
      `${fell}, and what it has left gets there slowly: with the step limit at about ${formatCount(limit.maxSteps)} the run goes on ` +
        `to converge at step ${formatCount(limit.convergedAt)}.`,
    ];
  }
  if (!o.annealed) return [];
  // Where a larger η would cross the stability limit, the advice says so; more η ahead is then the remedy.
  const remedy = suggestion(d) === null ? moreLearningRateAhead(settings) : `${raisePhrase(settings)} or ${moreLearningRateAhead(settings)}`;
  return [`${fell}: the loss stopped falling because η did, so ${remedy}.`];
}

/** How a suggestion ends once checked: "." unchecked, ": with the same cosine schedule it converges at step 40." */
export function checkedTry(run: CheckedRun | null, settings: RunSettings): string {
  const name = scheduleName(settings.schedule.kind);
  if (run === null) return '.';
  if (run.convergedAt !== null) return `: with the same ${name} it converges at step ${formatCount(run.convergedAt)}.`;
  return `, though with the same ${name} even that does not converge within ${formatSteps(run.maxSteps)}.`;
}

/** "With η × 10 = 0.5 the run diverges under the cosine schedule: raise it by less.", when the check saw it; else nothing. */
export function tenfoldDiverged(o: ScheduleOutlook, settings: RunSettings): string[] {
  const tried = o.checks?.learningRate ?? null;
  if (tried === null || !tried.diverged) return [];
  return [`With ${tryingWhat(settings)} × 10 = ${formatNumber(tried.value)} the run diverges under the ${scheduleName(settings.schedule.kind)}: raise it by less.`];
}

/**
 * The setting that gives a longer run more η, for each schedule: the step limit for one that stretches with it,
 * γ for exponential decay, γ or the step size for step decay with its own, T_max for a cosine that has its own.
 */
function moreLearningRateAhead(settings: RunSettings): string {
  const kind = settings.schedule.kind;
  if (followsStepLimit(settings)) return `raise the step limit (the ${scheduleName(kind)} stretches with it)`;
  switch (kind) {
    case 'exponential':
      return 'make the decay gentler (γ closer to 1)';
    case 'step':
      return 'make the decay gentler (γ closer to 1, or a longer step size)';
    case 'cosine':
      return 'give the cosine a longer T_max';
    default:
      return 'raise the step limit';
  }
}

// ─── Converged during the warmup ─────────────────────────────────────────────────────────────────

/**
 * For a run that converged before its schedule's warmup reached the peak: say so, with how far η rose, and when the
 * peak is at or beyond the critical η, that a longer run would have crossed it. `smooth` gives the converged
 * verdict's whole words; an oscillating run's have said how it bounced and, for a peak beyond the critical η,
 * to stay below it, so they get the one sentence.
 */
export function convergedInWarmup(
  d: RunDiagnosis,
  w: WarmupOutlook,
  settings: RunSettings,
  stability: Stability | undefined,
  smooth: boolean,
): string[] {
  const during = `during the ${scheduleName(settings.schedule.kind)}'s warmup, at η up to ${formatNumber(w.largestLearningRate)}`;
  const unreached = `the peak η = ${formatNumber(w.peakLearningRate)} was never reached`;
  if (!smooth) return [`It converged ${during}: ${unreached}.`];
  const words = [`The loss fell smoothly until the gradient was within the tolerance (${formatNumber(d.tolerance)}) ${during}: ${unreached}.`];
  const critical = d.criticalLearningRate;
  if (critical !== null && w.peakLearningRate >= critical) {
    const keep = ownPeak(settings) === null ? 'keep η' : 'keep the one-cycle peak (max_lr)';
    const above = w.peakLearningRate > critical;
    // The warmup may already have taken η past the limit before the run converged (the curvature near the
    // minimum can allow it); either way the rest of the warmup leads to the peak.
    const ahead = w.largestLearningRate > critical ? 'η had already passed it and the rest of the warmup would have gone on to the peak' : 'a longer run would have crossed it';
    words.push(
      `That peak is ${above ? 'above' : 'exactly'} ${criticalPhrase(settings, critical)}${largestCurvature(stability)}: ` +
        `${above ? `${ahead}, where the steps overshoot and diverge` : 'a longer run would have reached it, where the bouncing never dies down'}, so ${keep} below it.`,
    );
  } else {
    words.push(`The η it used, up to ${formatNumber(w.largestLearningRate)}, was about right.`);
  }
  return words;
}

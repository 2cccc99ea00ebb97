/**
 * The one place where a diagnosis becomes words. The CLI prints them and the panel shows them, so both say
 * the same thing: a one-line headline and a few sentences of advice that follow the rule of thumb (flat → η × 10,
 * bouncing or growing → η ÷ 10) and name the next η to try.
 */
import type { RunDiagnosis, ScheduleOutlook } from './diagnose';
import { formatCount, formatNumber } from './format';
import { roundEstimate, type CheckedRun } from './remedies';
import type { RunSettings, ScheduleKind, Stability, StationaryPointKind } from './types';

export interface Advice {
  /** One line: "Converged at step 24", "Diverged at step 1: the loss grew every step". */
  headline: string;
  /** What happened and what to try next, in plain words. */
  advice: string;
}

/** Words for `diagnosis`, a run of `settings`; `stability` (at the start) adds the curvature behind a limit. */
export function advise(diagnosis: RunDiagnosis, settings: RunSettings, stability?: Stability): Advice {
  const η = formatNumber(settings.learningRate);
  switch (diagnosis.verdict) {
    case 'converged':
      return converged(diagnosis, settings);
    case 'needs-more-steps':
      return needsMoreSteps(diagnosis, settings, η, stability);
    case 'too-slow':
      return tooSlow(diagnosis, settings, η, stability);
    case 'oscillating':
      return oscillating(diagnosis, settings, stability);
    case 'diverged':
      return diverged(diagnosis, settings, stability);
    case 'stationary':
      return stationary(diagnosis.stationaryPoint ?? 'degenerate');
  }
}

function converged(d: RunDiagnosis, settings: RunSettings): Advice {
  const at = d.convergedAt ?? d.steps;
  const words = [`The loss fell smoothly until the gradient was within the tolerance (${formatNumber(d.tolerance)}): ${steeringIs(settings)} is about right.`];
  if (d.endsAtSaddle) words.push(SADDLE_END);
  return { headline: `Converged at step ${formatCount(at)}${d.endsAtSaddle ? ', on a saddle point' : ''}`, advice: words.join(' ') };
}

const SADDLE_END =
  'But it came to rest on a saddle point, not a minimum: the gradient vanishes there, yet the loss still falls ' +
  'in some direction. Start from a slightly different point and it will slide off.';

function needsMoreSteps(d: RunDiagnosis, settings: RunSettings, η: string, stability: Stability | undefined): Advice {
  if (d.steps === 0) {
    return { headline: 'No updates: the step limit is 0', advice: 'Raise the step limit to let gradient descent move.' };
  }
  const cancelled = d.stop === 'cancelled';
  const headline = cancelled
    ? `Cancelled at step ${formatCount(d.steps)}, still descending`
    : `Still descending at the step limit (${formatCount(d.steps)})`;
  if (d.schedule !== null) return { headline, advice: scheduledNeedsMoreSteps(d, d.schedule, settings, stability).join(' ') };
  const words = [`The loss was falling fast and steadily when the run ${cancelled ? 'was cancelled' : 'ran out of steps'}: η = ${η} is fine.`];
  if (d.moreStepsNeeded !== null) {
    const total = roundEstimate(d.steps + d.moreStepsNeeded);
    words.push(
      `At this pace it needs about ${formatCount(roundEstimate(d.moreStepsNeeded))} more steps: ` +
        `${cancelled ? 'let it run' : 'raise the step limit'} to about ${formatCount(total)} steps.`,
    );
  } else {
    words.push(cancelled ? 'Let it run to the end.' : 'Raise the step limit.');
  }
  const critical = d.criticalLearningRate;
  if (critical !== null && d.suggestedLearningRate !== null) {
    words.push(
      `Or raise η: ${formatNumber(d.suggestedLearningRate)} (×10) stays below ${criticalPhrase(settings, critical)} and would get there in about a tenth of the steps.`,
    );
  } else if (critical !== null && settings.learningRate >= critical) {
    words.push(
      `Don't raise η instead: it is already above ${criticalPhrase(settings, critical)} at the start; the curvature eases ` +
        'along the path, but a larger η would diverge.',
    );
  } else if (critical !== null && settings.learningRate * 10 >= critical) {
    words.push(`Raising η tenfold would not help: it would cross ${criticalPhrase(settings, critical)}, beyond which the run diverges.`);
  }
  if (settings.optimizer.kind === 'gd' && d.moreStepsNeeded !== null && d.moreStepsNeeded > d.steps && illConditioned(stability)) {
    words.push(`The valley is ill-conditioned${curvatureRange(stability)}: momentum or Adam may get there sooner.`);
  }
  if (d.endsAtSaddle) words.push('It is heading for a saddle point, not a minimum; a slightly different start would slide off it.');
  return { headline, advice: words.join(' ') };
}

function tooSlow(d: RunDiagnosis, settings: RunSettings, η: string, stability: Stability | undefined): Advice {
  const headline = `Too slow: not converged after ${formatCount(d.steps)} steps`;
  if (d.schedule !== null) return { headline, advice: scheduledTooSlow(d, d.schedule, settings, stability).join(' ') };
  const words = [`The loss is falling too slowly to converge: η = ${η} is too small.`];
  if (!d.illConditioned) {
    if (d.suggestedLearningRate !== null) words.push(`Try η = ${formatNumber(d.suggestedLearningRate)} (×10).`);
    return { headline, advice: words.join(' ') };
  }
  const critical = criticalPhrase(settings, d.criticalLearningRate!);
  if (d.suggestedLearningRate !== null) {
    words.push(
      `But η × 10 would cross ${critical}, where the steps overshoot across the valley and diverge. ` +
        `Try η = ${formatNumber(d.suggestedLearningRate)}, just below it.`,
    );
  } else {
    words.push(`But η is already close to ${critical}: any larger and the steps overshoot across the valley and diverge.`);
  }
  words.push(`The valley is ill-conditioned${curvatureRange(stability)}: steep across, nearly flat along, so ${optimizerName(settings)} crawls. Momentum or Adam may help.`);
  return { headline, advice: words.join(' ') };
}

// ─── Slow runs under a schedule ──────────────────────────────────────────────────────────────────
// The numbers these name were checked by running those settings (remedies.ts); without a check, no number.

function scheduledNeedsMoreSteps(d: RunDiagnosis, o: ScheduleOutlook, settings: RunSettings, stability: Stability | undefined): string[] {
  const name = scheduleName(settings.schedule.kind);
  const cancelled = d.stop === 'cancelled';
  const when = cancelled ? 'was cancelled' : 'ran out of steps';
  const words = [
    o.annealed
      ? // The loss did not stop because η was wrong but because the schedule took η away: say both in one breath.
        `The loss slowed before the run ${when} because the ${name} had brought η down to ${formatNumber(o.finalLearningRate)} by the end ` +
        `(from ${formatNumber(o.peakLearningRate)}), not because ${steeringIs(settings)} is wrong.`
      : `The loss was still falling steadily under the ${name} when the run ${when}: ${steeringIs(settings)} is fine.`,
  ];

  const limit = o.checks?.stepLimit ?? null;
  if (cancelled) {
    words.push(`Let it run to the end: the ${name} was planned for ${formatCount(settings.maxSteps)} steps.`);
  } else if (limit === null) {
    words.push(o.followsStepLimit ? `Raise the step limit; the ${name} stretches with it.` : 'Raise the step limit.');
  } else if (limit.convergedAt !== null) {
    words.push(
      o.followsStepLimit
        ? `Raise the step limit to ${formatCount(limit.maxSteps)} steps and the ${name} stretches with it: that run converges at step ${formatCount(limit.convergedAt)}.`
        : `Raise the step limit to about ${formatCount(limit.maxSteps)} steps: the run goes on to converge at step ${formatCount(limit.convergedAt)}.`,
    );
    words.push(...cosineClimbsBack(settings, limit.maxSteps));
  } else {
    words.push(
      `Raise the step limit well beyond ${formatCount(limit.maxSteps)} steps: a run of ${formatCount(limit.maxSteps)} steps` +
        `${o.followsStepLimit ? ` with the ${name} stretched to match` : ''} still ends short of the tolerance.`,
    );
  }

  const critical = d.criticalLearningRate;
  const steering = ownPeak(settings) ?? settings.learningRate;
  const suggested = suggestion(d);
  const tried = o.checks?.learningRate ?? null;
  if (critical !== null && suggested !== null) {
    const offer = `Or ${raisePhrase(settings)}: ${formatNumber(suggested)} (×10) stays below ${criticalPhrase(settings, critical)}`;
    if (tried === null) words.push(`${offer} and would get there sooner.`);
    else if (tried.convergedAt !== null) words.push(`${offer}, and with the same schedule and step limit it converges at step ${formatCount(tried.convergedAt)}.`);
    else words.push(`${offer}, but with the same schedule it does not converge within ${formatCount(tried.maxSteps)} steps either.`);
  } else if (tried !== null && tried.diverged) {
    words.push(`Don't ${raisePhrase(settings)} tenfold: ${formatNumber(tried.value)} diverges with the ${name}.`);
  } else if (critical !== null && steering >= critical) {
    words.push(
      `Don't ${raisePhrase(settings)} instead: it is already above ${criticalPhrase(settings, critical)} at the start; the curvature eases ` +
        'along the path, but a larger η would diverge.',
    );
  } else if (critical !== null && steering * 10 >= critical) {
    words.push(`Raising ${tryingWhat(settings)} tenfold would not help: it would cross ${criticalPhrase(settings, critical)}, beyond which the run diverges.`);
  }
  if (settings.optimizer.kind === 'gd' && d.moreStepsNeeded !== null && d.moreStepsNeeded > d.steps && illConditioned(stability)) {
    words.push(`The valley is ill-conditioned${curvatureRange(stability)}: momentum or Adam may get there sooner.`);
  }
  if (d.endsAtSaddle) words.push('It is heading for a saddle point, not a minimum; a slightly different start would slide off it.');
  return words;
}

function scheduledTooSlow(d: RunDiagnosis, o: ScheduleOutlook, settings: RunSettings, stability: Stability | undefined): string[] {
  const name = scheduleName(settings.schedule.kind);
  const words = [`The loss is falling too slowly to converge: ${steeringIs(settings)} is too small${o.exhausted ? ` for this ${name}` : ''}.`];
  if (o.exhausted) {
    const limit = o.checks?.stepLimit ?? null;
    const gentler = `Raise η, or make the decay gentler (${settings.schedule.kind === 'step' ? 'γ closer to 1, or a longer step size' : 'γ closer to 1'}).`;
    const fell = `The ${name} had brought η down to ${formatNumber(o.finalLearningRate)} by the end (from ${formatNumber(o.peakLearningRate)})`;
    if (limit === null) {
      words.push(`${fell}, and all the η it has left adds up to too little for the loss to get there at its recent pace. ${gentler}`);
    } else if (limit.convergedAt === null) {
      words.push(`${fell}, and all the η it has left adds up to too little: even a step limit of ${formatCount(limit.maxSteps)} falls short of the tolerance. ${gentler}`);
    } else {
      words.push(
        `${fell}, and what it has left gets there slowly: with the step limit at about ${formatCount(limit.maxSteps)} the run goes on ` +
          `to converge at step ${formatCount(limit.convergedAt)}.`,
      );
    }
  } else if (o.annealed) {
    words.push(annealedSentence(o, name, settings, d));
  }
  const suggested = suggestion(d);
  const tried = o.checks?.learningRate ?? null;
  const checked = (run: CheckedRun | null): string => {
    if (run === null) return '.';
    if (run.convergedAt !== null) return `: with the same ${name} it converges at step ${formatCount(run.convergedAt)}.`;
    return `, though with the same ${name} even that does not converge within ${formatCount(run.maxSteps)} steps.`;
  };
  if (!d.illConditioned) {
    if (suggested !== null) words.push(`${tryPhrase(settings, suggested)} (×10)${checked(tried)}`);
    else if (tried !== null && tried.diverged) {
      words.push(`With ${tryingWhat(settings)} × 10 = ${formatNumber(tried.value)} the run diverges under the ${name}: raise it by less.`);
    }
    return words;
  }
  const critical = criticalPhrase(settings, d.criticalLearningRate!);
  if (suggested !== null) {
    words.push(
      `But ${tryingWhat(settings)} × 10 would cross ${critical}, where the steps overshoot across the valley and diverge. ` +
        `${tryPhrase(settings, suggested)}, just below it${checked(tried)}`,
    );
  } else {
    words.push(`But ${tryingWhat(settings)} is already close to ${critical}: any larger and the steps overshoot across the valley and diverge.`);
  }
  words.push(`The valley is ill-conditioned${curvatureRange(stability)}: steep across, nearly flat along, so ${optimizerName(settings)} crawls. Momentum or Adam may help.`);
  return words;
}

const SCHEDULE_NAMES: Readonly<Record<ScheduleKind, string>> = {
  constant: 'constant schedule',
  step: 'step-decay schedule',
  exponential: 'exponential schedule',
  cosine: 'cosine schedule',
  'warmup-cosine': 'warmup + cosine schedule',
  onecycle: 'one-cycle schedule',
};

function scheduleName(kind: ScheduleKind): string {
  return SCHEDULE_NAMES[kind];
}

/** "The cosine schedule had brought η down to 1.23e-6 by the end (from 0.02): the loss stopped falling because η did, …". */
function annealedSentence(o: ScheduleOutlook, name: string, settings: RunSettings, d: RunDiagnosis): string {
  // Where a larger η would cross the stability limit, the advice says so; lengthening is then the remedy.
  const remedy = suggestion(d) === null ? 'lengthen the schedule' : `${raisePhrase(settings)} or lengthen the schedule`;
  return (
    `The ${name} had brought η down to ${formatNumber(o.finalLearningRate)} by the end (from ${formatNumber(o.peakLearningRate)}): ` +
    `the loss stopped falling because η did, so ${remedy}.`
  );
}

/** PyTorch's CosineAnnealingLR with a fixed T_max is periodic: a run past T_max has η climbing back up. */
function cosineClimbsBack(settings: RunSettings, maxSteps: number): string[] {
  const schedule = settings.schedule;
  if (schedule.kind !== 'cosine' || schedule.tMax === null || maxSteps <= schedule.tMax) return [];
  return [`(Past T_max = ${formatCount(schedule.tMax)} the cosine climbs back up, as PyTorch's does; a T_max as long as the run anneals once.)`];
}

/** The suggested value, of η or of a one-cycle schedule's own peak. */
function suggestion(d: RunDiagnosis): number | null {
  return d.suggestedLearningRate ?? d.suggestedMaxLearningRate;
}

/** The peak of a one-cycle schedule that has its own (max_lr: it ignores η, so the remedies scale it), else null. */
function ownPeak(settings: RunSettings): number | null {
  return settings.schedule.kind === 'onecycle' ? settings.schedule.maxLr : null;
}

/** "η = 0.05 is fine" or "the one-cycle peak η = 0.05 is fine". */
function steeringIs(settings: RunSettings): string {
  const peak = ownPeak(settings);
  return peak === null ? `η = ${formatNumber(settings.learningRate)}` : `the one-cycle peak η = ${formatNumber(peak)}`;
}

function tryingWhat(settings: RunSettings): string {
  return ownPeak(settings) === null ? 'η' : 'the peak';
}

function raisePhrase(settings: RunSettings): string {
  return ownPeak(settings) === null ? 'raise η' : 'raise the one-cycle peak (max_lr)';
}

function tryPhrase(settings: RunSettings, value: number): string {
  return ownPeak(settings) === null ? `Try η = ${formatNumber(value)}` : `Try a one-cycle peak (max_lr) of ${formatNumber(value)}`;
}

function oscillating(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  const judged = d.convergedAt ?? d.steps;
  const evidence =
    d.directionFlips >= d.overshootSteps.length
      ? `the update reversed direction on ${formatCount(d.directionFlips)} of ${formatCount(Math.max(judged - 1, 1))} steps`
      : `the loss went up on ${formatCount(d.overshootSteps.length)} of ${formatCount(judged)} steps`;
  const smaller = suggestion(d);
  const trySmaller = smaller === null ? '' : ` ${tryPhrase(settings, smaller)} (÷10).`;
  const η = steeringIs(settings);
  const words: string[] = [];
  let headline: string;
  if (d.convergedAt !== null) {
    headline = `Oscillating, but converged at step ${formatCount(d.convergedAt)}`;
    words.push(
      `Each update overshoots the minimum and bounces back (${evidence}), but the bouncing settles: it converged at step ${formatCount(d.convergedAt)}.`,
      smaller === null
        ? `${η} is on the large side; lower it for a smooth descent.`
        : `${η} is on the large side: for a smooth descent, ${tryPhrase(settings, smaller).replace(/^Try/, 'try')} (÷10).`,
    );
  } else {
    headline = `Oscillating: ${evidence}`;
    words.push(`The loss bounces instead of settling: ${η} is too large.${trySmaller}`);
  }
  words.push(...aboveCritical(d, settings, stability));
  if (settings.optimizer.kind === 'momentum' || settings.optimizer.kind === 'nesterov') {
    words.push(`Momentum (${formatNumber(settings.optimizer.momentum)}) also carries the steps past the minimum; less momentum damps the bouncing.`);
  }
  if (d.endsAtSaddle) words.push(SADDLE_END);
  return { headline, advice: words.join(' ') };
}

function diverged(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  const at = d.divergedAt ?? 1;
  const smaller = suggestion(d);
  const trySmaller = smaller === null ? '' : ` ${tryPhrase(settings, smaller)} (÷10).`;
  const η = steeringIs(settings);
  switch (d.divergence) {
    case 'unbounded-below':
      return {
        headline: 'Diverged: the loss falls without bound',
        advice:
          'The loss keeps decreasing while the gradient grows: this formula has no minimum in the direction the run ' +
          'went, so no learning rate can converge. Check the formula (a missing square?), bound it with a term such ' +
          'as 0.01*x^2, or start where a minimum is within reach.',
      };
    case 'params-exploded':
      return {
        headline: `Diverged at step ${formatCount(at)}: the parameters ran off`,
        advice: [`The parameters grew far beyond the start without the loss settling: ${η} is too large.${trySmaller}`, ...aboveCritical(d, settings, stability)].join(' '),
      };
    case 'non-finite':
      return {
        headline: `Diverged at step ${formatCount(at)}: the loss overflowed`,
        advice: [
          `Each update overshot by more than it corrected, until the numbers overflowed at step ${formatCount(at)}: ${η} is too large.${trySmaller}`,
          ...aboveCritical(d, settings, stability),
        ].join(' '),
      };
    default: {
      const everyStep = d.overshootSteps.length >= d.steps - at + 1 && d.overshootSteps[0] === at;
      return {
        headline: `Diverged at step ${formatCount(at)}: the loss ${everyStep ? 'grew every step' : 'grew far above its start'}`,
        advice: [
          `Each update overshoots the minimum by more than it corrects, so the steps spiral outward and the loss grows: ${η} is too large.${trySmaller}`,
          ...aboveCritical(d, settings, stability),
        ].join(' '),
      };
    }
  }
}

function stationary(kind: StationaryPointKind): Advice {
  const what: Record<StationaryPointKind, Advice> = {
    minimum: {
      headline: 'Already at a minimum: the gradient is zero at the start',
      advice: 'The start is a minimum, so there is nothing to descend. Move the start point away from it to watch gradient descent find it.',
    },
    maximum: {
      headline: 'Stuck on a maximum: the gradient is zero at the start',
      advice:
        'The start is a maximum: the gradient is zero, so gradient descent cannot move, though any nudge would roll ' +
        'downhill. Change the start point.',
    },
    saddle: {
      headline: 'Stuck on a saddle point: the gradient is zero at the start',
      advice:
        'The start is a saddle point: the loss falls in some directions, but the gradient is exactly zero, so gradient ' +
        'descent cannot move. Change the start point slightly and it will slide off.',
    },
    degenerate: {
      headline: 'Stuck: the gradient is zero at the start',
      advice:
        'The gradient is zero at the start and the curvature is flat in some direction, so it may be a minimum, a ' +
        'saddle or a plateau. Gradient descent cannot move from here; change the start point.',
    },
  };
  return what[kind];
}

// ─── Phrases ─────────────────────────────────────────────────────────────────────────────────────

/** "the critical learning rate 2/L ≈ 9.56e-4" (or the optimizer's own limit). */
function criticalPhrase(settings: RunSettings, critical: number): string {
  const value = formatNumber(critical);
  switch (settings.optimizer.kind) {
    case 'momentum':
      return `the stability limit of momentum, 2(1 + β)/L ≈ ${value}`;
    case 'nesterov':
      return `the stability limit of Nesterov momentum, 2(1 + β)/((1 + 2β)L) ≈ ${value}`;
    default:
      return `the critical learning rate 2/L ≈ ${value}`;
  }
}

/** A sentence about the critical η when the run's η is above it, else nothing. */
function aboveCritical(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): string[] {
  const critical = d.criticalLearningRate;
  const steering = ownPeak(settings) ?? settings.learningRate;
  if (critical === null || steering < critical) return [];
  const curvature = stability === undefined ? '' : ` (L = ${formatNumber(stability.lipschitz)} is the largest curvature at the start)`;
  return [
    steering > critical
      ? `${ownPeak(settings) === null ? 'η' : 'The one-cycle peak'} is above ${criticalPhrase(settings, critical)}${curvature}: stay below it.`
      : `${ownPeak(settings) === null ? 'η' : 'The one-cycle peak'} is exactly ${criticalPhrase(settings, critical)}${curvature}, where the bouncing never dies down.`,
  ];
}

/** " (curvatures from 9.74 to 2.09e3 at the start)", when the eigenvalues are known and positive. */
function curvatureRange(stability: Stability | undefined): string {
  const eigenvalues = stability?.eigenvalues ?? [];
  const smallest = eigenvalues[0];
  const largest = eigenvalues[eigenvalues.length - 1];
  if (smallest === undefined || largest === undefined || !(smallest > 0)) return '';
  return ` (curvatures from ${formatNumber(smallest)} to ${formatNumber(largest)} at the start)`;
}

/**
 * Curvatures at the start differing by this factor or more make a valley ill-conditioned: plain gradient descent's
 * η is capped by the steepest direction (2/L) and then crawls along the flattest, at a rate of about λmin/λmax.
 */
const ILL_CONDITIONED_RATIO = 100;

function illConditioned(stability: Stability | undefined): boolean {
  const eigenvalues = stability?.eigenvalues ?? [];
  const smallest = eigenvalues[0];
  const largest = eigenvalues[eigenvalues.length - 1];
  return smallest !== undefined && largest !== undefined && smallest > 0 && largest >= ILL_CONDITIONED_RATIO * smallest;
}

function optimizerName(settings: RunSettings): string {
  return settings.optimizer.kind === 'gd' ? 'plain gradient descent' : settings.optimizer.kind;
}


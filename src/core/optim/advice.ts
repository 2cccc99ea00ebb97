/**
 * The one place where a diagnosis becomes words. The CLI prints them and the panel shows them, so both say
 * the same thing: a one-line headline and a few sentences of advice that follow the rule of thumb (flat → η × 10,
 * bouncing or growing → η ÷ 10) and name the next η to try. Each verdict's words are built here; where a schedule
 * changes them, the sentences come from scheduledAdvice.ts, and the phrases both share from advicePhrases.ts.
 */
import {
  aboveCritical,
  criticalPhrase,
  formatSteps,
  illConditionedAhead,
  illConditionedCrawl,
  raisePhrase,
  SADDLE_AHEAD,
  SADDLE_END,
  steeringNamed,
  steeringNamedFirst,
  suggestion,
  tryingWhat,
  tryPhrase,
} from './advicePhrases';
import type { RunDiagnosis } from './diagnose';
import { formatCount, formatNumber } from './format';
import { roundEstimate, steeringLearningRate } from './remedies';
import { momentumOf } from './stability';
import {
  checkedRaise,
  checkedTry,
  convergedInWarmup,
  forThisSchedule,
  scheduledStillDescending,
  scheduledTooSlowWhy,
  tenfoldDiverged,
  tenfoldDivergedAhead,
} from './scheduledAdvice';
import type { RunSettings, Stability, StationaryPointKind } from './types';

export interface Advice {
  /** One line: "Converged at step 24", "Diverged at step 1: the loss grew every step". */
  headline: string;
  /** What happened and what to try next, in plain words. */
  advice: string;
}

/** Words for `diagnosis`, a run of `settings`; `stability` (at the start) adds the curvature behind a limit. */
export function advise(diagnosis: RunDiagnosis, settings: RunSettings, stability?: Stability): Advice {
  switch (diagnosis.verdict) {
    case 'converged':
      return converged(diagnosis, settings, stability);
    case 'needs-more-steps':
      return needsMoreSteps(diagnosis, settings, stability);
    case 'too-slow':
      return tooSlow(diagnosis, settings, stability);
    case 'oscillating':
      return oscillating(diagnosis, settings, stability);
    case 'diverged':
      return diverged(diagnosis, settings, stability);
    case 'stationary':
      return stationary(diagnosis.stationaryPoint ?? 'degenerate');
  }
}

function converged(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  const at = d.convergedAt ?? d.steps;
  const words =
    d.convergedInWarmup === null
      ? [`The loss fell smoothly until the gradient was within the tolerance (${formatNumber(d.tolerance)}): ${steeringNamed(settings)} is about right.`]
      : convergedInWarmup(d, d.convergedInWarmup, settings, stability, true);
  if (d.endsAtSaddle) words.push(SADDLE_END);
  return { headline: `Converged at step ${formatCount(at)}${d.endsAtSaddle ? ', on a saddle point' : ''}`, advice: words.join(' ') };
}

function needsMoreSteps(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  if (d.steps === 0) {
    return { headline: 'No updates: the step limit is 0', advice: 'Raise the step limit to let gradient descent move.' };
  }
  const cancelled = d.stop === 'cancelled';
  const headline = cancelled
    ? `Cancelled at step ${formatCount(d.steps)}, still descending`
    : `Still descending at the step limit (${formatCount(d.steps)})`;
  const o = d.schedule;
  const words = o === null ? constantStillDescending(d, settings) : scheduledStillDescending(d, o, settings);

  // Raise η instead? Where ×10 stays below the critical η, yes (checked under a schedule); else say why not.
  const critical = d.criticalLearningRate;
  const steering = steeringLearningRate(settings);
  const suggested = suggestion(d);
  const divergedTenfold = o === null ? [] : tenfoldDivergedAhead(o, settings);
  if (critical !== null && suggested !== null) {
    const offer = `Or ${raisePhrase(settings)}: ${formatNumber(suggested)} (×10) stays below ${criticalPhrase(settings, critical)}`;
    // Only plain gradient descent's steps scale with η: ten times η, a tenth of the steps. Momentum's and the
    // adaptive optimizers' do not (x² with momentum: 0.001 converges at step 556, 0.01 at 223).
    const sooner = settings.optimizer.kind === 'gd' ? 'in about a tenth of the steps' : 'sooner';
    words.push(o === null ? `${offer} and would get there ${sooner}.` : checkedRaise(offer, o));
  } else if (divergedTenfold.length > 0) {
    words.push(...divergedTenfold);
  } else if (critical !== null && steering >= critical) {
    words.push(
      `Don't ${raisePhrase(settings)} instead: it is already ${steering > critical ? 'above' : 'at'} ${criticalPhrase(settings, critical)} at the start, ` +
        'and a larger η would diverge.',
    );
  } else if (critical !== null && steering * 10 >= critical) {
    words.push(`Raising ${tryingWhat(settings)} tenfold would not help: it would cross ${criticalPhrase(settings, critical)}, beyond which the run diverges.`);
  }
  words.push(...illConditionedAhead(d, settings, stability));
  if (d.endsAtSaddle) words.push(SADDLE_AHEAD);
  return { headline, advice: words.join(' ') };
}

/** At a constant η, the recent pace says how many more steps: the step limit that gets there. */
function constantStillDescending(d: RunDiagnosis, settings: RunSettings): string[] {
  const cancelled = d.stop === 'cancelled';
  const words = [
    `The loss was falling fast and steadily when the run ${cancelled ? 'was cancelled' : 'ran out of steps'}: ${steeringNamed(settings)} is fine.`,
  ];
  if (d.moreStepsNeeded !== null) {
    const more = roundEstimate(d.moreStepsNeeded);
    words.push(
      `At this pace it needs about ${formatCount(more)} more ${more === 1 ? 'step' : 'steps'}: ` +
        `${cancelled ? 'let it run' : 'raise the step limit'} to about ${formatSteps(roundEstimate(d.steps + d.moreStepsNeeded))}.`,
    );
  } else {
    words.push(cancelled ? 'Let it run to the end.' : 'Raise the step limit.');
  }
  return words;
}

function tooSlow(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  const headline = `Too slow: not converged after ${formatSteps(d.steps)}`;
  const o = d.schedule;
  const words = [`The loss is falling too slowly to converge: ${steeringNamed(settings)} is too small${o === null ? '' : forThisSchedule(o, settings)}.`];
  if (o !== null) words.push(...scheduledTooSlowWhy(d, o, settings));
  const suggested = suggestion(d);
  // Under a schedule the suggestion was run with the same schedule and step limit: say what it did.
  const checked = checkedTry(o?.checks?.learningRate ?? null, settings);
  if (!d.illConditioned) {
    if (suggested !== null) words.push(`${tryPhrase(settings, suggested)} (×10)${checked}`);
    else if (o !== null) words.push(...tenfoldDiverged(o, settings));
    return { headline, advice: words.join(' ') };
  }
  const critical = criticalPhrase(settings, d.criticalLearningRate!);
  if (suggested !== null) {
    words.push(
      `But ${tryingWhat(settings)} × 10 would cross ${critical}, where the steps overshoot across the valley and diverge. ` +
        `${tryPhrase(settings, suggested)}, just below it${checked}`,
    );
  } else {
    // Past the limit at the start yet not diverging: why it held (the curvature eased, or a schedule kept η low) is
    // not known here, so the words say only where η stands.
    const steering = steeringLearningRate(settings);
    const where = steering > d.criticalLearningRate! ? 'already past' : steering === d.criticalLearningRate ? 'already at' : 'already close to';
    words.push(`But ${tryingWhat(settings)} is ${where} ${critical}${where === 'already close to' ? '' : ' at the start'}: any larger and the steps overshoot across the valley and diverge.`);
  }
  words.push(...illConditionedCrawl(settings, stability));
  return { headline, advice: words.join(' ') };
}

function oscillating(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  const judged = d.convergedAt ?? d.steps;
  const evidence =
    d.directionFlips >= d.overshootSteps.length
      ? `the update reversed direction on ${formatCount(d.directionFlips)} of ${formatSteps(Math.max(judged - 1, 1))}`
      : `the loss went up on ${formatCount(d.overshootSteps.length)} of ${formatSteps(judged)}`;
  const smaller = suggestion(d);
  const trySmaller = smaller === null ? '' : ` ${tryPhrase(settings, smaller)} (÷10).`;
  const η = steeringNamed(settings);
  const β = momentumOf(settings.optimizer);
  const words: string[] = [];
  let headline: string;
  // Momentum overshoots at almost any η: when the run settled, the bouncing is the method and η is fine.
  if (d.momentumBounce && d.convergedAt !== null) {
    headline = `Oscillating, but converged at step ${formatCount(d.convergedAt)}`;
    const what = settings.optimizer.kind === 'nesterov' ? 'Nesterov momentum' : 'momentum';
    words.push(
      `The bouncing is ${what} (β = ${formatNumber(β)}) carrying the steps past the minimum and back (${evidence}), ` +
        `and it settled: the run converged at step ${formatCount(d.convergedAt)}.`,
      `${steeringNamedFirst(settings)} is fine: the overshoot is momentum's, not η's. For a smoother curve, lower the momentum.`,
    );
  } else if (d.convergedAt !== null) {
    headline = `Oscillating, but converged at step ${formatCount(d.convergedAt)}`;
    words.push(
      `Each update overshoots the minimum and bounces back (${evidence}), but the bouncing settles: it converged at step ${formatCount(d.convergedAt)}.`,
      smaller === null
        ? `${steeringNamedFirst(settings)} is on the large side; lower it for a smooth descent.`
        : `${steeringNamedFirst(settings)} is on the large side: for a smooth descent, ${tryPhrase(settings, smaller).replace(/^Try/, 'try')} (÷10).`,
    );
  } else {
    headline = `Oscillating: ${evidence}`;
    words.push(`The loss bounces instead of settling: ${η} is too large.${trySmaller}`);
  }
  if (d.convergedInWarmup !== null) words.push(...convergedInWarmup(d, d.convergedInWarmup, settings, stability, false));
  words.push(...aboveCritical(d, settings, stability));
  if (β > 0 && !d.momentumBounce) {
    words.push(`Momentum (${formatNumber(β)}) also carries the steps past the minimum; less momentum damps the bouncing.`);
  }
  if (d.endsAtSaddle) words.push(SADDLE_END);
  return { headline, advice: words.join(' ') };
}

function diverged(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): Advice {
  const at = d.divergedAt ?? 1;
  const smaller = suggestion(d);
  const trySmaller = smaller === null ? '' : ` ${tryPhrase(settings, smaller)} (÷10).`;
  const η = steeringNamed(settings);
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

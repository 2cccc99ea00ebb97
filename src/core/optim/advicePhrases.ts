/**
 * The phrases advice.ts and scheduledAdvice.ts both speak: what steers the run (η, or a one-cycle schedule's own
 * peak), the critical η of the run's optimizer, the ill-conditioned valley, the saddle point, and counts of steps.
 * One wording for each, so a sentence reads the same whichever verdict or schedule it ends.
 */
import { OPTIMIZER_LABELS } from '../../shared/labels';
import type { RunDiagnosis } from './diagnose';
import { formatCount, formatNumber } from './format';
import { ownPeak, steeringLearningRate } from './remedies';
import type { OptimizerKind, RunSettings, ScheduleKind, Stability } from './types';

// ─── What steers the run ─────────────────────────────────────────────────────────────────────────

/** The suggested value, of η or of a one-cycle schedule's own peak. */
export function suggestion(d: RunDiagnosis): number | null {
  return d.suggestedLearningRate ?? d.suggestedMaxLearningRate;
}

/** "η = 0.05" or "the one-cycle peak η = 0.05": the η that steers the run, named. */
export function steeringNamed(settings: RunSettings): string {
  const peak = ownPeak(settings);
  return peak === null ? `η = ${formatNumber(settings.learningRate)}` : `the one-cycle peak η = ${formatNumber(peak)}`;
}

/** The same, to begin a sentence: "η = 0.05" (η stays lower case), "The one-cycle peak η = 0.05". */
export function steeringNamedFirst(settings: RunSettings): string {
  const peak = ownPeak(settings);
  return peak === null ? steeringNamed(settings) : `The one-cycle peak η = ${formatNumber(peak)}`;
}

export function tryingWhat(settings: RunSettings): string {
  return ownPeak(settings) === null ? 'η' : 'the peak';
}

export function raisePhrase(settings: RunSettings): string {
  return ownPeak(settings) === null ? 'raise η' : 'raise the one-cycle peak (max_lr)';
}

export function tryPhrase(settings: RunSettings, value: number): string {
  return ownPeak(settings) === null ? `Try η = ${formatNumber(value)}` : `Try a one-cycle peak (max_lr) of ${formatNumber(value)}`;
}

const SCHEDULE_NAMES: Readonly<Record<ScheduleKind, string>> = {
  constant: 'constant schedule',
  step: 'step-decay schedule',
  exponential: 'exponential schedule',
  cosine: 'cosine schedule',
  'warmup-cosine': 'warmup + cosine schedule',
  onecycle: 'one-cycle schedule',
};

export function scheduleName(kind: ScheduleKind): string {
  return SCHEDULE_NAMES[kind];
}

// ─── The critical η ──────────────────────────────────────────────────────────────────────────────

/**
 * "the critical learning rate 2/L ≈ 1", worded for the run's optimizer as criticalLearningRateFor computes it:
 * 2/(L + weight decay) with weight decay, momentum's 2(1 + β)/((1 − dampening)L), Nesterov's 2(1 + β)/((1 + 2β)L).
 */
export function criticalPhrase(settings: RunSettings, critical: number): string {
  const value = formatNumber(critical);
  const optimizer = settings.optimizer;
  const curvature = optimizer.weightDecay > 0 ? '(L + weight decay)' : 'L';
  switch (optimizer.kind) {
    case 'momentum': {
      const divisor = optimizer.dampening > 0 ? `((1 − dampening)${curvature})` : curvature;
      return `the stability limit of momentum, 2(1 + β)/${divisor} ≈ ${value}`;
    }
    case 'nesterov':
      return `the stability limit of Nesterov momentum, 2(1 + β)/((1 + 2β)${curvature}) ≈ ${value}`;
    default:
      return `the critical learning rate 2/${curvature} ≈ ${value}`;
  }
}

/** " (L = 2 is the largest curvature at the start)", when the analysis at the start is known. */
export function largestCurvature(stability: Stability | undefined): string {
  return stability === undefined ? '' : ` (L = ${formatNumber(stability.lipschitz)} is the largest curvature at the start)`;
}

/** A sentence about the critical η when the steering η is at or above it, else nothing. */
export function aboveCritical(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): string[] {
  const critical = d.criticalLearningRate;
  const steering = steeringLearningRate(settings);
  if (critical === null || steering < critical) return [];
  const what = ownPeak(settings) === null ? 'η' : 'The one-cycle peak';
  return [
    steering > critical
      ? `${what} is above ${criticalPhrase(settings, critical)}${largestCurvature(stability)}: stay below it.`
      : `${what} is exactly ${criticalPhrase(settings, critical)}${largestCurvature(stability)}${d.convergedAt === null ? ', where the bouncing never dies down' : ''}: stay below it.`,
  ];
}

// ─── The valley ──────────────────────────────────────────────────────────────────────────────────

/**
 * Curvatures at the start differing by this factor or more make a valley ill-conditioned: plain gradient descent's
 * η is capped by the steepest direction (2/L) and then crawls along the flattest, at a rate of about λmin/λmax.
 */
const ILL_CONDITIONED_RATIO = 100;

export function illConditioned(stability: Stability | undefined): boolean {
  const eigenvalues = stability?.eigenvalues ?? [];
  const smallest = eigenvalues[0];
  const largest = eigenvalues[eigenvalues.length - 1];
  return smallest !== undefined && largest !== undefined && smallest > 0 && largest >= ILL_CONDITIONED_RATIO * smallest;
}

/** " (curvatures from 9.74 to 2.09e3 at the start)", when the eigenvalues are known and positive. */
function curvatureRange(stability: Stability | undefined): string {
  const eigenvalues = stability?.eigenvalues ?? [];
  const smallest = eigenvalues[0];
  const largest = eigenvalues[eigenvalues.length - 1];
  if (smallest === undefined || largest === undefined || !(smallest > 0)) return '';
  return ` (curvatures from ${formatNumber(smallest)} to ${formatNumber(largest)} at the start)`;
}

/** The optimizers that cope with a narrow valley, less the one the run already uses: "Momentum or Adam". */
function betterForValleys(kind: OptimizerKind): string {
  const family = (k: OptimizerKind): OptimizerKind => (k === 'nesterov' ? 'momentum' : k === 'adamw' ? 'adam' : k);
  return (['momentum', 'adam'] as const)
    .filter((candidate) => family(kind) !== candidate)
    .map((candidate) => OPTIMIZER_LABELS[candidate])
    .join(' or ');
}

function optimizerName(settings: RunSettings): string {
  return settings.optimizer.kind === 'gd' ? 'plain gradient descent' : OPTIMIZER_LABELS[settings.optimizer.kind];
}

/**
 * For a run still descending that has far to go, in a valley whose curvatures differ a hundredfold or more: "The
 * valley is ill-conditioned (…): Momentum or Adam may get there sooner." Else nothing.
 */
export function illConditionedAhead(d: RunDiagnosis, settings: RunSettings, stability: Stability | undefined): string[] {
  if (settings.optimizer.kind !== 'gd' || d.moreStepsNeeded === null || d.moreStepsNeeded <= d.steps || !illConditioned(stability)) return [];
  return [`The valley is ill-conditioned${curvatureRange(stability)}: ${betterForValleys(settings.optimizer.kind)} may get there sooner.`];
}

/**
 * For a run too slow because the critical η caps it, in a valley whose curvatures differ a hundredfold or more:
 * why it crawls, and the optimizers (other than the run's) that may do better. Else nothing: one curvature, or
 * similar ones, is no narrow valley, only a short run.
 */
export function illConditionedCrawl(settings: RunSettings, stability: Stability | undefined): string[] {
  if (!illConditioned(stability)) return [];
  const others = betterForValleys(settings.optimizer.kind);
  return [
    `The valley is ill-conditioned${curvatureRange(stability)}: steep across, nearly flat along, so ${optimizerName(settings)} crawls.` +
      (others === '' ? '' : ` ${others} may help.`),
  ];
}

// ─── Saddle points and counts ────────────────────────────────────────────────────────────────────

export const SADDLE_END =
  'But it came to rest on a saddle point, not a minimum: the gradient vanishes there, yet the loss still falls ' +
  'in some direction. Start from a slightly different point and it will slide off.';

export const SADDLE_AHEAD = 'It is heading for a saddle point, not a minimum; a slightly different start would slide off it.';

/** "1 step", "1,000 steps". */
export function formatSteps(n: number): string {
  return `${formatCount(n)} ${Math.round(n) === 1 ? 'step' : 'steps'}`;
}

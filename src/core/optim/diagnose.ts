/**
 * The diagnosis of a run: its measures (measure.ts), its verdict (verdict.ts), and a recommendation decided by
 * running, not by rules. Where the run went wrong or slowly, a small bounded search around its settings
 * (search.ts) runs the rule of thumb (η × 10 for a flat curve, η ÷ 10 for a bouncing one), brackets and refines η,
 * and where no η gets there within the step limit, tries a longer run and other optimizers; the recommendation is
 * the best of what those runs did. A converged run is checked for a lower minimum (localMinimum.ts) and for a
 * much faster η. Every number a recommendation carries is one a run gave.
 */
import type { Objective } from '../objective';
import { Checker, checkOf, finish, type CheckBudget, type CheckedRun, type CheckWork } from './checks';
import type { Change, Check, ChecksDone, Diagnosis, DiagnosisFacts, NoiseRemedy, Recommendation, RuleOfThumb, ScheduleReason, Suggestion } from './diagnosis';
import { isMinibatchRun, judgeNoise, noiseVerdict, settledAt, type CheckedRemedy, type NoiseJudgement, type RemedyKind } from './noise';
import { findLowerMinimum } from './localMinimum';
import { measureRun, type RunMeasures } from './measure';
import { defaultOptimizerSettings } from './optimizers';
import { frameworkOf } from './settings';
import { fastest, learningRateOf, MAX_STEP_LIMIT_FACTOR, robust, searchLearningRate, searchStepLimit, type LearningRateSearch, type Stable } from './search';
import { classifyStationaryPoint, criticalLearningRateFor, hasNegativeCurvature } from './stability';
import { momentumOf, steeringLearningRate } from './steering';
import { withStepLimit } from './scheduleAhead';
import { endOf, startOf, type RunRecord } from './record/runRecord';
import { DEFAULT_MAX_STEPS, type OptimizerSettings, type RunSettings } from './types';
import { judge, moreStepsNeeded, type Judgement } from './verdict';

export interface DiagnoseOptions {
  /**
   * Run the checks the recommendation comes from (default true). Without them the verdict and the facts are the
   * same (they never depend on the checks) and the recommendation names no change: nothing unchecked is claimed.
   */
  readonly check?: boolean;
  /** The checks' budget of work: updates, and what a curvature reading counts as (see checks.ts). */
  readonly budget?: CheckBudget;
  /**
   * For a minibatch run of a loss over data: its remedies are whole runs, so the editor runs them in time slices
   * and hands their traces in (`remedyTraces`), and asks the first diagnosis not to run them (`runRemedies: false`).
   */
  readonly noise?: { readonly runRemedies?: boolean; readonly remedyTraces?: ReadonlyMap<RemedyKind, RunRecord> };
}

// ─── Thresholds of the decision ──────────────────────────────────────────────────────────────────

/**
 * A converged run is slow when a checked η gets there in at most 1/FASTER_FACTOR of its steps, saving at least
 * FASTER_MIN_STEPS: x² from 10 at η = 0.01 takes 719 steps where 0.5 takes 1; at η = 0.2 it takes 29, and a run of
 * a few dozen steps is quick already, whatever could shave it.
 */
export const FASTER_FACTOR = 2;
export const FASTER_MIN_STEPS = 50;
/**
 * Curvatures met that differ by this factor or more make a valley ill-conditioned: η is capped by the steepest
 * direction (2/L) and then crawls along the flattest, at a rate of about λmin/λmax.
 */
export const ILL_CONDITIONED_RATIO = 100;
/**
 * A run started on a plateau when the slope at its start accounts for less than this share of the descent the run
 * that got there made over the same distance (tanh(x)² from 4: a gradient of 0.0027 over a distance of 4 is 1% of
 * the drop to 0), and that run met a gradient PLATEAU_GRADIENT_RISE times the start's on the way.
 */
export const PLATEAU_SLOPE_SHARE = 0.1;
export const PLATEAU_GRADIENT_RISE = 10;
/**
 * A schedule "annealed η to nearly nothing" when the last update's η is at most this share of the run's largest:
 * the run then moves at least a hundred times slower than it did at its peak, which on a chart is a flat line.
 */
export const ANNEALED_SHARE = 0.01;
/** A warmup that took η to this share of its peak has as good as reached it. */
export const PEAK_REACHED = 0.9;

/** Diagnoses a run of `settings` on `objective` whose record is `record`, its checks run to the end at once. */
export function diagnose(record: RunRecord, objective: Objective, settings: RunSettings, options: DiagnoseOptions = {}): Diagnosis {
  const started = startDiagnosis(record, objective, settings, options);
  return started.checks === null ? started.unchecked : finish(started.checks.work);
}

/** A diagnosis whose checks are still to run. */
export interface DiagnosisUnderWay {
  /**
   * The diagnosis without the checks, as `check: false` gives it: its verdict and facts are final (they never depend
   * on the checks); its cause and recommendation are what can be said without running anything.
   */
  readonly unchecked: Diagnosis;
  /** The checks, a piece at a time, returning the whole diagnosis; null when there are none to run. */
  readonly checks: DiagnosisChecks | null;
}

export interface DiagnosisChecks {
  /** Each `next()` does a piece of the checks; the last returns the diagnosis, exactly what `diagnose` returns. */
  readonly work: CheckWork<Diagnosis>;
  /** Starts no further check: what is left of `work` then runs at once, and claims only what was found. */
  stop(): void;
}

/**
 * Measures and judges a run of `settings` on `objective` at once, and returns its checks as work to run a piece at a
 * time (in time slices, in the editor): `finish(checks.work)` is `diagnose`'s result, whatever the slices.
 */
export function startDiagnosis(record: RunRecord, objective: Objective, settings: RunSettings, options: DiagnoseOptions = {}): DiagnosisUnderWay {
  const m = measureRun(record, objective, { alongPath: true });
  const tolerance = m.tolerance;
  const judgement = judge(m, settings);
  const atStart = m.curvature.atStart;
  const largestAtStart = atStart.length > 0 ? atStart[atStart.length - 1]! : Number.NEGATIVE_INFINITY;
  const endsAtSaddle = judgement.verdict !== 'diverged' && m.curvature.atEnd !== null && hasNegativeCurvature(m.curvature.atEnd);
  const checking = options.check !== false && record.stop !== 'cancelled';
  if (isMinibatchRun(record, objective) && judgement.verdict !== 'stationary') {
    const noise = judgeNoise(record, objective, settings, judgement.verdict === 'diverged', {
      checkRemedies: checking && options.noise?.runRemedies !== false,
      ...(options.noise?.remedyTraces ? { remedyTraces: options.noise.remedyTraces } : {}),
    });
    return { unchecked: minibatchDiagnosis(m, judgement.divergedAt, noise, settings, tolerance, largestAtStart), checks: null };
  }
  const current = currentRun(m, judgement, settings);
  const diagnosisWith = function* (checker: Checker | null): CheckWork<Diagnosis> {
    const recommendation = yield* recommend({ m, judgement, settings, checker, endsAtSaddle, current });
    return { ...factsOf(m, judgement, settings, tolerance, largestAtStart, checker), ...recommendation };
  };
  const unchecked = finish(diagnosisWith(null));
  if (!checking) return { unchecked, checks: null };
  const checker = new Checker(objective, m.start, options.budget);
  return { unchecked, checks: { work: diagnosisWith(checker), stop: () => checker.stop() } };
}

/** The facts of a run that is not a minibatch run's, with what its checks ran. */
function factsOf(m: RunMeasures, judgement: Judgement, settings: RunSettings, tolerance: number, largestAtStart: number, checker: Checker | null): DiagnosisFacts {
  return {
    verdict: judgement.verdict,
    convergedAt: judgement.convergedAt,
    divergedAt: judgement.divergedAt,
    divergence: m.divergence?.kind ?? null,
    overshootSteps: m.overshootSteps,
    overshootCount: m.overshootCount,
    directionFlips: m.directionFlips,
    ...runFacts(m, settings, tolerance, largestAtStart),
    checks: checksDone(checker),
    noise: null,
  };
}

/** The facts a run states however it is judged: its length and stop, its losses, and the critical η of the curvature met. */
function runFacts(m: RunMeasures, settings: RunSettings, tolerance: number, largestAtStart: number) {
  return {
    steps: m.steps,
    stop: m.stop,
    tolerance,
    startLoss: m.startLoss,
    finalLoss: m.finalLoss,
    criticalLearningRate: criticalLearningRateFor(settings.optimizer, m.curvature.largest),
    criticalLearningRateAtStart: criticalLearningRateFor(settings.optimizer, largestAtStart),
    curvature: { atStart: largestAtStart, met: m.curvature.largest },
  } satisfies Partial<DiagnosisFacts>;
}

// ─── Minibatches: judged on all the data (noise.ts) ──────────────────────────────────────────────

/**
 * A minibatch run's diagnosis: the verdict and cause from its loss on all the data against the best value, and the
 * remedies run as the suggestions. The full-data loss rises now and then with the batches' noise, which is no
 * overshoot of η, so no overshoots are marked.
 */
function minibatchDiagnosis(m: RunMeasures, divergedAt: number | null, noise: NoiseJudgement, settings: RunSettings, tolerance: number, largestAtStart: number): Diagnosis {
  const remedies = noise.checks.map((check) => remedyOf(check, noise));
  const { verdict, convergedAt } = noiseVerdict(noise);
  const facts: DiagnosisFacts = {
    verdict,
    convergedAt,
    divergedAt: noise.cause === 'too-large-for-batch' || noise.cause === 'diverged' ? (divergedAt ?? m.steps) : null,
    divergence: m.divergence?.kind ?? null,
    overshootSteps: [],
    overshootCount: 0,
    directionFlips: 0,
    ...runFacts(m, settings, tolerance, largestAtStart),
    checks: { status: noise.checks.length > 0 ? 'done' : 'skipped', tried: [], updates: noise.checks.reduce((sum, check) => sum + check.trace.steps, 0) },
    noise: {
      bestLoss: noise.bestLoss,
      floor: noise.floor,
      tolerance: noise.tolerance,
      rows: noise.rows,
      batchSize: noise.batchSize,
      batchesPerEpoch: Math.ceil(noise.rows / noise.batchSize),
    },
  };
  const suggestion = (remedy: NoiseRemedy | undefined): Suggestion | null => {
    const check = remedy && noise.checks.find((one) => one.remedy === remedy.remedy);
    return remedy && check ? { change: remedy.change, settings: check.settings, start: Array.from(startOf(check.trace).params), check: remedy.check } : null;
  };
  const smaller = remedies.find((remedy) => remedy.remedy === 'smaller-lr');
  switch (noise.cause) {
    case 'settled':
      return { ...facts, cause: 'fine', next: null, ruleOfThumb: null };
    case 'still-falling':
      return { ...facts, cause: 'step-limit', next: null };
    case 'noise-floor':
      // The first remedy that reaches the best value, in the order the advice names them.
      return { ...facts, cause: 'noise-floor', next: suggestion(remedies.find((remedy) => remedy.reached)), remedies };
    case 'too-large-for-batch': {
      const settles = remedies.find((remedy) => remedy.remedy !== 'full-batch' && remedy.check.verdict !== 'diverged');
      return { ...facts, cause: 'lr-too-large-for-batch', next: suggestion(settles), remedies };
    }
    case 'diverged': {
      const ruleOfThumb: RuleOfThumb | null = smaller ? { factor: 0.1, learningRate: smaller.change.learningRate!, check: smaller.check } : null;
      return { ...facts, cause: 'lr-too-large', next: smaller && smaller.check.verdict !== 'diverged' ? suggestion(smaller) : null, ruleOfThumb };
    }
  }
}

/** A remedy run, as the diagnosis states it: what changes, and what the run gave. */
function remedyOf(check: CheckedRemedy, noise: NoiseJudgement): NoiseRemedy {
  const change: Change = {
    cosine: { schedule: check.settings.schedule },
    'larger-batch': { batchSize: check.settings.batchSize ?? null },
    'smaller-lr': { learningRate: check.settings.learningRate },
    'full-batch': { batchSize: null },
  }[check.remedy];
  const convergedAt = check.diverged ? null : settledAt(check.trace, noise.bestLoss, noise.tolerance);
  const verdict: Check['verdict'] = check.diverged ? 'diverged' : check.reached ? 'converged' : 'oscillating';
  return {
    remedy: check.remedy,
    change,
    check: { verdict, convergedAt: check.reached ? convergedAt : null, steps: check.trace.steps, finalLoss: endOf(check.trace).loss },
    floor: check.floor,
    reached: check.reached,
  };
}

interface Context {
  readonly m: RunMeasures;
  readonly judgement: Judgement;
  readonly settings: RunSettings;
  /** Null when the checks are off. */
  readonly checker: Checker | null;
  readonly endsAtSaddle: boolean;
  /** The diagnosed run itself, as a checked run, so it takes part in the comparisons. */
  readonly current: CheckedRun;
}

function* recommend(c: Context): CheckWork<Recommendation> {
  const { m, judgement } = c;
  switch (judgement.verdict) {
    case 'stationary':
      return { cause: 'stationary-start', next: null, point: classifyStationaryPoint(m.curvature.atStart) };
    case 'diverged':
      // A smaller η cannot find a bottom that is not there.
      return m.divergence?.kind === 'unbounded-below' ? { cause: 'no-minimum', next: null } : yield* tooLarge(c);
    case 'oscillating':
      return judgement.convergedAt === null ? yield* tooLarge(c) : yield* bouncedButSettled(c);
    case 'converged':
      return yield* converged(c);
    case 'needs-more-steps':
    case 'too-slow':
      return yield* slow(c);
  }
}

// ─── Too large: it bounced for ever, or grew ─────────────────────────────────────────────────────

function* tooLarge(c: Context): CheckWork<Recommendation> {
  if (c.checker === null) return { cause: 'lr-too-large', next: null, ruleOfThumb: null };
  const search = yield* searchLearningRate(c.checker, c.settings, 'down', stableFor(c), c.current);
  const ruleOfThumb = ruleOfThumbOf(search, 0.1);
  if (search.best !== null) return { cause: 'lr-too-large', next: suggestionOf(c, search.best), ruleOfThumb };
  // No smaller η gets there within the step limit. A run that bounced without growing may just need longer (a
  // heavy ball at its best η and β on a narrow valley bounces all the way down); so may the largest stable η, or
  // another optimizer.
  const itself = c.judgement.verdict === 'oscillating' ? c.current : null;
  const next = yield* longerOrAnother(c, search, itself);
  // What got there says whose fault the bouncing was: the same η given more steps, or another optimizer where no
  // smaller η of this one helped, clears η; a smaller η given more steps does not.
  const sameOptimizer = next !== null && JSON.stringify(next.settings.optimizer) === JSON.stringify(c.settings.optimizer);
  const cleared = itself !== null && next !== null && (!sameOptimizer || learningRateOf(next) === learningRateOf(itself));
  if (cleared) {
    const β = momentumOf(c.settings.optimizer);
    if (β > 0) return { cause: 'momentum-bounce', next: suggestionOf(c, next), momentum: β };
    if (sameOptimizer) return { cause: 'step-limit', next: suggestionOf(c, next) };
  }
  return { cause: 'lr-too-large', next: suggestionOf(c, next), ruleOfThumb };
}

/**
 * When no η of the run's own optimizer gets there within the step limit: another optimizer at this step limit (an
 * η search of its own), else a longer run — of `itself` (the diagnosed run, when it may just need longer), of the
 * largest stable η found, or of another optimizer's — most promising first (the soonest there at its recent pace),
 * none beyond where one already got there. The fastest that gets there, or null.
 */
function* longerOrAnother(c: Context, own: LearningRateSearch, itself: CheckedRun | null): CheckWork<CheckedRun | null> {
  const checker = c.checker!;
  const stable = stableFor(c);
  const searches: (LearningRateSearch | null)[] = [];
  for (const optimizer of alternativeOptimizers(c)) {
    const base = { ...c.settings, optimizer };
    const first = yield* checker.run(base);
    searches.push(first === null ? null : yield* searchLearningRate(checker, base, stable(first) ? 'up' : 'down', stable, first));
  }
  const another = yield* fastest(checker, searches.map((search) => search?.best ?? null).filter(isRun));
  if (another !== null) return another;
  const candidates = [itself, ...own.stable, ...searches.flatMap((search) => search?.stable ?? [])].filter(isRun);
  // Runs still descending steadily before those too slow, then the ones whose recent pace projects to get there
  // soonest; those not getting there at all last.
  const crawling = (run: CheckedRun): number => (run.verdict === 'too-slow' ? 1 : 0);
  const soonest = (run: CheckedRun): number => run.projectedSteps ?? Number.POSITIVE_INFINITY;
  const unique = candidates
    .filter((run, i) => candidates.indexOf(run) === i)
    .sort((a, b) => crawling(a) - crawling(b) || soonest(a) - soonest(b) || a.finalGradientNorm - b.finalGradientNorm);
  // Each longer run that gets there (and is no fluke) bounds the ones after it.
  let best = null as CheckedRun | null;
  let tries = 0;
  for (const run of unique) {
    if (checker.ranOut || tries >= MAX_LONGER_RUNS) break;
    // A run whose recent pace puts it beyond the longest run tried is hopeless (the projection, if anything,
    // errs short: x⁴'s descent slows as it goes).
    if ((run.projectedSteps ?? 0) > MAX_STEP_LIMIT_FACTOR * run.settings.maxSteps) continue;
    tries++;
    const found: CheckedRun | null = yield* searchStepLimit(checker, run.settings, best?.convergedAt ?? Number.POSITIVE_INFINITY);
    if (found !== null && found.convergedAt! < (best?.convergedAt ?? Number.POSITIVE_INFINITY) && (yield* robust(checker, found))) best = found;
  }
  return best;
}

/** Whether the run `m` sat on a plateau that `next` crossed (see PLATEAU_SLOPE_SHARE). */
function onPlateau(m: RunMeasures, next: CheckedRun): boolean {
  const distance = Math.hypot(...m.start.map((value, i) => value - next.end[i]!));
  const drop = m.startLoss - next.finalLoss;
  return drop > 0 && m.startGradientNorm * distance < PLATEAU_SLOPE_SHARE * drop && next.largestGradientNorm >= PLATEAU_GRADIENT_RISE * m.startGradientNorm;
}

function projected(more: number | null, steps: number): number | null {
  return more === null || !Number.isFinite(more) ? null : steps + more;
}

/** Settings tried longer at most, when none gets there within the step limit. */
const MAX_LONGER_RUNS = 4;

function isRun(run: CheckedRun | null | undefined): run is CheckedRun {
  return run !== null && run !== undefined;
}

/**
 * It bounced, then settled. If a smaller η (checked) settles smoothly no later, η was too large; if none does, the
 * bouncing is the method's: momentum's, or (without momentum) simply the fastest way there that was found.
 */
function* bouncedButSettled(c: Context): CheckWork<Recommendation> {
  const β = momentumOf(c.settings.optimizer);
  const fine = (): Recommendation => (β > 0 ? { cause: 'momentum-bounce', next: null, momentum: β } : { cause: 'fine', next: null, ruleOfThumb: null });
  if (c.checker === null) return fine();
  const smooth: Stable = (run) => run.verdict !== 'oscillating' && run.verdict !== 'diverged';
  const search = yield* searchLearningRate(c.checker, c.settings, 'down', smooth, c.current);
  const best = search.best;
  if (best !== null && best.convergedAt! <= c.judgement.convergedAt!) {
    return { cause: 'lr-too-large', next: suggestionOf(c, best), ruleOfThumb: ruleOfThumbOf(search, 0.1) };
  }
  return fine();
}

// ─── Converged ───────────────────────────────────────────────────────────────────────────────────

function* converged(c: Context): CheckWork<Recommendation> {
  if (c.endsAtSaddle) return { cause: 'saddle', next: null };
  const warmup = warmupReason(c);
  if (warmup !== null) return { cause: 'schedule', next: null, schedule: warmup };
  if (c.checker === null) return { cause: 'fine', next: null, ruleOfThumb: null };
  const lower = yield* findLowerMinimum(c.checker, c.m, c.settings);
  if (lower !== null) {
    return {
      cause: 'local-minimum',
      next: suggestionOf(c, lower.byLearningRate ?? lower.found),
      lower: { point: lower.point, loss: lower.loss },
    };
  }
  const search = yield* searchLearningRate(c.checker, c.settings, 'up', stableFor(c), c.current);
  const best = search.best;
  const ruleOfThumb = ruleOfThumbOf(search, 10);
  if (best !== null && best !== c.current && muchFaster(best, c.current)) {
    return { cause: 'lr-too-small', next: suggestionOf(c, best), ruleOfThumb };
  }
  return { cause: 'fine', next: null, ruleOfThumb };
}

function muchFaster(candidate: CheckedRun, current: CheckedRun): boolean {
  const ours = current.convergedAt!;
  const theirs = candidate.convergedAt!;
  return FASTER_FACTOR * theirs <= ours && ours - theirs >= FASTER_MIN_STEPS;
}

/**
 * A run that converged during its schedule's warmup, before η rose to a peak at or beyond the critical η met along
 * the path (and η never crossed it): what it says about η does not hold for the peak, which a longer run reaches.
 */
function warmupReason(c: Context): ScheduleReason | null {
  const kind = c.settings.schedule.kind;
  if ((kind !== 'warmup-cosine' && kind !== 'onecycle') || c.m.steps === 0) return null;
  const critical = criticalLearningRateFor(c.settings.optimizer, c.m.curvature.largest);
  const peakLearningRate = steeringLearningRate(c.settings);
  const largestLearningRate = c.m.learningRates.largest;
  if (critical === null || peakLearningRate < critical || largestLearningRate >= PEAK_REACHED * peakLearningRate) return null;
  return { kind: 'warmup', largestLearningRate, peakLearningRate };
}

// ─── Slow: too slow, or still descending at the step limit ───────────────────────────────────────

function* slow(c: Context): CheckWork<Recommendation> {
  const { m, settings, checker } = c;
  const schedule = scheduleReason(c);
  const verdict = c.judgement.verdict;
  if (checker === null) {
    if (schedule !== null) return { cause: 'schedule', next: null, schedule };
    return verdict === 'needs-more-steps' || m.steps === 0 ? { cause: 'step-limit', next: null } : { cause: 'lr-too-small', next: null, ruleOfThumb: null };
  }
  if (m.steps === 0) {
    // A step limit of 0: the default step limit, or longer.
    const run = withStepLimit(settings, DEFAULT_MAX_STEPS);
    const first = yield* checker.run(run);
    return { cause: 'step-limit', next: suggestionOf(c, first !== null && first.convergedAt !== null ? first : yield* searchStepLimit(checker, run)) };
  }

  const search = yield* searchLearningRate(checker, settings, 'up', stableFor(c), c.current);
  const ruleOfThumb = ruleOfThumbOf(search, 10);
  const next = search.best ?? (yield* longerOrAnother(c, search, c.current));
  if (checker.runs.some((run) => run.divergence === 'unbounded-below') && next === null) return { cause: 'no-minimum', next: null };
  const suggestion = suggestionOf(c, next);
  if (schedule !== null) return { cause: 'schedule', next: suggestion, schedule };
  if (next === null) return verdict === 'needs-more-steps' ? { cause: 'step-limit', next: null } : { cause: 'lr-too-small', next: null, ruleOfThumb };
  if (next.settings.optimizer.kind !== settings.optimizer.kind) {
    const { smallestPositive, largest } = m.curvature;
    if (smallestPositive !== null && largest >= ILL_CONDITIONED_RATIO * smallestPositive) {
      return { cause: 'ill-conditioned', next: suggestion, curvatures: { smallest: smallestPositive, largest } };
    }
  }
  const η = steeringLearningRate(settings);
  if (learningRateOf(next) === η && next.settings.optimizer.kind === settings.optimizer.kind) return { cause: 'step-limit', next: suggestion };
  if (onPlateau(m, next)) {
    return { cause: 'plateau', next: suggestion, ruleOfThumb, gradientNorm: { atStart: m.startGradientNorm, beyond: next.largestGradientNorm } };
  }
  return { cause: 'lr-too-small', next: suggestion, ruleOfThumb };
}

/** Why a slow run under a schedule stopped short, when the schedule is the reason; else null. */
function scheduleReason(c: Context): ScheduleReason | null {
  const { m, settings } = c;
  if (settings.schedule.kind === 'constant' || m.steps === 0) return null;
  const { final, largest } = m.learningRates;
  if (moreStepsNeeded(m, settings) === Number.POSITIVE_INFINITY) return { kind: 'exhausted', finalLearningRate: final, largestLearningRate: largest };
  if (final <= ANNEALED_SHARE * largest) return { kind: 'annealed', finalLearningRate: final, largestLearningRate: largest };
  return null;
}

/**
 * The optimizers worth trying when no η of the run's own gets there: heavy-ball momentum and Adam, with their
 * defaults, and where the curvatures met differ enough that β = 0.9 is too light a ball (a condition number κ
 * beyond about 400), momentum with the β that suits κ, ((√κ − 1)/(√κ + 1))², rounded down to a round value. Which
 * of them gets there, and at which η, the checks decide. The run's own optimizer is left out.
 */
function alternativeOptimizers(c: Context): OptimizerSettings[] {
  const own = c.settings.optimizer;
  // The run's framework's own defaults (Keras' Adam has ε = 1e-7): the run it suggests is one that framework makes.
  const framework = frameworkOf(c.settings);
  const candidates: OptimizerSettings[] = [defaultOptimizerSettings('momentum', framework), defaultOptimizerSettings('adam', framework)];
  const { smallestPositive, largest } = c.m.curvature;
  if (smallestPositive !== null && largest > smallestPositive) {
    const root = Math.sqrt(largest / smallestPositive);
    const suited = ((root - 1) / (root + 1)) ** 2;
    const β = HEAVIER_MOMENTA.filter((value) => value <= suited).pop();
    if (β !== undefined) candidates.splice(1, 0, { ...defaultOptimizerSettings('momentum', framework), momentum: β });
  }
  return candidates.filter((candidate) => JSON.stringify(candidate) !== JSON.stringify(own));
}

/** The round values of β beyond the default 0.9 that a narrow valley may call for. */
const HEAVIER_MOMENTA = [0.95, 0.99, 0.995, 0.999] as const;

// ─── Shared ──────────────────────────────────────────────────────────────────────────────────────

/**
 * Which checked runs count as stable: neither diverged nor bouncing for ever. Momentum's bouncing is the exception:
 * the heavy ball carries the steps past the minimum at almost any η and still rolls to the bottom, so a momentum run
 * that bounces is stable while it settles or is still descending (its loss below the start's, its gradient falling
 * over the last part of the run). A schedule that warms up to a peak at or past the critical η met is not stable,
 * even if the run got there before the peak: a longer run reaches it (see warmupReason).
 */
function stableFor(c: Context): Stable {
  const largest = c.m.curvature.largest;
  return (run) => {
    const kind = run.settings.schedule.kind;
    const critical = kind === 'warmup-cosine' || kind === 'onecycle' ? criticalLearningRateFor(run.settings.optimizer, largest) : null;
    if (critical !== null && learningRateOf(run) >= critical) return false;
    switch (run.verdict) {
      case 'converged':
      case 'needs-more-steps':
      case 'too-slow':
        return true;
      case 'oscillating':
        return momentumOf(run.settings.optimizer) > 0 && (run.convergedAt !== null || (run.finalLoss < c.m.startLoss && run.projectedSteps !== null));
      default:
        return false;
    }
  };
}

/** The diagnosed run as a checked run. */
function currentRun(m: RunMeasures, judgement: Judgement, settings: RunSettings): CheckedRun {
  return {
    verdict: judgement.verdict,
    convergedAt: judgement.convergedAt,
    steps: m.steps,
    finalLoss: m.finalLoss,
    settings,
    start: m.start,
    end: m.end,
    startGradientNorm: m.startGradientNorm,
    finalGradientNorm: m.finalGradientNorm,
    largestGradientNorm: m.largestGradientNorm,
    endEigenvalues: m.curvature.atEnd,
    divergence: m.divergence?.kind ?? null,
    projectedSteps: judgement.convergedAt ?? projected(moreStepsNeeded(m, settings), m.steps),
  };
}

function ruleOfThumbOf(search: LearningRateSearch, factor: 10 | 0.1): RuleOfThumb | null {
  const run = search.ruleOfThumb;
  return run === null ? null : { factor, learningRate: learningRateOf(run), check: checkOf(run) };
}

/** The change from the diagnosed run to `run`, and what running it gave; null for none or for the run itself. */
function suggestionOf(c: Context, run: CheckedRun | null): Suggestion | null {
  if (run === null || run === c.current) return null;
  const { settings } = c;
  const change: { -readonly [K in keyof Change]: Change[K] } = {};
  if (learningRateOf(run) !== steeringLearningRate(settings)) change.learningRate = learningRateOf(run);
  if (run.settings.maxSteps !== settings.maxSteps) change.maxSteps = run.settings.maxSteps;
  if (JSON.stringify(run.settings.optimizer) !== JSON.stringify(settings.optimizer)) change.optimizer = run.settings.optimizer;
  if (run.start.some((value, i) => value !== c.m.start[i])) change.start = run.start;
  if (Object.keys(change).length === 0) return null;
  return { change, settings: run.settings, start: run.start, check: checkOf(run) };
}

function checksDone(checker: Checker | null): ChecksDone {
  if (checker === null) return { status: 'skipped', tried: [], updates: 0 };
  return {
    status: checker.ranOut ? 'incomplete' : 'done',
    tried: checker.runs.map((run) => ({
      learningRate: learningRateOf(run),
      optimizer: run.settings.optimizer.kind,
      maxSteps: run.settings.maxSteps,
      otherStart: run.start.some((value, i) => value !== checker.start[i]),
      check: checkOf(run),
    })),
    updates: checker.updates,
  };
}


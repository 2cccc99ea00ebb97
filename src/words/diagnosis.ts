/**
 * The one renderer of a diagnosis into words, for every surface: the CLI prints them, the extension host sends them
 * to the panel, the export saves them. A headline, the advice (what happened, why, what to change and what that
 * change did when it was run), the rule of thumb the panel teaches with what it did when it was run, the
 * recommendation as a one-click action, and the facts behind it. Every number here comes from the diagnosis; every
 * number about another setting is one a run gave. Runtime strings go through @vscode/l10n (English only for now).
 */
import { t } from '@vscode/l10n';
import type { Change, Check, Diagnosis, RuleOfThumb, Suggestion, Tried } from '../core/optim/diagnosis';
import { defaultOptimizerSettings } from '../core/optim/optimizers';
import { momentumOf, ownPeak, steeringLearningRate } from '../core/optim/steering';
import type { OptimizerKind, OptimizerSettings, RunSettings, StationaryPointKind } from '../core/optim/types';
import { OPTIMIZER_LABELS } from '../shared/labels';
import { describeCritical } from './critical';
import { formatCount, formatNumber, formatPoint } from './format';
import { changeWords, noiseHeadline, noiseRuleOfThumb, noiseWhy } from './noise';

export interface DiagnosisWords {
  /** One line: "Converged at step 24", "Diverged at step 1: the loss grew every step". */
  readonly headline: string;
  /** What happened, why, and what to change (with what running the change gave). */
  readonly advice: string;
  /** The rule of thumb ("a flat curve → η × 10") and what running it gave; null where it has nothing to say. */
  readonly ruleOfThumb: string | null;
  /** The recommendation as one click, "Use η = 0.3: converges in 16 steps"; null when there is nothing to change. */
  readonly action: string | null;
}

/** A fact behind the advice: "Critical η" — "2/L = 1 (L = 2, the largest curvature met along the path)". */
export interface Fact {
  readonly term: string;
  readonly value: string;
}

/** Words for `d`, the diagnosis of a run of `settings` over `variables`. */
export function describeDiagnosis(d: Diagnosis, settings: RunSettings, variables: readonly string[]): DiagnosisWords {
  const words = new Words(d, settings, variables);
  return { headline: words.headline(), advice: words.advice(), ruleOfThumb: words.ruleOfThumb(), action: words.action() };
}

/**
 * Words for `d` while the checks its advice comes from are still running (the editor shows the run at once and the
 * checked advice when they finish): the headline, which never depends on them, and no advice, rule of thumb or
 * action yet — what was not checked is not said.
 */
export function describeDiagnosisBeforeChecks(d: Diagnosis, settings: RunSettings, variables: readonly string[]): DiagnosisWords {
  return { headline: new Words(d, settings, variables).headline(), advice: checkingAdvice(), ruleOfThumb: null, action: null };
}

/** The advice while the checks run. */
export function checkingAdvice(): string {
  return t('Checking what to change, by running it…');
}

/** The facts behind the advice: the critical η met and at the start, a lower minimum, what the checks ran. */
export function describeFacts(d: Diagnosis, settings: RunSettings, variables: readonly string[]): Fact[] {
  const facts: Fact[] = [{ term: t('Critical η'), value: criticalFact(d, settings) }];
  if (d.cause === 'local-minimum') {
    facts.push({ term: t('Lower minimum'), value: t('loss {loss} at {point}', { loss: formatNumber(d.lower.loss, 4), point: formatPoint(variables, d.lower.point) }) });
  }
  if (d.noise !== null) {
    facts.push({
      term: t('Best value'),
      value: t('{best} (Newton’s method on all the data); the run settled at {floor}, the tolerance is {tolerance}', {
        best: formatNumber(d.noise.bestLoss, 4),
        floor: formatNumber(d.noise.floor, 4),
        tolerance: formatNumber(d.noise.tolerance, 3),
      }),
    });
  }
  const checked = checkedFact(d.checks.tried);
  if (checked !== null) facts.push({ term: t('Checked'), value: checked });
  return facts;
}

/**
 * The critical η as a fact: from the curvature met along the path, with L, the start's when it differs, and where η
 * stands: "2/L = 1 (L = 2, the largest curvature met along the path); η is 0.2× this".
 */
export function criticalFact(d: Diagnosis, settings: RunSettings): string {
  const met = describeCritical(settings.optimizer, d.criticalLearningRate);
  const L = formatNumber(d.curvature.met, 4);
  if (met.formula === null) {
    return d.criticalLearningRate === null && met.reason !== '' ? `${met.value}: ${met.reason}` : met.value;
  }
  const parts = [t('{value} (L = {L}, the largest curvature met along the path)', { value: met.value, L })];
  const atStart = describeCritical(settings.optimizer, d.criticalLearningRateAtStart);
  if (d.criticalLearningRateAtStart !== d.criticalLearningRate) parts.push(t('at the start {value}', { value: atStart.value }));
  parts.push(t('η is {ratio}× this', { ratio: formatNumber(steeringLearningRate(settings) / d.criticalLearningRate!) }));
  return parts.join('; ');
}

/**
 * "9 runs: η × 10 = 0.1 converged at step 66 · η = 1 bounced · … and 4 from other starts" (the runs from the run's
 * own start named, at most CHECKED_SHOWN of them; the ones from other starts, which look for a lower minimum and
 * test that a fast setting is no fluke, counted).
 */
function checkedFact(tried: readonly Tried[]): string | null {
  if (tried.length === 0) return null;
  const own = tried.filter((run) => !run.otherStart);
  const first = own[0] ?? tried[0]!;
  const shown = own.slice(0, CHECKED_SHOWN).map((run) => {
    const optimizer = run.optimizer === first.optimizer ? '' : `${optimizerName(run.optimizer)} `;
    const limit = run.maxSteps === first.maxSteps ? '' : ` (${steps(run.maxSteps)})`;
    return `${optimizer}η = ${formatNumber(run.learningRate)}${limit}: ${pastOutcome(run.check)}`;
  });
  if (own.length > CHECKED_SHOWN) shown.push(t('…'));
  const others = tried.length - own.length;
  if (others > 0) shown.push(others === 1 ? t('1 from another start') : t('{count} from other starts', { count: formatCount(others) }));
  return `${tried.length === 1 ? t('1 run') : t('{count} runs', { count: formatCount(tried.length) })}: ${shown.join(' · ')}`;
}

const CHECKED_SHOWN = 8;

class Words {
  constructor(
    private readonly d: Diagnosis,
    private readonly settings: RunSettings,
    private readonly variables: readonly string[],
  ) {}

  // ─── Headline ──────────────────────────────────────────────────────────────────────────────────

  headline(): string {
    const d = this.d;
    // A minibatch run is judged on all the data, in words of its own.
    const noisy = d.noise === null ? null : noiseHeadline(d, d.noise, this.settings);
    if (noisy !== null) return noisy;
    switch (d.verdict) {
      case 'converged':
        return d.cause === 'saddle'
          ? t('Converged at step {step}, on a saddle point', { step: formatCount(d.convergedAt!) })
          : t('Converged at step {step}', { step: formatCount(d.convergedAt ?? d.steps) });
      case 'needs-more-steps':
        if (d.steps === 0) return t('No updates: the step limit is 0');
        return d.stop === 'cancelled'
          ? t('Cancelled at step {step}, still descending', { step: formatCount(d.steps) })
          : t('Still descending at the step limit ({steps})', { steps: formatCount(d.steps) });
      case 'too-slow':
        return t('Too slow: not converged after {steps}', { steps: steps(d.steps) });
      case 'oscillating':
        return d.convergedAt !== null
          ? t('Oscillating, but converged at step {step}', { step: formatCount(d.convergedAt) })
          : t('Oscillating: {evidence}', { evidence: this.bouncingEvidence() });
      case 'diverged':
        return this.divergedHeadline();
      case 'stationary':
        return STATIONARY[d.cause === 'stationary-start' ? d.point : 'degenerate'].headline();
    }
  }

  private divergedHeadline(): string {
    const d = this.d;
    const at = formatCount(d.divergedAt ?? 1);
    if (d.cause === 'no-minimum') return t('Diverged: the loss falls without bound');
    switch (d.divergence) {
      case 'params-exploded':
        return t('Diverged at step {step}: the parameters ran off', { step: at });
      case 'non-finite':
        return t('Diverged at step {step}: the loss overflowed', { step: at });
      default: {
        const everyStep = d.overshootSteps.length >= d.steps - (d.divergedAt ?? 1) + 1 && d.overshootSteps[0] === d.divergedAt;
        return everyStep ? t('Diverged at step {step}: the loss grew every step', { step: at }) : t('Diverged at step {step}: the loss grew far above its start', { step: at });
      }
    }
  }

  /** "the update reversed direction on 65 of 65 steps", or "the loss went up on 137 of 284 steps". */
  private bouncingEvidence(): string {
    const d = this.d;
    const judged = d.convergedAt ?? d.steps;
    return d.directionFlips >= d.overshootSteps.length
      ? t('the update reversed direction on {count} of {steps}', { count: formatCount(d.directionFlips), steps: steps(Math.max(judged - 1, 1)) })
      : t('the loss went up on {count} of {steps}', { count: formatCount(d.overshootSteps.length), steps: steps(judged) });
  }

  // ─── Advice ────────────────────────────────────────────────────────────────────────────────────

  advice(): string {
    const words = this.why();
    const next = this.d.next;
    if (next !== null) words.push(this.suggestionSentence(next));
    else if (this.d.checks.status === 'incomplete' && this.d.cause !== 'fine') {
      words.push(t('(The checks stopped before finding what to change: no number is claimed.)'));
    }
    return words.join(' ');
  }

  /** What happened and why, by cause. */
  private why(): string[] {
    const d = this.d;
    const noisy = d.noise === null ? null : noiseWhy(d, d.noise, this.settings);
    if (noisy !== null) return noisy;
    const η = this.named(steeringLearningRate(this.settings));
    switch (d.cause) {
      case 'fine':
        if (d.verdict === 'oscillating') {
          return [t('Each update overshot and bounced back ({evidence}), but the bouncing settled, and no smaller η checked settles sooner: {η} is fine.', { evidence: this.bouncingEvidence(), η })];
        }
        return [t('The loss fell smoothly until the gradient was within the tolerance ({tolerance}): {η} is about right.', { tolerance: formatNumber(d.tolerance), η })];
      case 'lr-too-small':
        return [this.slowly(η), ...this.noneWithin(d.next)];
      case 'plateau':
        return [
          t('The run started on a plateau: the gradient there is only {gradient}, so small steps barely move it, and {η} is too small to cross it.', {
            gradient: formatNumber(d.gradientNorm.atStart),
            η,
          }),
          ...this.noneWithin(d.next),
        ];
      case 'lr-too-large':
        return [this.overshoots(η), ...this.critical(), ...this.noneBelow(d.next)];
      case 'step-limit':
        if (d.steps === 0) return [t('Raise the step limit to let gradient descent move.')];
        return d.stop === 'cancelled'
          ? [t('The loss was falling steadily when the run was cancelled: {η} is fine. Let it run to the end.', { η })]
          : [t('The loss was still falling when the run ran out of steps, and no larger η checked gets there sooner: {η} is fine; the run needs more steps.', { η })];
      case 'ill-conditioned':
        return [
          t('The valley is ill-conditioned: the curvatures met range from {smallest} to {largest}, so η is capped by the steepest direction ({critical}) and {optimizer} crawls along the flattest.', {
            smallest: formatNumber(d.curvatures.smallest),
            largest: formatNumber(d.curvatures.largest),
            critical: describeCritical(this.settings.optimizer, d.criticalLearningRate).phrase || t('no larger η is stable'),
            optimizer: this.optimizerInSentence(),
          }),
          t('No η of {optimizer} checked gets there within {steps}.', { optimizer: this.optimizerInSentence(), steps: steps(this.settings.maxSteps) }),
        ];
      case 'momentum-bounce':
        return [
          t('The bouncing is momentum (β = {beta}) carrying the steps past the minimum and back ({evidence}), and no smaller η checked settles sooner: {η} is fine. For a smoother curve, lower the momentum.', {
            beta: formatNumber(d.momentum),
            evidence: this.bouncingEvidence(),
            η,
          }),
        ];
      case 'schedule':
        return this.scheduleWhy(η);
      case 'no-minimum':
        return [
          t('The loss keeps falling while the parameters run away: this formula has no minimum in the direction the run went, so no learning rate can converge. Check the formula (a missing square?), bound it with a term such as 0.01*x^2, or start where a minimum is within reach.'),
        ];
      case 'local-minimum':
        return [
          t('It converged, but to a local minimum (loss {loss}): a run from another start found a lower one, loss {lower} at {point}.', {
            loss: formatNumber(d.finalLoss, 4),
            lower: formatNumber(d.lower.loss, 4),
            point: formatPoint(this.variables, d.lower.point),
          }),
        ];
      case 'saddle':
        return [
          t('The loss fell until the gradient was within the tolerance, but it came to rest on a saddle point, not a minimum: the gradient vanishes there, yet the loss still falls in some direction. Start from a slightly different point and it will slide off.'),
        ];
      case 'stationary-start':
        return [STATIONARY[d.point].advice()];
      case 'noise-floor':
      case 'lr-too-large-for-batch':
        // Only a minibatch run has these causes, and noiseWhy words them.
        return [];
    }
  }

  /** "The loss fell smoothly, but slowly: η = 0.01 is too small." and its kin, by verdict. */
  private slowly(η: string): string {
    switch (this.d.verdict) {
      case 'converged':
        return t('The loss fell smoothly, but slowly: {η} is too small.', { η });
      case 'needs-more-steps':
        return t('The loss was still falling when the run ran out of steps, and a larger η gets there sooner: {η} is too small.', { η });
      default:
        return t('The loss is falling too slowly to converge: {η} is too small.', { η });
    }
  }

  /** "Each update overshoots the minimum …: η = 2 is too large." by verdict and divergence. */
  private overshoots(η: string): string {
    const d = this.d;
    if (d.verdict === 'oscillating') {
      return d.convergedAt !== null
        ? t('Each update overshoots the minimum and bounces back ({evidence}); it settled at step {step}, but {η} is on the large side.', {
            evidence: this.bouncingEvidence(),
            step: formatCount(d.convergedAt),
            η,
          })
        : t('The loss bounces instead of settling: {η} is too large.', { η });
    }
    switch (d.divergence) {
      case 'params-exploded':
        return t('The parameters grew far beyond the start without the loss settling: {η} is too large.', { η });
      case 'non-finite':
        return t('Each update overshot by more than it corrected, until the numbers overflowed at step {step}: {η} is too large.', { step: formatCount(d.divergedAt ?? 1), η });
      default:
        return t('Each update overshoots the minimum by more than it corrects, so the steps spiral outward and the loss grows: {η} is too large.', { η });
    }
  }

  /** Where the steering η stands against the critical η met, when at or above it. */
  private critical(): string[] {
    const d = this.d;
    const critical = d.criticalLearningRate;
    const steering = steeringLearningRate(this.settings);
    if (critical === null || steering < critical) return [];
    const phrase = describeCritical(this.settings.optimizer, critical).phrase;
    return [steering > critical ? t('It is above {critical} (L = {L}, the largest curvature met).', { critical: phrase, L: formatNumber(d.curvature.met) }) : t('It is exactly {critical}.', { critical: phrase })];
  }

  /** When no change of η was found: why not. */
  private noneWithin(next: Suggestion | null): string[] {
    if (next === null) {
      return this.d.checks.status === 'done' ? [t('No larger η checked got there within {steps}, nor a longer run, nor another optimizer.', { steps: steps(this.settings.maxSteps) })] : [];
    }
    if (next.change.optimizer !== undefined) {
      return [t('No η of {optimizer} checked gets there within {steps}.', { optimizer: this.optimizerInSentence(), steps: steps(this.settings.maxSteps) })];
    }
    return [];
  }

  private noneBelow(next: Suggestion | null): string[] {
    if (next === null && this.d.checks.status === 'done') return [t('No smaller η checked got there within {steps}, nor a longer run.', { steps: steps(this.settings.maxSteps) })];
    return [];
  }

  private scheduleWhy(η: string): string[] {
    const d = this.d;
    if (d.cause !== 'schedule') return [];
    const name = scheduleName(this.settings);
    const reason = d.schedule;
    switch (reason.kind) {
      case 'annealed':
        return [
          t('The {schedule} had brought η down to {final} by the end (from {largest}): the loss stopped falling because η did, not because {η} is wrong.', {
            schedule: name,
            final: formatNumber(reason.finalLearningRate),
            largest: formatNumber(reason.largestLearningRate),
            η,
          }),
        ];
      case 'exhausted':
        return [
          t('The {schedule} had brought η down to {final} by the end (from {largest}), and all the η it has left adds up to too little to get there at the recent pace. Raise η, or make the decay gentler.', {
            schedule: name,
            final: formatNumber(reason.finalLearningRate),
            largest: formatNumber(reason.largestLearningRate),
          }),
        ];
      case 'warmup':
        return [
          t('It converged during the {schedule}’s warmup, at η up to {largest}: the peak η = {peak} was never reached.', {
            schedule: name,
            largest: formatNumber(reason.largestLearningRate),
            peak: formatNumber(reason.peakLearningRate),
          }),
          t('That peak is at or above {critical}: a longer run would reach it, where the steps overshoot, so keep the peak below it.', {
            critical: describeCritical(this.settings.optimizer, d.criticalLearningRate).phrase,
          }),
        ];
    }
  }

  // ─── The change and the rule of thumb ──────────────────────────────────────────────────────────

  /** "With η = 0.5 it converges at step 1." */
  private suggestionSentence(next: Suggestion): string {
    if (this.d.cause === 'local-minimum') {
      return next.change.start !== undefined
        ? t('Starting from {point} gets there: it converges at step {step}.', { point: formatPoint(this.variables, next.change.start), step: formatCount(next.check.convergedAt ?? next.check.steps) })
        : t('A larger η carries the run over the ridge: with {change} it converges there at step {step}.', { change: this.changeText(next.change), step: formatCount(next.check.convergedAt ?? next.check.steps) });
    }
    return t('With {change} it {outcome}.', { change: this.changeText(next.change), outcome: outcome(next.check) });
  }

  ruleOfThumb(): string | null {
    const d = this.d;
    switch (d.cause) {
      case 'fine':
        return d.ruleOfThumb !== null && d.verdict === 'converged'
          ? t('Rule of thumb: drops quickly, then levels off → keep η. Checked: {what} {outcome}.', { what: this.ruleName(d.ruleOfThumb), outcome: outcome(d.ruleOfThumb.check) })
          : t('Rule of thumb: drops quickly, then levels off → keep η.');
      case 'lr-too-small':
      case 'plateau':
        return d.ruleOfThumb === null
          ? t('Rule of thumb: a flat curve → η × 10.')
          : t('Rule of thumb: a flat curve → η × 10. Checked: {what} {outcome}.', { what: this.ruleName(d.ruleOfThumb), outcome: outcome(d.ruleOfThumb.check) });
      case 'lr-too-large':
        return d.ruleOfThumb === null
          ? t('Rule of thumb: bouncing or growing → η ÷ 10.')
          : t('Rule of thumb: bouncing or growing → η ÷ 10. Checked: {what} {outcome}.', { what: this.ruleName(d.ruleOfThumb), outcome: outcome(d.ruleOfThumb.check) });
      case 'step-limit':
        return t('Rule of thumb: still falling steadily at the step limit → more steps, not a larger η.');
      case 'momentum-bounce':
        return t('Rule of thumb: bouncing → η ÷ 10; but momentum bounces at almost any η, and here a smaller η settles no sooner.');
      default:
        return noiseRuleOfThumb(d);
    }
  }

  /** "η × 10 = 0.1", "the peak ÷ 10 = 5". */
  private ruleName(rule: RuleOfThumb): string {
    const what = ownPeak(this.settings) === null ? 'η' : t('the peak');
    return `${what} ${rule.factor === 10 ? '× 10' : '÷ 10'} = ${formatNumber(rule.learningRate)}`;
  }

  action(): string | null {
    const next = this.d.next;
    if (next === null || next.check.convergedAt === null) return null;
    const result = next.check.convergedAt === 1 ? t('converges in 1 step') : t('converges in {count} steps', { count: formatCount(next.check.convergedAt) });
    if (next.change.start !== undefined && Object.keys(next.change).length === 1) {
      return t('Start from {point}: {result}', { point: formatPoint(this.variables, next.change.start), result });
    }
    return t('Use {change}: {result}', { change: this.changeText(next.change), result });
  }

  /** "η = 0.5", "a step limit of 1,500", "Adam at η = 2", "η = 0.1 and a step limit of 7,000". */
  private changeText(change: Change): string {
    const parts: string[] = [];
    const learningRate = change.learningRate ?? steeringLearningRate(this.settings);
    if (change.optimizer !== undefined) parts.push(t('{optimizer} at {η}', { optimizer: optimizerWithSettings(change.optimizer), η: this.named(learningRate) }));
    else if (change.learningRate !== undefined) parts.push(this.named(change.learningRate));
    if (change.maxSteps !== undefined) parts.push(t('a step limit of {count}', { count: formatCount(change.maxSteps) }));
    if (change.start !== undefined) parts.push(t('the start {point}', { point: formatPoint(this.variables, change.start) }));
    const minibatch = changeWords(change, this.d.noise?.rows ?? Number.POSITIVE_INFINITY);
    if (minibatch !== null) parts.push(minibatch);
    return parts.join(t(' and '));
  }

  /** "η = 0.05", or for a one-cycle schedule with its own peak "the one-cycle peak η = 0.05". */
  private named(value: number): string {
    return ownPeak(this.settings) === null ? `η = ${formatNumber(value)}` : t('the one-cycle peak η = {value}', { value: formatNumber(value) });
  }

  private optimizerInSentence(): string {
    return this.settings.optimizer.kind === 'gd' ? t('plain gradient descent') : optimizerName(this.settings.optimizer.kind);
  }
}

/** What a checked setting does: "converges at step 16", "bounces without settling". */
export function outcome(check: Check): string {
  if (check.convergedAt !== null) {
    return check.verdict === 'oscillating'
      ? t('bounces, then converges at step {step}', { step: formatCount(check.convergedAt) })
      : t('converges at step {step}', { step: formatCount(check.convergedAt) });
  }
  switch (check.verdict) {
    case 'needs-more-steps':
      return t('is still descending after {steps}', { steps: steps(check.steps) });
    case 'too-slow':
      return t('is still too slow after {steps}', { steps: steps(check.steps) });
    case 'oscillating':
      return t('bounces without settling');
    case 'diverged':
      return t('diverges');
    default:
      return t('does not move');
  }
}

/** The same in the past, for the list of runs made: "converged at step 16", "diverged". */
function pastOutcome(check: Check): string {
  if (check.convergedAt !== null) {
    return check.verdict === 'oscillating'
      ? t('bounced, converged at step {step}', { step: formatCount(check.convergedAt) })
      : t('converged at step {step}', { step: formatCount(check.convergedAt) });
  }
  switch (check.verdict) {
    case 'needs-more-steps':
      return t('still descending');
    case 'too-slow':
      return t('too slow');
    case 'oscillating':
      return t('bounced');
    case 'diverged':
      return t('diverged');
    default:
      return t('did not move');
  }
}

/** "1 step", "1,000 steps". */
export function steps(n: number): string {
  return Math.round(n) === 1 ? t('1 step') : t('{count} steps', { count: formatCount(n) });
}

function optimizerName(kind: OptimizerKind): string {
  return OPTIMIZER_LABELS[kind] ?? kind;
}

/** "Adam", or "Momentum (β = 0.99)" where β is not the optimizer's default. */
function optimizerWithSettings(optimizer: OptimizerSettings): string {
  const β = momentumOf(optimizer);
  return β !== momentumOf(defaultOptimizerSettings(optimizer.kind)) ? t('{optimizer} (β = {beta})', { optimizer: optimizerName(optimizer.kind), beta: formatNumber(β) }) : optimizerName(optimizer.kind);
}

function scheduleName(settings: RunSettings): string {
  switch (settings.schedule.kind) {
    case 'step':
      return t('step-decay schedule');
    case 'exponential':
      return t('exponential schedule');
    case 'cosine':
      return t('cosine schedule');
    case 'warmup-cosine':
      return t('warmup + cosine schedule');
    case 'onecycle':
      return t('one-cycle schedule');
    default:
      return t('schedule');
  }
}

const STATIONARY: Readonly<Record<StationaryPointKind, { headline: () => string; advice: () => string }>> = {
  minimum: {
    headline: () => t('Already at a minimum: the gradient is zero at the start'),
    advice: () => t('The start is a minimum, so there is nothing to descend. Move the start point away from it to watch gradient descent find it.'),
  },
  maximum: {
    headline: () => t('Stuck on a maximum: the gradient is zero at the start'),
    advice: () => t('The start is a maximum: the gradient is zero, so gradient descent cannot move, though any nudge would roll downhill. Change the start point.'),
  },
  saddle: {
    headline: () => t('Stuck on a saddle point: the gradient is zero at the start'),
    advice: () => t('The start is a saddle point: the loss falls in some directions, but the gradient is exactly zero, so gradient descent cannot move. Change the start point slightly and it will slide off.'),
  },
  degenerate: {
    headline: () => t('Stuck: the gradient is zero at the start'),
    advice: () => t('The gradient is zero at the start and the curvature is flat in some direction, so it may be a minimum, a saddle or a plateau. Gradient descent cannot move from here; change the start point.'),
  },
};


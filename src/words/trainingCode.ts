/**
 * The training-code reader's findings in words, one wording per idea for every surface (the CLI, the editor's lenses,
 * hovers and questions): why a value is unknown, why an optimizer line cannot be simulated as written, whose
 * semantics a run follows. Runtime strings go through @vscode/l10n (English only for now).
 */
import { t } from '@vscode/l10n';
import type { Framework } from '../core/optim/types';
import type { FrameworkRule, OtherBinding, Refusal, UnknownArgument, UnknownReason, UnsupportedFeature } from '../core/training';
import { FRAMEWORK_LABELS } from '../shared/labels';

/** How a name is bound, when the reader does not follow it to a value. */
const BINDINGS: Readonly<Record<OtherBinding, () => string>> = {
  'augmented-assignment': () => t('an augmented assignment'),
  loop: () => t('a loop'),
  as: () => t('`as`'),
  walrus: () => t('a walrus (:=)'),
  def: () => t('a def'),
  class: () => t('a class'),
  'project-import': () => t('an import from this project'),
  unpacking: () => t('an unpacking assignment'),
  global: () => t('a global statement'),
  nonlocal: () => t('a nonlocal statement'),
};

/** "args.lr is only known when the script runs". */
export function unknownReasonText(reason: UnknownReason): string {
  switch (reason.why) {
    case 'not-constant':
      return t('{text} is only known when the script runs', { text: reason.text });
    case 'parameter':
      return reason.defaultValue === null
        ? t('{name} is a parameter of {function}()', { name: reason.name, function: reason.function })
        : t('{name} is a parameter of {function}() (its default is {value})', { name: reason.name, function: reason.function, value: String(reason.defaultValue) });
    case 'reassigned':
      return t('{name} is assigned more than once (lines {lines})', { name: reason.name, lines: reason.lines.join(', ') });
    case 'bound-otherwise':
      return t('{name} is set by {how} (line {line})', { name: reason.name, how: BINDINGS[reason.how](), line: reason.line });
    case 'imported':
      return t('{name} is imported from {module}', { name: reason.name, module: reason.from });
    case 'undefined':
      return t('{name} is not defined in this file', { name: reason.name });
    case 'required':
      return t('it is required and not given');
    case 'splat':
      return t('it may be in {text}', { text: reason.text });
    case 'arithmetic':
      return t('{text} cannot be computed (a division by zero)', { text: reason.text });
  }
}

/** "lr: args.lr is only known when the script runs". */
export function unknownArgumentText(unknown: UnknownArgument): string {
  return `${unknown.name}: ${unknownReasonText(unknown.reason)}`;
}

const FEATURES: Readonly<Record<UnsupportedFeature, () => string>> = {
  maximize: () => t('maximize=True ascends the loss'),
  'gradient-clipping': () => t('gradient clipping is not simulated'),
  'moving-average': () => t('the moving average of the weights (use_ema) is not simulated'),
  'loss-scaling': () => t('loss scaling is not simulated'),
  'gradient-accumulation': () => t('gradient accumulation is not simulated'),
  'weight-decay-mask': () => t('a weight-decay mask picks parameters the lab cannot see'),
  'scheduled-weight-decay': () => t('a scheduled weight decay is not simulated'),
  'resumed-scheduler': () => t('a scheduler resumed mid-way (last_epoch) is not simulated; the run starts at step 0'),
  'nesterov-adam': () => t('Nesterov Adam (nadam) is not simulated'),
  'bias-correction': () => t('RMSprop with bias correction is not simulated'),
  'accumulator-dtype': () => t('a momentum buffer in another precision is not simulated'),
};

const RULES: Readonly<Record<FrameworkRule, () => string>> = {
  'keras-float-learning-rate': () => t('Keras raises ValueError: learning_rate must be a float (write 1.0, not 1) or a schedule'),
  'keras-momentum-float': () => t('Keras raises ValueError: momentum must be a float in [0, 1] (write 0.0, not 0)'),
  'torch-nesterov-momentum': () => t('PyTorch raises ValueError: Nesterov momentum needs a momentum > 0 and zero dampening'),
  'out-of-range': () => t('the value is out of range'),
  'onecycle-length': () => t('OneCycleLR needs total_steps, or epochs and steps_per_epoch'),
  'onecycle-momentum': () => t('PyTorch raises ValueError: OneCycleLR cycles momentum by default and Adagrad has none (pass cycle_momentum=False)'),
  type: () => t('the value is not of a type it takes'),
};

/** One refusal as a sentence. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.why) {
    case 'unsupported-argument':
      return `${refusal.call}(${refusal.argument}=${refusal.value}): ${FEATURES[refusal.feature]()}`;
    case 'framework-refuses':
      return `${refusal.call}(${refusal.argument}=${refusal.value}): ${RULES[refusal.rule]()}`;
    case 'unexpected-argument':
      return t('{call} takes no {argument} (it would raise TypeError)', { call: refusal.call, argument: refusal.argument });
    case 'splat':
      return t('{call}({text}): arguments passed through {text} are only known when the script runs; write them out to simulate', {
        call: refusal.call,
        text: refusal.text,
      });
    case 'unsimulated-schedule':
      return t('{name} (line {line}) is not a schedule the lab simulates', { name: refusal.name, line: refusal.line });
    case 'several-schedulers':
      return t(
        'several schedulers are built on this optimizer (lines {lines}); which of them step depends on the training loop — combine them with SequentialLR to simulate',
        { lines: refusal.lines.join(', ') },
      );
    case 'chain-piece':
      return t('optax.chain(…, {name}, …): {name} is not simulated', { name: refusal.name });
    case 'chain-decay':
      return refusal.placement === 'after-optimizer'
        ? t('add_decayed_weights after the optimizer adds wd·θ to each step unscaled by η, pushing the weights away from zero; put it before the optimizer (or use adamw)')
        : refusal.placement === 'around-adamw'
          ? t('add_decayed_weights around adamw decays the weights twice; the lab simulates one or the other')
          : t('add_decayed_weights appears more than once in the chain');
    case 'chain-optimizers':
      return t('optax.chain holds {count} optimizers; the lab simulates a chain with one', { count: refusal.count });
    case 'unknown-schedule':
      return t('the learning rate {text} is a schedule the lab does not know', { text: refusal.text });
    case 'invalid-settings':
      return refusal.message;
  }
}

/** "PyTorch semantics", "Keras 3 semantics". */
export function semanticsText(framework: Framework): string {
  return t('{framework} semantics', { framework: FRAMEWORK_LABELS[framework] });
}

/** The hover over an optimizer's learning rate, as Markdown paragraphs (its command links are the caller's). */
export function learningRateHoverText(hover: {
  readonly call: string;
  readonly framework: Framework;
  /** The loss last simulated for this line, its critical η fact (criticalFact) and that run's η and headline; null before any. */
  readonly run: { readonly loss: string; readonly critical: string; readonly learningRate: string; readonly headline: string } | null;
  /** A Markdown link that simulates the line. */
  readonly simulate: string;
}): string[] {
  const title = `**Gradient Descent Lab** · ${hover.call}, ${semanticsText(hover.framework)}`;
  if (hover.run === null) return [title, t('[Simulate this optimizer]({link}) on a loss to see its critical η and what this η does there.', { link: hover.simulate })];
  const { loss, critical, learningRate, headline } = hover.run;
  return [
    title,
    t('On `{loss}`: critical η {critical}.', { loss, critical }),
    t('Last run at η = {learningRate}: **{headline}**.', { learningRate, headline }),
  ];
}

/**
 * The reader's findings in words, one wording per idea for every surface (the CLI, the editor's lenses, hovers and
 * questions): why a value is unknown, why an optimizer line cannot be simulated as written.
 */
import { FRAMEWORK_LABELS } from '../../shared/labels';
import type { Framework } from '../optim/types';
import type { UnknownReason } from './constants';
import type { UnsupportedFeature } from './signatures';
import type { FrameworkRule, Refusal, UnknownArgument } from './types';

/** "args.lr is set when the script runs". */
export function unknownReasonText(reason: UnknownReason): string {
  switch (reason.why) {
    case 'not-constant':
      return `${reason.text} is only known when the script runs`;
    case 'parameter':
      return `${reason.name} is a parameter of ${reason.function}()${reason.defaultValue === null ? '' : ` (its default is ${reason.defaultValue})`}`;
    case 'reassigned':
      return `${reason.name} is assigned more than once (lines ${reason.lines.join(', ')})`;
    case 'bound-otherwise':
      return `${reason.name} is set by ${reason.how} (line ${reason.line})`;
    case 'imported':
      return `${reason.name} is imported from ${reason.from}`;
    case 'undefined':
      return `${reason.name} is not defined in this file`;
    case 'required':
      return 'it is required and not given';
    case 'splat':
      return `it may be in ${reason.text}`;
    case 'arithmetic':
      return `${reason.text} cannot be computed (a division by zero)`;
  }
}

/** "lr: args.lr is only known when the script runs". */
export function unknownArgumentText(unknown: UnknownArgument): string {
  return `${unknown.name}: ${unknownReasonText(unknown.reason)}`;
}

const FEATURES: Readonly<Record<UnsupportedFeature, string>> = {
  maximize: 'maximize=True ascends the loss',
  'gradient-clipping': 'gradient clipping is not simulated',
  'moving-average': 'the moving average of the weights (use_ema) is not simulated',
  'loss-scaling': 'loss scaling is not simulated',
  'gradient-accumulation': 'gradient accumulation is not simulated',
  'weight-decay-mask': 'a weight-decay mask picks parameters the lab cannot see',
  'scheduled-weight-decay': 'a scheduled weight decay is not simulated',
  'resumed-scheduler': 'a scheduler resumed mid-way (last_epoch) is not simulated; the run starts at step 0',
  'nesterov-adam': 'Nesterov Adam (nadam) is not simulated',
  'bias-correction': 'RMSprop with bias correction is not simulated',
  'accumulator-dtype': 'a momentum buffer in another precision is not simulated',
};

const RULES: Readonly<Record<FrameworkRule, string>> = {
  'keras-float-learning-rate': 'Keras raises ValueError: learning_rate must be a float (write 1.0, not 1) or a schedule',
  'keras-momentum-float': 'Keras raises ValueError: momentum must be a float in [0, 1] (write 0.0, not 0)',
  'torch-nesterov-momentum': 'PyTorch raises ValueError: Nesterov momentum needs a momentum > 0 and zero dampening',
  'out-of-range': 'the value is out of range',
  'onecycle-length': 'OneCycleLR needs total_steps, or epochs and steps_per_epoch',
  'onecycle-momentum': 'PyTorch raises ValueError: OneCycleLR cycles momentum by default and Adagrad has none (pass cycle_momentum=False)',
  type: 'the value is not of a type it takes',
};

/** One refusal as a sentence. */
export function refusalText(refusal: Refusal): string {
  switch (refusal.why) {
    case 'unsupported-argument':
      return `${refusal.call}(${refusal.argument}=${refusal.value}): ${FEATURES[refusal.feature]}`;
    case 'framework-refuses':
      return `${refusal.call}(${refusal.argument}=${refusal.value}): ${RULES[refusal.rule]}`;
    case 'unexpected-argument':
      return `${refusal.call} takes no ${refusal.argument} (it would raise TypeError)`;
    case 'splat':
      return `${refusal.call}(${refusal.text}): arguments passed through ${refusal.text} are only known when the script runs; write them out to simulate`;
    case 'unsimulated-schedule':
      return `${refusal.name} (line ${refusal.line}) is not a schedule the lab simulates`;
    case 'several-schedulers':
      return `several schedulers are built on this optimizer (lines ${refusal.lines.join(', ')}); which of them step depends on the training loop — combine them with SequentialLR to simulate`;
    case 'chain-piece':
      return `optax.chain(…, ${refusal.name}, …): ${refusal.name} is not simulated`;
    case 'chain-decay':
      return refusal.placement === 'after-optimizer'
        ? 'add_decayed_weights after the optimizer adds wd·θ to each step unscaled by η, pushing the weights away from zero; put it before the optimizer (or use adamw)'
        : refusal.placement === 'around-adamw'
          ? 'add_decayed_weights around adamw decays the weights twice; the lab simulates one or the other'
          : 'add_decayed_weights appears more than once in the chain';
    case 'chain-optimizers':
      return `optax.chain holds ${refusal.count} optimizers; the lab simulates a chain with one`;
    case 'unknown-schedule':
      return `the learning rate ${refusal.text} is a schedule the lab does not know`;
    case 'invalid-settings':
      return refusal.message;
  }
}

/** "PyTorch semantics", "Keras 3 semantics". */
export function semanticsText(framework: Framework): string {
  return `${FRAMEWORK_LABELS[framework]} semantics`;
}

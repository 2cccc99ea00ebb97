/**
 * What the reader recognises in training code: each optimizer construction, its arguments as far as the file
 * says, the schedule that drives it, what is unknown (to be asked for) and what the simulation cannot reproduce.
 * Plain data with no words: src/core/training/words.ts words it for every surface.
 */
import type { Framework } from '../optim/types';
import type { PyValue, UnknownReason } from './constants';
import type { PyExpr, Span } from './pythonSyntax';
import type { LearningRateValue } from './learningRateInCode';
import type { ConstructorSignature, UnsupportedFeature } from './signatures';

/** One argument of a recognised call, defaults filled. */
export type ArgumentReading =
  /** A value read from the file (`expr` is where), or the framework's default (`expr` null). */
  | { readonly state: 'value'; readonly value: PyValue; readonly expr: PyExpr | null }
  /** A value the file does not fix; `expr` is null when a required argument is left out. */
  | { readonly state: 'unknown'; readonly reason: UnknownReason; readonly expr: PyExpr | null }
  /** A Keras or optax schedule passed as the learning rate. */
  | { readonly state: 'schedule'; readonly schedule: RecognisedSchedule; readonly expr: PyExpr };

/** A call to a constructor the reader knows, its arguments bound to the signature. */
export interface RecognisedCall {
  readonly signature: ConstructorSignature;
  readonly span: Span;
  /** 1-based line where the call starts. */
  readonly line: number;
  /** Every parameter of the signature (the leading `params` / `optimizer` aside), in order, as a Map. */
  readonly arguments: ReadonlyMap<string, ArgumentReading>;
  /** The call's argument list, for inserting an argument the code leaves out. */
  readonly argumentsSpan: Span;
  /** The scope the call is read in (names in its arguments resolve there). */
  readonly scope: number;
}

export interface RecognisedSchedule extends RecognisedCall {
  /** SequentialLR's schedulers, in order; empty for the others. */
  readonly children: readonly RecognisedSchedule[];
}

/** Why a recognised optimizer cannot be simulated as written. */
export type Refusal =
  /** An argument whose value turns on something the simulation does not model (gradient clipping, EMA, …). */
  | { readonly why: 'unsupported-argument'; readonly call: string; readonly argument: string; readonly value: string; readonly feature: UnsupportedFeature }
  /** A value the framework itself refuses (Keras' int learning_rate, torch's Nesterov without momentum, …). */
  | { readonly why: 'framework-refuses'; readonly call: string; readonly argument: string; readonly value: string; readonly rule: FrameworkRule }
  /** An argument the constructor does not take, or too many positional ones (the framework raises TypeError). */
  | { readonly why: 'unexpected-argument'; readonly call: string; readonly argument: string }
  /** `*args` / `**kwargs` in the call: arguments the reader cannot see. */
  | { readonly why: 'splat'; readonly call: string; readonly text: string }
  /** A scheduler or schedule of the framework that the lab does not simulate (ReduceLROnPlateau, …). */
  | { readonly why: 'unsimulated-schedule'; readonly name: string; readonly line: number }
  /** Several schedulers on one optimizer, not combined by SequentialLR: which ones step is up to the loop. */
  | { readonly why: 'several-schedulers'; readonly lines: readonly number[] }
  /** An optax.chain piece the lab does not simulate (clip_by_global_norm, scale_by_adam, …). */
  | { readonly why: 'chain-piece'; readonly name: string }
  /** optax.chain(…, add_decayed_weights) after the optimizer, or a second decay around adamw. */
  | { readonly why: 'chain-decay'; readonly placement: 'after-optimizer' | 'around-adamw' | 'repeated' }
  /** optax.chain with no optimizer in it, or more than one. */
  | { readonly why: 'chain-optimizers'; readonly count: number }
  /** A learning-rate schedule given as a function or object the reader does not know. */
  | { readonly why: 'unknown-schedule'; readonly text: string }
  /** Settings the optimizer core cannot run (its own check, in its own words). */
  | { readonly why: 'invalid-settings'; readonly message: string };

/** Rules by which a framework refuses arguments at construction. */
export type FrameworkRule =
  /** Keras: `learning_rate` must be a float or a schedule (base_optimizer.py:176-183). */
  | 'keras-float-learning-rate'
  /** Keras SGD: `momentum` must be a float in [0, 1] (sgd.py:71-72). */
  | 'keras-momentum-float'
  /** torch SGD: Nesterov momentum needs a momentum and zero dampening. */
  | 'torch-nesterov-momentum'
  /** A value out of the framework's range (negative learning rate, beta outside [0, 1), …). */
  | 'out-of-range'
  /** OneCycleLR: total_steps, or epochs and steps_per_epoch, must be given. */
  | 'onecycle-length'
  /** OneCycleLR's cycle_momentum on an optimizer without momentum or betas (Adagrad). */
  | 'onecycle-momentum'
  /** A value of the wrong type for the argument (a string where a number goes, …). */
  | 'type';

/** An optimizer construction in the file, with the schedule that drives it. */
export interface RecognisedOptimizer {
  /** 1-based line where the construction starts (of `optax.chain(…)` when the optimizer is chained). */
  readonly line: number;
  readonly span: Span;
  readonly framework: Framework;
  /** What the optimizer is assigned to (`opt`, `self.optimizer`), or null. */
  readonly variable: string | null;
  readonly optimizer: RecognisedCall;
  /** optax.chain's pieces in order, the optimizer among them ('optimizer'), or null when not chained. */
  readonly chain: readonly ChainPiece[] | null;
  /** The schedule that drives it: a PyTorch scheduler built on it later, or the Keras / optax schedule passed as its learning rate. */
  readonly schedule: RecognisedSchedule | null;
  /** Parameter names (as the code spells them) whose values the file does not fix: the optimizer's, then the schedule's. */
  readonly unknown: readonly UnknownArgument[];
  readonly refused: readonly Refusal[];
  /** Where the learning rate is written in the file, for "Use η = … in code" (empty when it is not). */
  readonly learningRate: readonly LearningRateValue[];
}

export type ChainPiece =
  | { readonly kind: 'optimizer' }
  | { readonly kind: 'add_decayed_weights'; readonly call: RecognisedCall }
  | { readonly kind: 'other'; readonly name: string };

export interface UnknownArgument {
  /** The parameter as the code spells it (`lr`, `max_lr`), qualified by its constructor (`OneCycleLR.max_lr`) only when two share the name. */
  readonly name: string;
  readonly call: string;
  readonly parameter: string;
  readonly reason: UnknownReason;
}

/**
 * Reading training code: the optimizer lines of PyTorch, Keras 3 and optax in a Python file, recognised from its
 * syntax tree (tree-sitter, never run), as RunSettings with each framework's semantics. Pure: the caller loads the
 * grammar's WASM files and hands over the source text.
 */
import type { Framework } from '../optim/types';
import { evaluate, qualifiedName, type PyValue } from './constants';
import type { PythonParser } from './pythonSyntax';
import { recogniseOptimizers } from './recognise';
import { CANDIDATE_NAMES, isKnownConstructor, unsimulatedConstructor } from './signatures';
import type { RecognisedOptimizer } from './types';

export interface TrainingCode {
  readonly optimizers: readonly RecognisedOptimizer[];
  /** Optimizers of these frameworks the lab does not simulate (torch.optim.NAdam, optax.lion, …). */
  readonly unsimulated: readonly { readonly line: number; readonly framework: Framework; readonly name: string }[];
  /** The file did not parse cleanly (it is being edited): what was read may be partial. */
  readonly hasErrors: boolean;
}

const NOTHING: TrainingCode = { optimizers: [], unsimulated: [], hasErrors: false };

/** Words without which a file constructs no optimizer of these frameworks: such files are not parsed at all. */
const FRAMEWORK_WORDS = /\b(torch|optim|keras|tensorflow|optax)\b/;

/** The optimizer constructions in Python `source`, in order. */
export function readTrainingCode(parser: PythonParser, source: string): TrainingCode {
  if (!FRAMEWORK_WORDS.test(source)) return NOTHING;
  return parser.read(
    source,
    (name) => CANDIDATE_NAMES.has(name),
    (module) => {
      const unsimulated: { line: number; framework: Framework; name: string }[] = [];
      for (const site of module.calls) {
        const qualified = qualifiedName(module, site.call.callee, site.scope, isKnownConstructor);
        const constructor = qualified === null ? undefined : unsimulatedConstructor(qualified);
        if (constructor?.role === 'optimizer') unsimulated.push({ line: site.call.span.line + 1, framework: constructor.framework, name: constructor.name });
      }
      return { optimizers: recogniseOptimizers(module), unsimulated, hasErrors: module.hasErrors };
    },
  );
}

/** The optimizer constructed on `line` (1-based): the one starting there, else the one whose call spans it. */
export function optimizerOnLine(code: TrainingCode, line: number): RecognisedOptimizer | undefined {
  return code.optimizers.find((o) => o.line === line) ?? code.optimizers.find((o) => o.span.line + 1 <= line && line <= o.span.endLine + 1);
}

export { loadPythonParser, type OtherBinding, type PythonGrammarFiles, type PythonParser } from './pythonSyntax';
export { pythonFloatText, pyValueText, pyValueToJson, type PyValue, type UnknownReason } from './constants';
export { naturalLength, runSettingsFromCode, type CodeSettings, type CodeSettingsOptions } from './settingsFromCode';
export { learningRateEdits, pythonNumberText, type CodeEdit, type LearningRateEdits, type LearningRateValue } from './learningRateInCode';
export type { ArgumentReading, FrameworkRule, RecognisedCall, RecognisedOptimizer, RecognisedSchedule, Refusal, UnknownArgument } from './types';
export type { UnsupportedFeature } from './signatures';
export { givenArguments, optimizerListing, type OptimizerListing } from './listing';

/**
 * A value typed for an unknown argument (`0.01`, `(0.9, 0.95)`, `True`), read by the same parser as Python source:
 * literals and arithmetic only, never run. Null when it is not a constant.
 */
export function readPythonLiteral(parser: PythonParser, text: string): PyValue | null {
  const name = '__gd_lab_answer__';
  return parser.read(`${name} = (${text})\n`, () => false, (module) => {
    const bindings = module.bindings.get(name);
    if (module.hasErrors || module.bindings.size !== 1 || bindings?.length !== 1 || bindings[0]!.kind !== 'assignment') return null;
    const evaluation = evaluate(module, bindings[0]!.value(), 0);
    return evaluation.ok ? evaluation.value : null;
  });
}

/**
 * The run settings as one compact toolbar that wraps: η (with ÷10 and ×10), optimizer, schedule, step limit, for a
 * loss over data the batch size, seed and shuffle, and
 * Re-run. Each change posts its intent at once; the host answers with a new run, which `show` writes back.
 *
 * Typed values are checked first: a value that is not a usable η or step count shows an inline error and posts
 * nothing. Enter in a field commits it, and when nothing changed it re-runs. A field shows its value to six
 * significant digits (0.00348637, not 0.0034863652276780842 after a click on a sweep point); committing the text
 * as shown changes nothing.
 */
import { OPTIMIZER_KINDS, SCHEDULE_KINDS, type OptimizerKind, type RunSettings, type ScheduleKind } from '../src/core/optim/types';
import { isChoosableSchedule } from '../src/core/optim/schedules';
import type { MinibatchView, WebviewMessage } from '../src/shared/protocol';
import { OPTIMIZER_LABELS, SCHEDULE_LABELS, SCHEDULE_SETTINGS_LABELS } from '../src/shared/labels';
import { h, uniqueId } from './dom';
import { editableNumber, parseBatchSize, parseLearningRate, parseMaxSteps, parseSeed, type Parsed } from './inputs';
import { createButton, createCheckbox, createDropdown, createTextField, type Button, type Checkbox, type Dropdown, type TextField } from './toolkit';

type Post = (message: WebviewMessage) => void;

/** The schedule dropdown's value for a schedule read from code. */
const FROM_CODE = 'from-code';

/** A text field whose committed value is a number, with a short visible label beside it and its inline error. */
class NumberField {
  readonly field: TextField;
  readonly label: HTMLElement;
  readonly error: HTMLElement;
  /** The text of the value the host last showed or that was last posted: committing that text changes nothing. */
  private committedText: string | null = null;

  constructor(
    shortLabel: string,
    name: string,
    size: number,
    private readonly parse: (text: string) => Parsed,
    private readonly onCommit: (value: number) => void,
    private readonly onUnchangedEnter: () => void,
  ) {
    const id = uniqueId('field');
    this.field = createTextField(name, id, size, { compact: true });
    this.label = h('label', { className: 'inline-label', text: shortLabel, attrs: { for: id, title: name } });
    this.error = h('p', { className: 'field-error', hidden: true, id: `${id}-error`, attrs: { role: 'alert' } });
    this.field.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') {
        event.preventDefault();
        this.commit(true);
      }
    });
    this.field.addEventListener('change', () => this.commit(false));
    this.field.addEventListener('input', () => this.clearError());
  }

  /** Shows the host's value, unless the user is in the field typing something not yet committed. */
  show(value: number): void {
    const editing = this.field.matches(':focus-within') && this.committedText !== null && this.field.value !== this.committedText;
    this.committedText = editableNumber(value);
    if (!editing) {
      this.field.value = this.committedText;
      this.clearError();
    }
  }

  clearError(): void {
    this.error.hidden = true;
    this.error.textContent = '';
    this.field.removeAttribute('aria-invalid');
  }

  private commit(byEnter: boolean): void {
    const text = this.field.value.trim();
    if (text === this.committedText) {
      this.clearError();
      if (byEnter) this.onUnchangedEnter();
      return;
    }
    const parsed = this.parse(text);
    if (!parsed.ok) {
      this.error.textContent = parsed.error;
      this.error.hidden = false;
      this.field.setAttribute('aria-invalid', 'true');
      return;
    }
    this.clearError();
    this.committedText = text;
    this.onCommit(parsed.value);
  }
}

export class RunControls {
  readonly element: HTMLElement;
  private readonly learningRate: NumberField;
  private readonly maxSteps: NumberField;
  private readonly optimizer: Dropdown;
  private readonly schedule: Dropdown;
  private readonly buttons: Button[];
  private shown: RunSettings | null = null;
  /** For a loss over data: rows per batch, shuffling and its seed. */
  private readonly batchSize: NumberField;
  private readonly shuffle: Checkbox;
  private readonly seed: NumberField;
  private readonly minibatchGroup: HTMLElement;
  private minibatch: MinibatchView | null = null;
  /** Set while the checkbox is written from a view: the toolkit fires `change` for that too. */
  private syncing = false;
  /** The option that stands for a schedule read from code, in the dropdown only while one is shown. */
  private readonly codeSchedule: HTMLElement;

  constructor(post: Post) {
    const postMinibatch = (change: { batchSize?: number; shuffle?: boolean; seed?: number }): void => {
      const current = this.minibatch;
      if (!current) return;
      const batchSize = change.batchSize ?? current.batchSize;
      post({ type: 'setMinibatch', batchSize: batchSize >= current.rows ? null : batchSize, shuffle: change.shuffle ?? current.shuffle, seed: change.seed ?? current.seed });
    };
    this.batchSize = new NumberField('Batch', 'Batch size', 7, (text) => parseBatchSize(text, this.minibatch?.rows ?? 1), (batchSize) => postMinibatch({ batchSize }), () => post({ type: 'rerun' }));
    this.shuffle = createCheckbox('Shuffle', (checked) => {
      if (!this.syncing) postMinibatch({ shuffle: checked });
    });
    this.seed = new NumberField('Seed', 'Seed', 5, parseSeed, (seed) => postMinibatch({ seed }), () => post({ type: 'rerun' }));
    this.minibatchGroup = h('div', { className: 'control-group minibatch', hidden: true, attrs: { role: 'group', 'aria-label': 'Minibatches' } }, [
      h('div', { className: 'minibatch-fields' }, [
        h('div', { className: 'field-with-buttons' }, [this.batchSize.label, this.batchSize.field]),
        h('div', { className: 'field-with-buttons' }, [this.seed.label, this.seed.field]),
        this.shuffle,
      ]),
      this.batchSize.error,
      this.seed.error,
    ]);
    this.learningRate = new NumberField(
      'η',
      'Learning rate η',
      7,
      parseLearningRate,
      (learningRate) => post({ type: 'setLearningRate', learningRate }),
      () => post({ type: 'rerun' }),
    );
    const divide = createButton('÷10', () => this.scale(post, 0.1), { ariaLabel: 'Divide η by 10', title: 'Divide η by 10' });
    const multiply = createButton('×10', () => this.scale(post, 10), { ariaLabel: 'Multiply η by 10', title: 'Multiply η by 10' });

    // The optimizer's names say what they are: its label is for screen readers only, which keeps the toolbar to
    // two rows in a narrow panel.
    const optimizer = createDropdown(
      'Optimizer',
      uniqueId('optimizer'),
      OPTIMIZER_KINDS.map((kind) => ({ value: kind, label: OPTIMIZER_LABELS[kind] })),
      { inline: true, hiddenLabel: true },
    );
    this.optimizer = optimizer.dropdown;
    this.optimizer.addEventListener('change', () => {
      const value = this.optimizer.value as OptimizerKind;
      if (OPTIMIZER_KINDS.includes(value) && value !== this.shown?.optimizer.kind) post({ type: 'setOptimizer', optimizer: value });
    });

    const schedule = createDropdown(
      'Schedule',
      uniqueId('schedule'),
      SCHEDULE_KINDS.map((kind) => ({ value: kind, label: SCHEDULE_LABELS[kind] })),
      { inline: true },
    );
    this.schedule = schedule.dropdown;
    this.codeSchedule = document.createElement('vscode-option');
    (this.codeSchedule as HTMLElement & { value: string }).value = FROM_CODE;
    this.schedule.addEventListener('change', () => {
      const value = this.schedule.value as ScheduleKind;
      const shown = this.shown && isChoosableSchedule(this.shown.schedule) ? this.shown.schedule.kind : FROM_CODE;
      if (SCHEDULE_KINDS.includes(value) && value !== shown) post({ type: 'setSchedule', schedule: value });
    });

    this.maxSteps = new NumberField(
      'Steps',
      'Step limit',
      6,
      parseMaxSteps,
      (maxSteps) => post({ type: 'setMaxSteps', maxSteps }),
      () => post({ type: 'rerun' }),
    );
    const rerun = createButton('Re-run', () => post({ type: 'rerun' }), { appearance: 'primary', title: 'Run again with these settings' });
    this.buttons = [divide, multiply, rerun];

    this.element = h('section', { className: 'run-controls', attrs: { 'aria-label': 'Run settings' } }, [
      h('div', { className: 'control-group learning-rate' }, [
        h('div', { className: 'field-with-buttons' }, [this.learningRate.label, this.learningRate.field, divide, multiply]),
        this.learningRate.error,
      ]),
      h('div', { className: 'control-group optimizer' }, [optimizer.field]),
      h('div', { className: 'control-group schedule' }, [schedule.field]),
      h('div', { className: 'control-group steps' }, [h('div', { className: 'field-with-buttons' }, [this.maxSteps.label, this.maxSteps.field]), this.maxSteps.error]),
      this.minibatchGroup,
      h('div', { className: 'control-group run-button' }, [rerun]),
    ]);
    this.setEnabled(false);
  }

  /** Writes a run's settings into the controls (without posting anything). */
  show(settings: RunSettings, minibatch?: MinibatchView): void {
    this.shown = settings;
    this.minibatch = minibatch ?? null;
    this.minibatchGroup.hidden = !minibatch;
    if (minibatch) {
      this.batchSize.show(minibatch.batchSize);
      this.seed.show(minibatch.seed);
      this.syncing = true;
      this.shuffle.checked = minibatch.shuffle;
      this.syncing = false;
      // Shuffling and its seed only matter when the batch is smaller than the data.
      const full = minibatch.batchSize >= minibatch.rows;
      this.shuffle.toggleAttribute('disabled', full);
      this.seed.field.toggleAttribute('disabled', full || !minibatch.shuffle);
    }
    this.learningRate.show(settings.learningRate);
    this.maxSteps.show(settings.maxSteps);
    this.optimizer.value = settings.optimizer.kind;
    this.showSchedule(settings);
    this.setEnabled(true);
  }

  /**
   * A schedule read from training code (OneCycleLR with its own steps, Keras' CosineDecay, …) is not one of the
   * choices: it shows as one more option, named as the code names it, until another schedule is chosen.
   */
  private showSchedule(settings: RunSettings): void {
    const { schedule } = settings;
    if (isChoosableSchedule(schedule)) {
      this.codeSchedule.remove();
      this.schedule.removeAttribute('title');
      this.schedule.classList.remove('from-code');
      this.schedule.value = schedule.kind;
      return;
    }
    // The dropdown widens for "One-cycle (code)", "ExponentialDecay (code)"; the hover names a longer one in full.
    const name = SCHEDULE_SETTINGS_LABELS[schedule.kind];
    this.codeSchedule.textContent = `${name} (code)`;
    this.schedule.title = `Schedule from the training code: ${name}`;
    this.schedule.classList.add('from-code');
    if (this.codeSchedule.parentElement === this.schedule) {
      this.schedule.value = FROM_CODE;
      return;
    }
    // The dropdown learns of a new option on `slotchange`, after this task: select it once it has.
    this.schedule.append(this.codeSchedule);
    setTimeout(() => {
      if (this.codeSchedule.parentElement === this.schedule) this.schedule.value = FROM_CODE;
    }, 0);
  }

  /** Until the first run arrives there is nothing to change. */
  setEnabled(enabled: boolean): void {
    for (const control of [this.learningRate.field, this.maxSteps.field, this.optimizer, this.schedule, ...this.buttons]) {
      control.toggleAttribute('disabled', !enabled);
    }
  }

  private scale(post: Post, factor: 10 | 0.1): void {
    this.learningRate.clearError();
    post({ type: 'scaleLearningRate', factor });
  }
}

/**
 * The webview-ui-toolkit components the panel uses, registered once, and small typed factories for them.
 * The toolkit draws with VS Code's theme variables, so controls follow the theme on their own.
 */
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeRadio,
  vsCodeRadioGroup,
  vsCodeTextField,
  type Button,
  type Checkbox,
  type Dropdown,
  type Option,
  type Radio,
  type RadioGroup,
  type TextField,
} from '@vscode/webview-ui-toolkit';
import { h } from './dom';

export type { Button, Checkbox, Dropdown, RadioGroup, TextField };

let registered = false;

export function registerToolkit(): void {
  if (registered) return;
  registered = true;
  provideVSCodeDesignSystem().register(
    vsCodeButton(),
    vsCodeCheckbox(),
    vsCodeDropdown(),
    vsCodeOption(),
    vsCodeRadio(),
    vsCodeRadioGroup(),
    vsCodeTextField(),
  );
}

export interface ButtonProps {
  appearance?: 'primary' | 'secondary';
  /** The accessible name when the visible text is a symbol (×10). */
  ariaLabel?: string;
  title?: string;
  className?: string;
}

export function createButton(text: string, onPress: () => void, props: ButtonProps = {}): Button {
  const button = document.createElement('vscode-button') as Button;
  button.textContent = text;
  button.setAttribute('appearance', props.appearance ?? 'secondary');
  if (props.ariaLabel) button.setAttribute('aria-label', props.ariaLabel);
  if (props.title) button.title = props.title;
  if (props.className) button.className = props.className;
  // The toolkit button is a real button inside: Enter and Space arrive as click.
  button.addEventListener('click', () => {
    if (!button.disabled) onPress();
  });
  return button;
}

/**
 * A text field named `label`. The toolkit names its input from the text inside (and calls an unlabelled one "Text
 * field"), so the label is its text; `compact` hides the toolkit's label above the box (the caller shows a short
 * one beside it) while the name stays.
 */
export function createTextField(label: string, id: string, size: number, options: { compact?: boolean } = {}): TextField {
  const field = document.createElement('vscode-text-field') as TextField;
  field.id = id;
  field.textContent = label;
  field.setAttribute('size', String(size));
  if (options.compact) field.classList.add('compact-field');
  return field;
}

export interface Choice<T extends string> {
  value: T;
  label: string;
}

/**
 * A labelled dropdown; the visible label is a real <label> (the toolkit's dropdown has no label slot), above it
 * or, `inline`, beside it.
 */
export function createDropdown<T extends string>(
  label: string,
  id: string,
  choices: readonly Choice<T>[],
  options: { inline?: boolean; hiddenLabel?: boolean } = {},
): { field: HTMLElement; dropdown: Dropdown } {
  const dropdown = document.createElement('vscode-dropdown') as Dropdown;
  dropdown.id = id;
  dropdown.setAttribute('aria-label', label);
  dropdown.setAttribute('position', 'below');
  for (const choice of choices) {
    const option = document.createElement('vscode-option') as Option;
    option.value = choice.value;
    option.textContent = choice.label;
    dropdown.append(option);
  }
  const field = h('div', { className: options.inline ? 'dropdown-field inline' : 'dropdown-field' }, [
    h('label', { text: label, className: options.hiddenLabel ? 'visually-hidden' : undefined, attrs: { for: id } }),
    dropdown,
  ]);
  return { field, dropdown };
}

export function createCheckbox(label: string, onToggle: (checked: boolean) => void): Checkbox {
  const checkbox = document.createElement('vscode-checkbox') as Checkbox;
  checkbox.textContent = label;
  checkbox.addEventListener('change', () => onToggle(checkbox.checked));
  return checkbox;
}

export function createRadioGroup<T extends string>(label: string, choices: readonly Choice<T>[], onChoose: (value: T) => void): RadioGroup {
  const group = document.createElement('vscode-radio-group') as RadioGroup;
  group.setAttribute('aria-label', label);
  for (const choice of choices) {
    const radio = document.createElement('vscode-radio') as Radio;
    radio.value = choice.value;
    radio.textContent = choice.label;
    group.append(radio);
  }
  group.addEventListener('change', () => {
    const chosen = choices.find((choice) => choice.value === group.value);
    if (chosen) onChoose(chosen.value);
  });
  return group;
}

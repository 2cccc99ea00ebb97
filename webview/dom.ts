/** A small element builder: the panel builds its DOM in code so every element it touches is typed. */

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  className?: string;
  id?: string;
  text?: string;
  hidden?: boolean;
  /** Attributes set with setAttribute (ARIA, tabindex, for, …). */
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props?: ElementProps,
  children?: Child[],
): HTMLElementTagNameMap[K];
export function h(tag: string, props?: ElementProps, children?: Child[]): HTMLElement;
export function h(tag: string, props: ElementProps = {}, children: Child[] = []): HTMLElement {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.id) element.id = props.id;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.hidden) element.hidden = true;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Replaces an element's children. */
export function setChildren(parent: Element, children: Child[]): void {
  parent.replaceChildren(...children.filter((child): child is Node | string => !!child));
}

let nextId = 0;
/** A document-unique id for aria-describedby and label/for pairs. */
export function uniqueId(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

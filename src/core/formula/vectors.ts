/**
 * Vectors read by element. `x[0]` and `x(2)` are variables named as written (the vector form of Rosenbrock in
 * scipy or MATLAB). Names given to elements become the variables instead, so `p[1]` is y: an unpacking,
 * `x, y = p`; element by element, `x = p[0]` then `y = p[1]`; an object's destructuring, `const { x, y } = p`,
 * where `p.x` is x. What can't be read that way — a vector used as a number, an element past the ones
 * unpacked, an element with two names or a name for two elements, an unpacking of anything but a parameter —
 * is refused rather than read as new variables.
 */
import { FormulaError, quote } from './errors';
import { resolveConstant, resolveFunction } from './functions';
import type { ElementName, Parameter, Program, Syntax, Unpacking, VectorLiteral } from './syntax';

const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;

/** The index in `x[0]` or `x(2)` when `name` is an element of `vector`, else undefined. */
export function elementIndex(name: string, vector: string): number | undefined {
  const element = splitElement(name);
  return element && element.vector === vector ? element.index : undefined;
}

/** `p[1]` → p, 1, square; `p(2)` → p, 2, round. */
function splitElement(name: string): { vector: string; index: number; round: boolean } | undefined {
  const match = /^(.*)([[(])(\d+)[\])]$/.exec(name);
  return match ? { vector: match[1], index: Number(match[3]), round: match[2] === '(' } : undefined;
}

/** `p.x` → p, x. */
function splitField(name: string): { vector: string; field: string } | undefined {
  const dot = name.indexOf('.');
  const [vector, field] = [name.slice(0, dot), name.slice(dot + 1)];
  return dot > 0 && IDENTIFIER.test(vector) && IDENTIFIER.test(field) ? { vector, field } : undefined;
}

/** A named element, with its vector and the unpacking that named it (for messages). */
interface Named extends ElementName {
  readonly vector: string;
  readonly from: Unpacking;
}

/** What every unpacking of one vector says: its names by element, and the unpacking that named them all. */
interface NamedVector {
  readonly elements: Map<number | string, Named>;
  /** `x, y = p` or `const { x, y } = p`: an element or field it leaves out can't be read. */
  whole?: Unpacking;
  readonly isObject: boolean;
  readonly base: number;
}

export class UnpackedVectors {
  private readonly byVector = new Map<string, NamedVector>();
  private readonly byName = new Map<string, Named>();
  private readonly parameters: ReadonlySet<string>;

  /** Checks every unpacking of `program` (each can be read or the selection is refused), in the order written. */
  constructor(
    private readonly program: Program,
    private readonly source: string,
  ) {
    this.parameters = new Set((program.parameters ?? []).map((p) => p.name));
    for (const unpacking of [...program.unpackings].sort((a, b) => a.start - b.start)) this.add(unpacking);
  }

  /** Whether `name` is a vector with named elements (so `name(2)` is an element, not a call). */
  has(vector: string): boolean {
    return this.byVector.has(vector);
  }

  /** Whether `name` is `p.x` with `p` destructured, a field rather than a library path. */
  isDestructuredField(name: string): boolean {
    const field = splitField(name);
    return field !== undefined && this.byVector.get(field.vector)?.isObject === true;
  }

  /**
   * The variables a vector with named elements stands for, in element order: its names, and its elements
   * `used` as themselves (`x = p[0]`, then `p[1]`: x and p[1]); undefined if `vector` has no names.
   */
  variablesOf(vector: string, used: Iterable<string>): string[] | undefined {
    const named = this.byVector.get(vector);
    if (!named) return undefined;
    const entries = [...named.elements].map(([element, { name }], k) => ({ order: typeof element === 'number' ? element : k, name }));
    for (const candidate of used) {
      const element = splitElement(candidate);
      if (element?.vector === vector) entries.push({ order: this.position(element, named.base), name: candidate });
    }
    return entries.sort((a, b) => a.order - b.order).map((e) => e.name);
  }

  /** The variables named together with `name` (it included), or `[name]` when it names no element. */
  siblingsOf(name: string): string[] {
    const named = this.byName.get(name);
    return named ? (this.variablesOf(named.vector, []) ?? [name]) : [name];
  }

  /**
   * The variable a free name stands for: an element of a vector with named elements is its name (`p[1]` is y,
   * `p.x` is x); anything else is itself. `start`, `end`: where the name is written, for a refusal.
   */
  variableOf(name: string, start: number, end: number): string {
    const whole = this.byVector.get(name);
    if (whole) {
      const names = [...whole.elements.values()].map((n) => n.name).join(', ');
      const what = whole.isObject
        ? `an object destructured into ${names}: write the formula with its fields`
        : `a vector ${whole.whole ? 'unpacked into' : 'whose elements are named'} ${names}: write the formula with its elements`;
      throw this.error(`${quote(name)} is ${what}`, start, end);
    }
    const unpacked = this.byName.get(name);
    if (unpacked) {
      // Its binding is in scope after the unpacking, so a free use of the name comes before it.
      throw this.error(`${quote(name)} is used before ${this.written(unpacked.from)} gives it a value`, start, end);
    }
    const field = splitField(name);
    const destructured = field && this.byVector.get(field.vector);
    if (field && destructured?.isObject) {
      const named = destructured.elements.get(field.field);
      if (!named) throw this.error(`${quote(name)} isn’t destructured: add ${field.field} to ${this.written(destructured.whole!)}`, start, end);
      return named.name;
    }
    const element = splitElement(name);
    const named = element && this.byVector.get(element.vector);
    if (!element || !named) return name;
    if (named.isObject) throw this.error(`${quote(name)} indexes ${quote(element.vector)}, an object destructured by ${this.written(named.whole!)}: use its fields`, start, end);
    const position = this.position(element, named.base);
    const found = named.elements.get(position);
    if (found) return found.name;
    if (named.whole) throw this.outOfRange(name, named.whole, start, end);
    return name;
  }

  /**
   * The start values a parameter's default gives the formula's `variables`: a number, the parameter's own; a
   * vector, `(1.0, 2.0)`, its elements' variables', by position. Refused when the default's shape doesn't
   * fit how the formula reads the parameter: a number for a vector, a vector for a number, a length that
   * doesn't match the unpacking or leaves out an element used.
   */
  defaultsOf(parameter: Parameter, variables: readonly string[]): Map<string, Syntax> {
    const { name, defaultValue } = parameter;
    if (!defaultValue) return new Map();
    if (defaultValue.kind === 'vector') return this.elementDefaults(name, defaultValue, variables);
    const named = this.byVector.get(name);
    const element = variables.find((v) => this.positionOf(v, name, this.program.base) !== undefined);
    if (named || element !== undefined) {
      const first = named && [...named.elements.values()][0].from;
      const how = { object: 'destructures it', tuple: 'unpacks it: give a value for each element', element: 'reads it by element: give a value for each element' };
      const reads = first ? `${this.written(first)} ${how[first.form]}` : `the formula reads ${quote(element!)}: give a value for each element`;
      const written = quote(this.source.slice(defaultValue.start, defaultValue.end));
      throw this.error(`The default of ${quote(name)}, ${written}, is a number, but ${reads}`, defaultValue.start, defaultValue.end);
    }
    return new Map([[name, defaultValue]]);
  }

  private elementDefaults(vector: string, literal: VectorLiteral, variables: readonly string[]): Map<string, Syntax> {
    const { elements } = literal;
    const named = this.byVector.get(vector);
    const written = quote(this.source.slice(literal.start, literal.end));
    const refuse = (message: string): FormulaError => this.error(`The default of ${quote(vector)}, ${written}, ${message}`, literal.start, literal.end);
    if (named?.isObject) throw refuse(`is a list, but ${this.written(named.whole!)} destructures an object`);
    // `p` itself a variable: used as a number, or a parameter the formula never uses.
    if (variables.includes(vector)) {
      throw refuse(`is a vector, but the formula uses ${quote(vector)} itself, not its elements: unpack it (\`x, y = ${vector}\`) or index it (\`${vector}[0]\`)`);
    }
    if (named?.whole && named.whole.names.length !== elements.length) {
      throw refuse(`has ${elements.length} value${elements.length === 1 ? '' : 's'}, but ${this.written(named.whole)} unpacks ${named.whole.names.length}`);
    }
    const values = new Map<string, Syntax>();
    for (const variable of variables) {
      const position = this.positionOf(variable, vector, named?.base ?? this.program.base);
      if (position === undefined) continue;
      if (position < 0 || position >= elements.length) {
        const own = this.byName.get(variable);
        const element = own ? this.written(own.from) : quote(variable);
        throw refuse(`has ${elements.length} value${elements.length === 1 ? '' : 's'}, so ${element} is out of range`);
      }
      values.set(variable, elements[position]);
    }
    return values;
  }

  /** Records one unpacking's names, or refuses it (not a parameter; a name or an element given twice). */
  private add(unpacking: Unpacking): void {
    const { vector, names, form } = unpacking;
    const name = vector.kind === 'name' ? vector.name : '';
    const [verb, done] = form === 'object' ? ['destructure', 'destructured'] : ['unpack', 'unpacked'];
    if (!this.isVector(name, unpacking.start)) {
      // `x = q[0]` with `q` not a parameter: `q[0]` is read as itself, as before anything was named.
      if (form === 'element') return;
      const targets = names.map((n) => n.name).join(', ');
      throw this.error(`Only a parameter can be ${done} into ${targets}: ${quote(this.source.slice(vector.start, vector.end))} isn’t one`, vector.start, vector.end);
    }
    let named = this.byVector.get(name);
    if (named?.whole && form !== 'element') throw this.error(`${quote(name)} is ${done} twice: ${verb} it once`, vector.start, vector.end);
    if (named && named.isObject !== (form === 'object')) {
      throw this.error(`${quote(name)} is read both as a list and as an object: unpack it one way`, vector.start, vector.end);
    }
    if (!named) {
      named = { elements: new Map(), isObject: form === 'object', base: unpacking.base };
      this.byVector.set(name, named);
    }
    if (form !== 'element') {
      named.whole = unpacking;
      const beyond = [...named.elements.values()].find((n) => typeof n.element === 'number' && n.element >= names.length);
      if (beyond) throw this.outOfRange(this.label(beyond), unpacking, beyond.from.vector.start, beyond.from.end);
    }
    for (const target of names) this.name(named, { ...target, vector: name, from: unpacking });
  }

  /** Gives `target`'s element its name, unless the element or the name already stands for something else. */
  private name(named: NamedVector, target: Named): void {
    const { vector, from } = target;
    if (this.parameters.has(target.name)) {
      throw this.error(`${quote(target.name)} is a parameter already: give the elements of ${quote(vector)} names of their own`, target.start, target.end);
    }
    const earlier = this.byName.get(target.name);
    if (earlier && (earlier.vector !== vector || earlier.element !== target.element)) {
      const message =
        earlier.from.form === 'element' || from.form === 'element'
          ? `${quote(target.name)} names two elements, ${quote(this.label(earlier))} and ${quote(this.label(target))}: give each element its own name`
          : `${quote(target.name)} is ${from.form === 'object' ? 'destructured' : 'unpacked'} twice: give each ${elementWord(from)} its own name`;
      throw this.error(message, target.start, target.end);
    }
    const other = named.elements.get(target.element);
    if (other && other.name !== target.name) {
      throw this.error(`${quote(this.label(target))} is named twice, ${other.name} and ${target.name}: give each ${elementWord(from)} one name`, target.start, target.end);
    }
    const { whole } = named;
    if (whole && from.form === 'element' && typeof target.element === 'number' && target.element >= whole.names.length) {
      throw this.outOfRange(this.label(target), whole, from.vector.start, from.end);
    }
    if (!other) named.elements.set(target.element, target);
    if (!earlier) this.byName.set(target.name, target);
  }

  /** A function's vector is one of its parameters; a selected body (no signature) names a free name's elements. */
  private isVector(name: string, at: number): boolean {
    const isParameter = this.program.parameters ? this.parameters.has(name) : IDENTIFIER.test(name) && !isKnownName(name);
    const redefined = this.program.bindings.some((b) => b.name === name && b.start < at);
    return isParameter && !redefined;
  }

  /** Where `variable` sits in `vector`: a name's element, or an element written as itself; undefined otherwise. */
  private positionOf(variable: string, vector: string, base: number): number | undefined {
    const own = this.byName.get(variable);
    if (own) return own.vector === vector && typeof own.element === 'number' ? own.element : undefined;
    const element = splitElement(variable);
    return element?.vector === vector ? this.position(element, base) : undefined;
  }

  /** `p[k]` counts from `base`; MATLAB's `p(k)` always from 1. */
  private position(element: { index: number; round: boolean }, base: number): number {
    return element.index - (element.round ? 1 : base);
  }

  /** The element as the person wrote it: `p(1)` in `x = p(1)`, else `p[0]` or `p.x`. */
  private label(named: Named): string {
    const { from, vector, element } = named;
    if (from.form === 'element') return this.source.slice(from.vector.start, from.end);
    return typeof element === 'number' ? `${vector}[${from.base + element}]` : `${vector}.${element}`;
  }

  private written(unpacking: Unpacking): string {
    return quote(this.source.slice(unpacking.start, unpacking.end));
  }

  private outOfRange(element: string, whole: Unpacking, start: number, end: number): FormulaError {
    return this.error(`${quote(element)} is out of range: ${this.written(whole)} unpacks ${whole.names.length} elements`, start, end);
  }

  private error(message: string, start: number, end: number): FormulaError {
    return new FormulaError(message, this.source, start, end - start);
  }
}

/** What an unpacking names: an object's fields, a vector's elements. */
function elementWord(unpacking: Unpacking): string {
  return unpacking.form === 'object' ? 'field' : 'element';
}

/** A constant or function name: never a vector of the selection's own. */
function isKnownName(name: string): boolean {
  return resolveConstant(name) !== undefined || resolveFunction(name) !== undefined;
}

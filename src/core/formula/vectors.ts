/**
 * Vectors read by element. `x[0]` and `x(2)` are variables named as written (the vector form of Rosenbrock in
 * scipy or MATLAB); an unpacking, `x, y = p`, names p's elements after its targets, so the variables are x and
 * y and `p[1]` is y. What can't be read that way — a vector used as a number, an element past the ones
 * unpacked, an unpacking of anything but a parameter — is refused rather than read as new variables.
 */
import { FormulaError, quote } from './errors';
import { resolveConstant, resolveFunction } from './functions';
import type { Program, Unpacking } from './syntax';

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

export class UnpackedVectors {
  private readonly byVector = new Map<string, Unpacking>();
  private readonly byName = new Map<string, Unpacking>();

  /** Checks every unpacking of `program` (each can be read or the selection is refused), in the order written. */
  constructor(
    program: Program,
    private readonly source: string,
  ) {
    const parameters = new Set((program.parameters ?? []).map((p) => p.name));
    for (const unpacking of program.unpackings) {
      const { vector, names } = unpacking;
      const targets = names.map((n) => n.name).join(', ');
      const name = vector.kind === 'name' ? vector.name : '';
      // A function's vector is one of its parameters; a selected body (no signature) unpacks a free name.
      const isParameter = program.parameters ? parameters.has(name) : /^[\p{L}_][\p{L}\p{Nd}_]*$/u.test(name) && !isKnownName(name);
      const redefined = program.bindings.some((b) => b.name === name && b.start < unpacking.start);
      if (!isParameter || redefined) {
        throw this.error(`Only a parameter can be unpacked into ${targets}: ${quote(this.source.slice(vector.start, vector.end))} isn’t one`, vector.start, vector.end);
      }
      if (this.byVector.has(name)) throw this.error(`${quote(name)} is unpacked twice: unpack it once`, vector.start, vector.end);
      for (const target of names) {
        if (this.byName.has(target.name)) {
          throw this.error(`${quote(target.name)} is unpacked twice: give each element its own name`, target.start, target.end);
        }
        if (parameters.has(target.name)) {
          throw this.error(`${quote(target.name)} is a parameter already: give the elements of ${quote(name)} names of their own`, target.start, target.end);
        }
        this.byName.set(target.name, unpacking);
      }
      this.byVector.set(name, unpacking);
    }
  }

  /** Whether `name` is an unpacked vector (so `name(2)` is an element, not a call). */
  has(vector: string): boolean {
    return this.byVector.has(vector);
  }

  /** The variables an unpacked vector stands for, in unpacking order; undefined if `vector` isn't one. */
  namesOf(vector: string): string[] | undefined {
    return this.byVector.get(vector)?.names.map((n) => n.name);
  }

  /** The variables unpacked together with `name` (it included), or `[name]` when it wasn't unpacked. */
  siblingsOf(name: string): string[] {
    return this.byName.get(name)?.names.map((n) => n.name) ?? [name];
  }

  /**
   * The variable a free name stands for: an element of an unpacked vector is the name it was unpacked into;
   * anything else is itself. `start`, `end`: where the name is written, for a refusal.
   */
  variableOf(name: string, start: number, end: number): string {
    const whole = this.byVector.get(name);
    if (whole) {
      throw this.error(`${quote(name)} is a vector unpacked into ${list(whole)}: write the formula with its elements`, start, end);
    }
    const unpacked = this.byName.get(name);
    if (unpacked) {
      // Its binding is in scope after the unpacking, so a free use of the name comes before it.
      const written = quote(this.source.slice(unpacked.start, unpacked.end));
      throw this.error(`${quote(name)} is used before ${written} gives it a value`, start, end);
    }
    const element = splitElement(name);
    const unpacking = element && this.byVector.get(element.vector);
    if (!element || !unpacking) return name;
    const position = element.index - (element.round ? 1 : unpacking.base);
    if (position < 0 || position >= unpacking.names.length) {
      const written = quote(this.source.slice(unpacking.start, unpacking.end));
      throw this.error(`${quote(name)} is out of range: ${written} unpacks ${unpacking.names.length} elements`, start, end);
    }
    return unpacking.names[position].name;
  }

  private error(message: string, start: number, end: number): FormulaError {
    return new FormulaError(message, this.source, start, end - start);
  }
}

function list(unpacking: Unpacking): string {
  return unpacking.names.map((n) => n.name).join(', ');
}

/** A constant or function name: never a vector of the selection's own. */
function isKnownName(name: string): boolean {
  return resolveConstant(name) !== undefined || resolveFunction(name) !== undefined;
}

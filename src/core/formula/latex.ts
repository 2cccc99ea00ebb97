/**
 * LaTeX's typesetting vocabulary, reduced to plain tokens before parsing: sizing (`\left( … \right)`),
 * spacing (`\,`), display delimiters (`\[ … \]`), font and name wrappers (`\mathrm{loss}`, `\mathbf{w}`),
 * Greek letters (`\theta` → variable `theta`) and operator words (`\cdot`). What remains as commands are
 * the ones with mathematical structure the parser handles: `\frac`, `\sqrt`, `\sin`, `\log`, …
 */
import { FormulaError, quote } from './errors';
import type { Token } from './lexer';

export const GREEK_LETTERS = new Set([
  'alpha', 'beta', 'gamma', 'delta', 'epsilon', 'varepsilon', 'zeta', 'eta', 'theta', 'vartheta', 'iota',
  'kappa', 'lambda', 'mu', 'nu', 'xi', 'rho', 'varrho', 'sigma', 'varsigma', 'tau', 'upsilon', 'phi',
  'varphi', 'chi', 'psi', 'omega', 'Gamma', 'Delta', 'Theta', 'Lambda', 'Xi', 'Pi', 'Sigma', 'Upsilon',
  'Phi', 'Psi', 'Omega', 'ell',
]);

/** Commands that only size or space what follows. */
const SIZING = new Set([
  'left', 'right', 'middle', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', 'biggl', 'biggr',
  'Biggl', 'Biggr',
]);
const SPACING = new Set([
  ',', ';', ':', '!', ' ', 'quad', 'qquad', 'displaystyle', 'textstyle', 'scriptstyle', 'limits', 'nolimits',
  'nonumber', 'notag', '(', ')', '[', ']',
]);
/** Wrappers whose braced content is a name: `\mathrm{loss}` is the name `loss`. */
const NAME_WRAPPERS = new Set([
  'mathrm', 'operatorname', 'text', 'textrm', 'textit', 'textbf', 'mathit', 'mathbf', 'mathsf', 'mathtt',
  'mathcal', 'mathbb', 'mathnormal', 'boldsymbol', 'bm', 'mathscr',
]);
/** Accents become a suffix: `\hat{y}` is the name `y_hat`. */
const ACCENTS: ReadonlyMap<string, string> = new Map(Object.entries({ hat: 'hat', widehat: 'hat', bar: 'bar', overline: 'bar', tilde: 'tilde', widetilde: 'tilde', vec: 'vec', dot: 'dot' }));

/** Maps (as every table looked up by a command's name): `\constructor` must find nothing. */
const REPLACEMENTS: ReadonlyMap<string, string> = new Map(Object.entries({
  cdot: '*', times: '*', ast: '*', div: '/', '{': '(', '}': ')', lbrace: '(', rbrace: ')', lbrack: '[',
  rbrack: ']', lparen: '(', rparen: ')', lvert: '|', rvert: '|', vert: '|', mid: '|',
  // A norm of a single number is its absolute value: \|w\|, \lVert w \rVert.
  '|': '|', Vert: '|', lVert: '|', rVert: '|',
}));

export function normalizeLatex(tokens: readonly Token[], source: string): Token[] {
  const out: Token[] = [];
  let pendingSpace = false;
  let i = 0;

  const emit = (token: Token): void => {
    out.push(pendingSpace && !token.spaced ? { ...token, spaced: true } : token);
    pendingSpace = false;
  };
  /** Reads `{ … }` starting at tokens[at]; returns the inner tokens and the index after `}`. */
  const braced = (at: number, command: Token): { inner: Token[]; next: number } => {
    const open = tokens[at];
    if (!open || open.text !== '{' || open.kind !== 'operator') {
      throw new FormulaError(`\\${command.text} needs a braced argument, as in \\${command.text}{…}`, source, command.start, command.end - command.start);
    }
    let depth = 0;
    for (let k = at; k < tokens.length; k += 1) {
      const t = tokens[k];
      if (t.kind === 'operator' && t.text === '{') depth += 1;
      if (t.kind === 'operator' && t.text === '}') depth -= 1;
      if (depth === 0) return { inner: tokens.slice(at + 1, k), next: k + 1 };
    }
    throw new FormulaError('`{` is never closed with `}`', source, open.start);
  };
  /** The name spelled by a wrapper's content: letters, digits, Greek commands. */
  const nameOf = (inner: Token[], command: Token): string => {
    const parts = inner.map((t) => {
      if (t.kind === 'identifier' || t.kind === 'number') return t.text;
      if (t.kind === 'command' && GREEK_LETTERS.has(t.text)) return t.text;
      if (t.kind === 'command' && (t.text === ' ' || t.text === ',')) return '';
      throw new FormulaError(`\\${command.text}{…} should contain a name, not ${quote(source.slice(t.start, t.end))}`, source, t.start, t.end - t.start);
    });
    const name = parts.join('');
    if (!name) throw new FormulaError(`\\${command.text}{} is empty`, source, command.start, command.end - command.start);
    return name;
  };

  while (i < tokens.length) {
    const token = tokens[i];
    if (token.kind !== 'command') {
      emit(token);
      i += 1;
      continue;
    }
    const name = token.text;
    if (SIZING.has(name)) {
      // `\left.` is an invisible delimiter.
      if (tokens[i + 1]?.kind === 'command' && tokens[i + 1].text === '.') i += 1;
      else if (tokens[i + 1]?.kind === 'operator' && tokens[i + 1].text === '.') i += 1;
      pendingSpace = true;
      i += 1;
      continue;
    }
    if (SPACING.has(name)) {
      pendingSpace = true;
      i += 1;
      continue;
    }
    if (name === '\\') {
      emit({ ...token, kind: 'newline', text: '\n' });
      i += 1;
      continue;
    }
    if (name === 'begin' || name === 'end' || name === 'tag' || name === 'label') {
      i = braced(i + 1, token).next;
      pendingSpace = true;
      continue;
    }
    const replacement = REPLACEMENTS.get(name);
    if (replacement !== undefined) {
      emit({ ...token, kind: 'operator', text: replacement });
      i += 1;
      continue;
    }
    if (NAME_WRAPPERS.has(name)) {
      const { inner, next } = braced(i + 1, token);
      const end = tokens[next - 1].end;
      emit({ ...token, kind: 'identifier', text: nameOf(inner, token), end });
      i = next;
      continue;
    }
    const accent = ACCENTS.get(name);
    if (accent !== undefined) {
      const argument = tokens[i + 1];
      let base: string;
      let next: number;
      if (argument?.kind === 'operator' && argument.text === '{') {
        const group = braced(i + 1, token);
        base = nameOf(group.inner, token);
        next = group.next;
      } else if (argument && (argument.kind === 'identifier' || (argument.kind === 'command' && GREEK_LETTERS.has(argument.text)))) {
        base = argument.text;
        next = i + 2;
      } else {
        throw new FormulaError(`\\${name} needs a letter to put the accent on`, source, token.start, token.end - token.start);
      }
      emit({ ...token, kind: 'identifier', text: `${base}_${accent}`, end: tokens[next - 1].end });
      i = next;
      continue;
    }
    if (GREEK_LETTERS.has(name) || name === 'pi') {
      emit({ ...token, kind: 'identifier', text: name });
      i += 1;
      continue;
    }
    emit(token);
    i += 1;
  }
  return out;
}

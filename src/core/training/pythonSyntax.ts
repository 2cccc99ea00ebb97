/**
 * Python source as the training-code reader needs it, from tree-sitter's Python grammar (web-tree-sitter, WASM):
 * the scopes, what each name is bound to, the imports, and the calls that may construct an optimizer or schedule,
 * with their expressions as plain data (PyExpr). Only the syntax tree is read: nothing in the file is evaluated.
 *
 * The grammar's parser is loaded once from its two .wasm files (the runtime and the Python grammar), which the
 * caller reads: the CLI and the extension from dist/, tests from node_modules.
 */
import { Language, Parser, type Node, type Tree } from 'web-tree-sitter';

/** Where a piece of text is: UTF-16 offsets into the source (end exclusive) and 0-based lines. */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly endLine: number;
}

export interface KeywordArgument {
  readonly name: string;
  readonly value: PyExpr;
  readonly span: Span;
}

/** A Python expression, as far as the reader understands one; anything else is `other`, kept as text. */
export type PyExpr =
  | { readonly kind: 'int' | 'float'; readonly value: number; readonly span: Span }
  | { readonly kind: 'str'; readonly value: string; readonly span: Span }
  | { readonly kind: 'bool'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'none'; readonly span: Span }
  | { readonly kind: 'name'; readonly name: string; readonly span: Span }
  | { readonly kind: 'attribute'; readonly object: PyExpr; readonly name: string; readonly span: Span }
  | PyCall
  | { readonly kind: 'binary'; readonly operator: string; readonly left: PyExpr; readonly right: PyExpr; readonly span: Span }
  | { readonly kind: 'unary'; readonly operator: string; readonly operand: PyExpr; readonly span: Span }
  | { readonly kind: 'tuple' | 'list'; readonly items: readonly PyExpr[]; readonly span: Span }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [PyExpr, PyExpr])[]; readonly span: Span }
  | { readonly kind: 'other'; readonly text: string; readonly span: Span };

export interface PyCall {
  readonly kind: 'call';
  readonly callee: PyExpr;
  readonly positional: readonly PyExpr[];
  readonly keywords: readonly KeywordArgument[];
  /** `*args` or `**kwargs` among the arguments, as written: values the reader cannot see. */
  readonly splats: readonly string[];
  /** The argument list, parentheses included. */
  readonly argumentsSpan: Span;
  readonly span: Span;
}

export type ScopeKind = 'module' | 'function' | 'class';

export interface Scope {
  readonly id: number;
  readonly kind: ScopeKind;
  readonly parent: number | null;
  readonly name: string;
}

/**
 * What a name is bound to in one scope: an assignment `name = value`, a function parameter (with its default),
 * an import, or another binding (augmented assignment, loop variable, `with … as`, walrus, global, unpacking),
 * whose value the reader does not follow.
 */
export type NameBinding =
  | { readonly kind: 'assignment'; readonly scope: number; readonly line: number; readonly value: () => PyExpr; readonly valueSpan: Span }
  | { readonly kind: 'parameter'; readonly scope: number; readonly line: number; readonly function: string; readonly defaultValue: (() => PyExpr) | null }
  | { readonly kind: 'import'; readonly scope: number; readonly line: number; readonly qualified: string }
  | { readonly kind: 'other'; readonly scope: number; readonly line: number; readonly how: OtherBinding };

/** Ways a name is bound that the reader does not follow to a value. */
export type OtherBinding = 'augmented-assignment' | 'loop' | 'as' | 'walrus' | 'def' | 'class' | 'project-import' | 'unpacking' | 'global' | 'nonlocal';

/** A call the reader may care about, with where it sits. */
export interface CallSite {
  readonly call: PyCall;
  readonly scope: number;
  /** The target when the call is the whole right-hand side of an assignment (`opt` in `opt = Adam(…)`). */
  readonly assignedTo: string | null;
}

export interface PythonModule {
  readonly source: string;
  readonly scopes: readonly Scope[];
  /** Every binding of each name, in source order (a Map: names come from the file). */
  readonly bindings: ReadonlyMap<string, readonly NameBinding[]>;
  /** Modules imported with `from module import *`, and where. */
  readonly starImports: readonly { readonly module: string; readonly scope: number; readonly line: number }[];
  /** Calls whose callee ends in a candidate name, outermost first within a statement. */
  readonly calls: readonly CallSite[];
  /** The syntax tree had errors (the file is being edited): what was read may be partial. */
  readonly hasErrors: boolean;
}

/** Parses Python source. Built once from the grammar's WASM files; parsing itself is synchronous. */
export interface PythonParser {
  /**
   * Parses `source` and hands the module to `read`, which must copy out what it needs: the syntax tree behind
   * the module is freed when `read` returns.
   */
  read<T>(source: string, isCandidateCallee: (lastName: string) => boolean, read: (module: PythonModule) => T): T;
}

/** The WASM files of the parser: web-tree-sitter's runtime and tree-sitter-python's grammar. */
export interface PythonGrammarFiles {
  readonly runtime: Uint8Array;
  readonly grammar: Uint8Array;
}

let runtimeReady: Promise<void> | undefined;

/** Loads the Python grammar (the runtime is initialized once per process). */
export async function loadPythonParser(files: PythonGrammarFiles): Promise<PythonParser> {
  runtimeReady ??= Parser.init({ wasmBinary: files.runtime });
  await runtimeReady;
  const language = await Language.load(files.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    read(source, isCandidateCallee, read) {
      const tree = parser.parse(source);
      if (!tree) throw new Error('The Python parser produced no syntax tree');
      try {
        return read(moduleOf(tree, source, isCandidateCallee));
      } finally {
        tree.delete();
      }
    },
  };
}

/** Deeper expressions than this are kept as text: a pathological file cannot exhaust the stack. */
const MAX_EXPRESSION_DEPTH = 100;

function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex, line: node.startPosition.row, endLine: node.endPosition.row };
}

/** One walk over the tree with a cursor, collecting scopes, bindings, star imports and candidate calls. */
function moduleOf(tree: Tree, source: string, isCandidateCallee: (lastName: string) => boolean): PythonModule {
  const scopes: Scope[] = [{ id: 0, kind: 'module', parent: null, name: '<module>' }];
  const bindings = new Map<string, NameBinding[]>();
  const starImports: { module: string; scope: number; line: number }[] = [];
  const calls: CallSite[] = [];
  const assignedCalls = new Map<number, string>();
  const expressions = new Map<number, PyExpr>();
  // Names imported under another name (`from torch.optim import Adam as A`) are candidates too.
  const aliases = new Set<string>();
  const isCandidateName = (name: string): boolean => isCandidateCallee(name) || aliases.has(name);
  const bind = (name: string, binding: NameBinding): void => {
    if (binding.kind === 'import' && isCandidateCallee(binding.qualified.slice(binding.qualified.lastIndexOf('.') + 1))) aliases.add(name);
    const list = bindings.get(name);
    if (list) list.push(binding);
    else bindings.set(name, [binding]);
  };
  const lazyExpr = (node: Node): (() => PyExpr) => {
    return () => {
      const key = node.id;
      let expr = expressions.get(key);
      if (expr === undefined) {
        expr = toExpr(node, 0);
        expressions.set(key, expr);
      }
      return expr;
    };
  };

  const cursor = tree.walk();
  const open: { id: number; depth: number }[] = [{ id: 0, depth: -1 }];
  let depth = 0;
  try {
    for (;;) {
      while (open.length > 1 && open[open.length - 1]!.depth >= depth) open.pop();
      const scope = open[open.length - 1]!.id;
      const type = cursor.nodeType;
      let descend = true;
      switch (type) {
        case 'function_definition':
        case 'class_definition': {
          const node = cursor.currentNode;
          const name = node.childForFieldName('name')?.text ?? '?';
          bind(name, { kind: 'other', scope, line: node.startPosition.row, how: type === 'function_definition' ? 'def' : 'class' });
          const id = scopes.length;
          scopes.push({ id, kind: type === 'function_definition' ? 'function' : 'class', parent: scope, name });
          open.push({ id, depth });
          if (type === 'function_definition') {
            for (const parameter of node.childForFieldName('parameters')?.namedChildren ?? []) {
              if (!parameter) continue;
              const parameterName = parameterNameOf(parameter);
              if (parameterName === null) continue;
              const value = parameter.childForFieldName('value');
              bind(parameterName, { kind: 'parameter', scope: id, line: parameter.startPosition.row, function: name, defaultValue: value ? lazyExpr(value) : null });
            }
          }
          break;
        }
        case 'import_statement':
        case 'import_from_statement':
          readImport(cursor.currentNode, scope, bind, starImports);
          descend = false;
          break;
        case 'assignment': {
          const node = cursor.currentNode;
          readAssignment(node, scope, bind, lazyExpr, assignedCalls);
          break;
        }
        case 'augmented_assignment': {
          const target = cursor.currentNode.childForFieldName('left');
          if (target?.type === 'identifier') bind(target.text, { kind: 'other', scope, line: target.startPosition.row, how: 'augmented-assignment' });
          break;
        }
        case 'for_statement': {
          for (const name of identifiersIn(cursor.currentNode.childForFieldName('left'))) bind(name.text, { kind: 'other', scope, line: name.startPosition.row, how: 'loop' });
          break;
        }
        case 'as_pattern': {
          const alias = cursor.currentNode.childForFieldName('alias');
          for (const name of identifiersIn(alias)) bind(name.text, { kind: 'other', scope, line: name.startPosition.row, how: 'as' });
          break;
        }
        case 'named_expression': {
          const name = cursor.currentNode.childForFieldName('name');
          if (name) bind(name.text, { kind: 'other', scope, line: name.startPosition.row, how: 'walrus' });
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          for (const name of cursor.currentNode.namedChildren) {
            if (name?.type === 'identifier') bind(name.text, { kind: 'other', scope, line: name.startPosition.row, how: type === 'global_statement' ? 'global' : 'nonlocal' });
          }
          descend = false;
          break;
        case 'call': {
          const node = cursor.currentNode;
          const callee = node.childForFieldName('function');
          if (callee && isCandidate(callee, isCandidateName)) {
            const call = toExpr(node, 0);
            if (call.kind === 'call') calls.push({ call, scope, assignedTo: assignedCalls.get(node.startIndex) ?? null });
          }
          break;
        }
        case 'comment':
        case 'string':
        case 'concatenated_string':
          descend = false;
          break;
      }
      if (descend && cursor.gotoFirstChild()) {
        depth += 1;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { source, scopes, bindings, starImports, calls, hasErrors: tree.rootNode.hasError };
        depth -= 1;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** The last name of a callee (`Adam` in `torch.optim.Adam`), or of the callee of a callee (`inject_hyperparams(…)(…)`). */
function isCandidate(callee: Node, isCandidateCallee: (lastName: string) => boolean): boolean {
  const last = lastName(callee);
  if (last !== null && isCandidateCallee(last)) return true;
  if (callee.type === 'call') {
    const inner = callee.childForFieldName('function');
    const innerLast = inner ? lastName(inner) : null;
    return innerLast !== null && isCandidateCallee(innerLast);
  }
  return false;
}

function lastName(node: Node): string | null {
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') return node.childForFieldName('attribute')?.text ?? null;
  return null;
}

function parameterNameOf(parameter: Node): string | null {
  switch (parameter.type) {
    case 'identifier':
      return parameter.text;
    case 'default_parameter':
    case 'typed_default_parameter':
      return parameter.childForFieldName('name')?.text ?? null;
    case 'typed_parameter':
      return parameter.namedChildren.find((child) => child?.type === 'identifier')?.text ?? null;
    default:
      return null;
  }
}

function identifiersIn(node: Node | null): Node[] {
  if (!node) return [];
  if (node.type === 'identifier') return [node];
  return node.descendantsOfType('identifier').filter((name): name is Node => name !== null);
}

type Bind = (name: string, binding: NameBinding) => void;

/** `import a.b as c`, `from a.b import c as d`, `from a import *`. */
function readImport(node: Node, scope: number, bind: Bind, starImports: { module: string; scope: number; line: number }[]): void {
  const line = node.startPosition.row;
  if (node.type === 'import_statement') {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === 'dotted_name') {
        // `import torch.optim` binds `torch`, which qualifies as itself.
        const head = child.text.split('.')[0]!;
        bind(head, { kind: 'import', scope, line, qualified: head });
      } else if (child.type === 'aliased_import') {
        const name = child.childForFieldName('name')?.text;
        const alias = child.childForFieldName('alias')?.text;
        if (name && alias) bind(alias, { kind: 'import', scope, line, qualified: name });
      }
    }
    return;
  }
  const moduleNode = node.childForFieldName('module_name');
  if (!moduleNode || moduleNode.type === 'relative_import') {
    // `from . import x`: a module of this project, not a framework.
    for (const child of node.namedChildren) {
      if (child && !(moduleNode && child.equals(moduleNode))) for (const name of identifiersIn(child.type === 'aliased_import' ? child.childForFieldName('alias') : child)) bind(name.text, { kind: 'other', scope, line, how: 'project-import' });
    }
    return;
  }
  const module = moduleNode.text;
  for (const child of node.namedChildren) {
    if (!child || child.equals(moduleNode)) continue;
    if (child.type === 'wildcard_import') starImports.push({ module, scope, line });
    else if (child.type === 'dotted_name') bind(child.text, { kind: 'import', scope, line, qualified: `${module}.${child.text}` });
    else if (child.type === 'aliased_import') {
      const name = child.childForFieldName('name')?.text;
      const alias = child.childForFieldName('alias')?.text;
      if (name && alias) bind(alias, { kind: 'import', scope, line, qualified: `${module}.${name}` });
    }
  }
}

/** `a = value`, `a = b = value`, `self.opt = value`, `a, b = …` (the last: bindings the reader does not follow). */
function readAssignment(node: Node, scope: number, bind: Bind, lazyExpr: (node: Node) => () => PyExpr, assignedCalls: Map<number, string>): void {
  // A chain `a = b = value` nests: assignment(a, assignment(b, value)). The innermost right is the value.
  const targets: Node[] = [];
  let current: Node | null = node;
  while (current?.type === 'assignment') {
    const left = current.childForFieldName('left');
    if (left) targets.push(left);
    const right = current.childForFieldName('right');
    if (!right) return; // `x: int` binds nothing
    current = right;
  }
  const value = current;
  if (!value) return;
  for (const target of targets) {
    if (target.type === 'identifier') {
      bind(target.text, { kind: 'assignment', scope, line: target.startPosition.row, value: lazyExpr(value), valueSpan: spanOf(value) });
    } else if (target.type !== 'attribute' && target.type !== 'subscript') {
      for (const name of identifiersIn(target)) bind(name.text, { kind: 'other', scope, line: name.startPosition.row, how: 'unpacking' });
    }
  }
  if (value.type === 'call' && targets.length === 1 && (targets[0]!.type === 'identifier' || targets[0]!.type === 'attribute')) {
    assignedCalls.set(value.startIndex, targets[0]!.text);
  }
}

/** The node as a PyExpr; what the reader does not model becomes `other` with its text. */
function toExpr(node: Node, depth: number): PyExpr {
  const span = spanOf(node);
  const other = (): PyExpr => ({ kind: 'other', text: node.text, span });
  if (depth > MAX_EXPRESSION_DEPTH) return other();
  const child = (field: string): PyExpr | null => {
    const found = node.childForFieldName(field);
    return found ? toExpr(found, depth + 1) : null;
  };
  switch (node.type) {
    case 'integer':
    case 'float': {
      const value = pythonNumber(node.text, node.type === 'float');
      return value === null ? other() : { kind: node.type === 'integer' ? 'int' : 'float', value, span };
    }
    case 'true':
    case 'false':
      return { kind: 'bool', value: node.type === 'true', span };
    case 'none':
      return { kind: 'none', span };
    case 'string': {
      const value = plainString(node);
      return value === null ? other() : { kind: 'str', value, span };
    }
    case 'identifier':
      return { kind: 'name', name: node.text, span };
    case 'attribute': {
      const object = child('object');
      const attribute = node.childForFieldName('attribute')?.text;
      return object && attribute ? { kind: 'attribute', object, name: attribute, span } : other();
    }
    case 'call':
      return callOf(node, span, depth) ?? other();
    case 'binary_operator': {
      const left = child('left');
      const right = child('right');
      const operator = node.childForFieldName('operator')?.text;
      return left && right && operator ? { kind: 'binary', operator, left, right, span } : other();
    }
    case 'unary_operator': {
      const operand = child('argument');
      const operator = node.childForFieldName('operator')?.text;
      return operand && operator ? { kind: 'unary', operator, operand, span } : other();
    }
    case 'parenthesized_expression': {
      const inner = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      return inner.length === 1 ? toExpr(inner[0]!, depth + 1) : other();
    }
    case 'tuple':
    case 'list': {
      const items = node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      return { kind: node.type, items: items.map((item) => toExpr(item, depth + 1)), span };
    }
    case 'dictionary': {
      const entries: (readonly [PyExpr, PyExpr])[] = [];
      for (const pair of node.namedChildren) {
        if (!pair || pair.type === 'comment') continue;
        const key = pair.childForFieldName('key');
        const value = pair.childForFieldName('value');
        if (pair.type !== 'pair' || !key || !value) return other();
        entries.push([toExpr(key, depth + 1), toExpr(value, depth + 1)]);
      }
      return { kind: 'dict', entries, span };
    }
    default:
      return other();
  }
}

function callOf(node: Node, span: Span, depth: number): PyCall | null {
  const calleeNode = node.childForFieldName('function');
  const argumentsNode = node.childForFieldName('arguments');
  if (!calleeNode || !argumentsNode || argumentsNode.type !== 'argument_list') return null;
  const positional: PyExpr[] = [];
  const keywords: KeywordArgument[] = [];
  const splats: string[] = [];
  for (const argument of argumentsNode.namedChildren) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')?.text;
      const value = argument.childForFieldName('value');
      if (name && value) keywords.push({ name, value: toExpr(value, depth + 1), span: spanOf(argument) });
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      splats.push(argument.text);
    } else {
      positional.push(toExpr(argument, depth + 1));
    }
  }
  return { kind: 'call', callee: toExpr(calleeNode, depth + 1), positional, keywords, splats, argumentsSpan: spanOf(argumentsNode), span };
}

/** A Python int or float literal's value (`10_000`, `3e-4`, `0x10`, `1.`); null for imaginary numbers. */
export function pythonNumber(text: string, isFloat: boolean): number | null {
  const digits = text.replace(/_/g, '');
  if (/[jJ]$/.test(digits)) return null;
  if (isFloat) {
    const value = Number(digits.endsWith('.') ? `${digits}0` : digits);
    return Number.isNaN(value) ? null : value;
  }
  // Python 2's `0777` is a syntax error in Python 3; decimal ints may not have leading zeros, except 0 itself.
  const value = /^0[oO]/.test(digits) ? Number.parseInt(digits.slice(2), 8) : Number(digits);
  return Number.isNaN(value) ? null : value;
}

/** The value of a plain string literal ('linear', "cos"): no f-string interpolation, no escapes beyond the simple ones. */
function plainString(node: Node): string | null {
  let content = '';
  for (const part of node.namedChildren) {
    if (!part) continue;
    if (part.type === 'string_start' || part.type === 'string_end') continue;
    if (part.type === 'string_content') content += part.text;
    else return null; // interpolation, escape sequences: not a constant the reader needs
  }
  const start = node.namedChildren.find((part) => part?.type === 'string_start')?.text ?? '';
  if (/[fFbB]/.test(start)) return null;
  return content;
}

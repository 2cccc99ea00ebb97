// @ts-check
/**
 * `gd-lab/no-inherited-lookups`: no lookup by an arbitrary string in a plain object.
 *
 * Names come from user text (a variable called `constructor`, an option `--__proto__`), and a plain object
 * answers such a name from Object.prototype: `table[name]` finds a function, `name in table` is true and
 * `table[name] = value` with `__proto__` replaces the prototype instead of storing the value. So wherever the
 * key is a `string` (not a union of known literals) and the object has a string index signature
 * (`Record<string, T>`, `{ [key: string]: T }`, `Object.fromEntries(…)`), and wherever such a key meets `in`
 * (which consults the prototype of any object), the rule asks for a Map or `Object.hasOwn` instead.
 * Lookups by a typed key (`Record<OptimizerKind, T>`, `'x' in value`) are left alone: they cannot be hostile.
 *
 * Needs type information (parserOptions.projectService).
 */
import ts from 'typescript';
import { ESLintUtils } from '@typescript-eslint/utils';

const WIDE_STRING = ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping;

/** @param {ts.Type} type */
function constituents(type) {
  return type.isUnion() || type.isIntersection() ? type.types : [type];
}

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Disallow looking up an arbitrary string in a plain object (use a Map)' },
    messages: {
      lookup:
        'A string key can be any name, including `constructor` or `__proto__`, which a plain object inherits: keep such tables in a Map (or type the key as a union of known names).',
    },
    schema: [],
  },
  /** @param {import('@typescript-eslint/utils').TSESLint.RuleContext<'lookup', []>} context */
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();

    /** @param {import('@typescript-eslint/utils').TSESTree.Node} node */
    const isWideString = (node) => constituents(services.getTypeAtLocation(node)).some((t) => (t.flags & WIDE_STRING) !== 0);

    /** @param {import('@typescript-eslint/utils').TSESTree.Node} node */
    const hasStringIndex = (node) =>
      constituents(checker.getApparentType(services.getTypeAtLocation(node))).some(
        (t) => checker.getIndexInfoOfType(t, ts.IndexKind.String) !== undefined,
      );

    return {
      MemberExpression(node) {
        if (!node.computed || !isWideString(node.property)) return;
        // An object literal indexed in place (`{ min: 'min' }[word]`) type-checks without an index signature.
        if (node.object.type === 'ObjectExpression' || hasStringIndex(node.object)) context.report({ node, messageId: 'lookup' });
      },
      // `name in object` consults the prototype chain of any object, index signature or not.
      BinaryExpression(node) {
        if (node.operator === 'in' && node.left.type !== 'PrivateIdentifier' && isWideString(node.left)) context.report({ node, messageId: 'lookup' });
      },
    };
  },
};

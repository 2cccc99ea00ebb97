/**
 * Chains of operators in a syntax tree, walked without recursion. `x + x + … + x` of thousands of terms is a tree
 * thousands deep, while every other kind of node (a call, an index, an array) nests only as deep as brackets,
 * which the parser bounds (MAX_DEPTH). The evaluators of losses over data (lowerData.ts, prepare.ts) recurse over
 * the other kinds and take chains from here: their operators' nodes children first, so each is evaluated from
 * operands already known.
 */
import { childrenOf, type Syntax } from '../syntax';

/** A node of a chain: an operator, a sign or brackets. */
export type ChainNode = Extract<Syntax, { kind: 'binary' | 'negate' | 'group' }>;

export function isChainNode(syntax: Syntax): syntax is ChainNode {
  return syntax.kind === 'binary' || syntax.kind === 'negate' || syntax.kind === 'group';
}

/**
 * The chain from `root` children first, left before right: every chain node after its operands, and the nodes
 * that end the chain (whatever is not an operator, sign or brackets) where they are first needed.
 */
export function chainPostOrder(root: Syntax): Syntax[] {
  const order: Syntax[] = [];
  const stack: { node: Syntax; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.expanded || !isChainNode(top.node)) {
      order.push(top.node);
      continue;
    }
    stack.push({ node: top.node, expanded: true });
    const operands = childrenOf(top.node);
    for (let k = operands.length - 1; k >= 0; k -= 1) stack.push({ node: operands[k]!, expanded: false });
  }
  return order;
}

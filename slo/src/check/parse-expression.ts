import { parser } from '@prometheus-io/lezer-promql';
import { unquotePromqlString } from './promql-string.ts';

// The tree types, taken from the parser so that @lezer/common need not be a dependency.
export type Tree = ReturnType<typeof parser.parse>;
export type SyntaxNode = Tree['topNode'];

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  label: string;
  operator: MatchOperator;
  value: string;
}

/** One vector selector: `name{matchers}`, the name possibly given as a `__name__` matcher. */
export interface VectorSelector {
  /** The metric name, from the identifier or an `__name__="..."` matcher. */
  metric?: string;
  /** Every matcher except the one that gave the name. */
  matchers: LabelMatcher[];
  /** The selector as written, for messages. */
  text: string;
}

/** An expression parsed by the PromQL grammar, or where the grammar stopped accepting it. */
export type ParsedExpression =
  | { ok: true; source: string; tree: Tree }
  | { ok: false; offset: number; near: string };

export function parseExpression(source: string): ParsedExpression {
  const tree = parser.parse(source);
  let error: number | undefined;
  tree.iterate({
    enter: (node) => {
      if (error === undefined && node.type.isError) error = node.from;
      return error === undefined;
    },
  });
  if (source.trim() === '') return { ok: false, offset: 0, near: '' };
  if (error === undefined) return { ok: true, source, tree };
  return { ok: false, offset: error, near: source.slice(Math.max(0, error - 20), error + 20) };
}

export function nodeText(source: string, node: SyntaxNode): string {
  return source.slice(node.from, node.to);
}

function readMatcher(source: string, node: SyntaxNode): LabelMatcher | undefined {
  const nameNode = node.getChild('LabelName') ?? node.getChild('QuotedLabelName');
  const operator = node.getChild('MatchOp');
  const values = node.getChildren('StringLiteral');
  const value = values[values.length - 1];
  if (nameNode === null || operator === null || value === undefined) return undefined;
  const rawName = nodeText(source, nameNode);
  return {
    label: nameNode.name === 'QuotedLabelName' ? unquotePromqlString(rawName) : rawName,
    operator: nodeText(source, operator) as MatchOperator,
    value: unquotePromqlString(nodeText(source, value)),
  };
}

/** The selector a VectorSelector node stands for. */
export function readSelector(source: string, node: SyntaxNode): VectorSelector {
  const matchers: LabelMatcher[] = [];
  let metric: string | undefined;
  const identifier = node.getChild('Identifier');
  if (identifier !== null) metric = nodeText(source, identifier);
  for (const child of node.getChild('LabelMatchers')?.getChildren('QuotedLabelName') ?? []) {
    // `{"name", ...}`: a quoted metric name on its own (Prometheus 3 syntax).
    metric = unquotePromqlString(nodeText(source, child));
  }
  const list = node.getChild('LabelMatchers');
  for (const kind of ['UnquotedLabelMatcher', 'QuotedLabelMatcher']) {
    for (const matcherNode of list?.getChildren(kind) ?? []) {
      const matcher = readMatcher(source, matcherNode);
      if (matcher === undefined) continue;
      if (matcher.label === '__name__' && matcher.operator === '=' && metric === undefined) {
        metric = matcher.value;
      } else {
        matchers.push(matcher);
      }
    }
  }
  return { ...(metric === undefined ? {} : { metric }), matchers,
    text: nodeText(source, node) };
}

/** Every vector selector of a parsed expression, in order of appearance. */
export function selectorsOf(parsed: { source: string; tree: Tree }): VectorSelector[] {
  const selectors: VectorSelector[] = [];
  parsed.tree.iterate({
    enter: (node) => {
      if (node.name !== 'VectorSelector') return true;
      selectors.push(readSelector(parsed.source, node.node));
      return false;
    },
  });
  return selectors;
}

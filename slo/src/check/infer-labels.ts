import { nodeText, readSelector, type SyntaxNode } from './parse-expression.ts';
import { unquotePromqlString } from './promql-string.ts';
import { addLabel, copyShape, emptyShape, unionShapes, type SeriesShape } from './series-shape.ts';

/** What an expression yields: series of some shape, or a plain number. */
export type Inferred = SeriesShape | 'scalar';

/** The shape of the series a metric name selects; undefined when nobody has the name. */
export type ShapeLookup = (metric: string) => SeriesShape | undefined;

const EXPRESSIONS = new Set(['VectorSelector', 'MatrixSelector', 'AggregateExpr', 'FunctionCall',
  'BinaryExpr', 'ParenExpr', 'OffsetExpr', 'SubqueryExpr', 'StepInvariantExpr', 'UnaryExpr',
  'NumberDurationLiteral', 'StringLiteral', 'AnchoredExpr', 'SmoothedExpr']);
const SCALAR_FUNCTIONS = new Set(['scalar', 'time', 'pi']);
/** Aggregations that pick series rather than summarise them, so labels stay as they were. */
const SELECTING_AGGREGATIONS = new Set(['topk', 'bottomk', 'limitk', 'limit_ratio']);

function expressionChildren(node: SyntaxNode | null): SyntaxNode[] {
  const children: SyntaxNode[] = [];
  for (let child = node?.firstChild ?? null; child !== null; child = child.nextSibling) {
    if (EXPRESSIONS.has(child.name)) children.push(child);
  }
  return children;
}

function groupingLabels(source: string, node: SyntaxNode | null): string[] {
  const list = node?.getChild('GroupingLabels');
  return (list?.getChildren('LabelName') ?? []).map((label) => nodeText(source, label))
    .concat((list?.getChildren('QuotedLabelName') ?? [])
      .map((label) => unquotePromqlString(nodeText(source, label))));
}

function keepOnly(shape: SeriesShape, labels: string[]): SeriesShape {
  const kept = emptyShape();
  for (const label of labels) {
    const entry = shape.labels.get(label);
    if (entry !== undefined) kept.labels.set(label, { values: new Set(entry.values),
      anyValue: entry.anyValue });
    else if (shape.openLabels) addLabel(kept, label);
  }
  return kept;
}

function without(shape: SeriesShape, labels: string[]): SeriesShape {
  const rest = copyShape(shape);
  for (const label of labels) rest.labels.delete(label);
  return rest;
}

/**
 * The labels (and their possible values) of the series an expression yields, as far as a
 * reading of the expression can tell: for what a recording rule records. Anything it does not
 * follow gives an open shape, which loosens the check rather than failing a correct rule.
 */
export function inferLabels(source: string, node: SyntaxNode, lookup: ShapeLookup): Inferred {
  const infer = (child: SyntaxNode | undefined): Inferred =>
    child === undefined ? emptyShape(true) : inferLabels(source, child, lookup);
  const children = expressionChildren(node);
  switch (node.name) {
    case 'PromQL': case 'ParenExpr': case 'OffsetExpr': case 'SubqueryExpr':
    case 'StepInvariantExpr': case 'UnaryExpr': case 'AnchoredExpr': case 'SmoothedExpr':
    case 'MatrixSelector':
      return infer(children[0]);
    case 'NumberDurationLiteral': case 'StringLiteral':
      return 'scalar';
    case 'VectorSelector': return selectorShape(source, node, lookup);
    case 'AggregateExpr': return aggregateShape(source, node, lookup);
    case 'FunctionCall': return functionShape(source, node, lookup);
    case 'BinaryExpr': return binaryShape(source, node, lookup);
    default: return emptyShape(true);
  }
}

function selectorShape(source: string, node: SyntaxNode, lookup: ShapeLookup): SeriesShape {
  const selector = readSelector(source, node);
  const known = selector.metric === undefined ? undefined : lookup(selector.metric);
  if (known === undefined) return emptyShape(true);
  const shape = copyShape(known);
  // `label="value"` leaves only that value in what the selector yields.
  for (const { label, operator, value } of selector.matchers) {
    if (operator === '=' && shape.labels.has(label)) {
      shape.labels.set(label, { values: new Set([value]), anyValue: false });
    }
  }
  return shape;
}

function aggregateShape(source: string, node: SyntaxNode, lookup: ShapeLookup): Inferred {
  const operator = nodeText(source, node.getChild('AggregateOp') ?? node);
  const args = expressionChildren(node.getChild('FunctionCallBody'));
  const inner = inferLabels(source, args[args.length - 1] ?? node, lookup);
  if (inner === 'scalar') return emptyShape(true);
  const modifier = node.getChild('AggregateModifier');
  let shape = SELECTING_AGGREGATIONS.has(operator) ? copyShape(inner)
    : modifier === null ? emptyShape()
      : modifier.getChild('By') !== null ? keepOnly(inner, groupingLabels(source, modifier))
        : without(inner, groupingLabels(source, modifier));
  if (operator === 'count_values') {
    const label = args[0];
    shape = copyShape(shape);
    if (label?.name === 'StringLiteral') {
      addLabel(shape, unquotePromqlString(nodeText(source, label)));
    } else {
      shape.openLabels = true;
    }
  }
  return shape;
}

function functionShape(source: string, node: SyntaxNode, lookup: ShapeLookup): Inferred {
  const name = nodeText(source, node.getChild('FunctionIdentifier') ?? node);
  const args = expressionChildren(node.getChild('FunctionCallBody'));
  if (SCALAR_FUNCTIONS.has(name)) return 'scalar';
  if (name === 'absent' || name === 'absent_over_time') return absentShape(source, args[0]);
  const shapes = args.map((arg) => inferLabels(source, arg, lookup))
    .filter((shape): shape is SeriesShape => shape !== 'scalar');
  const first = shapes[0];
  if (first === undefined) return emptyShape();
  const shape = copyShape(first);
  if (name === 'histogram_quantile') shape.labels.delete('le');
  if (name === 'label_replace' || name === 'label_join') {
    const target = args[1];
    if (target?.name === 'StringLiteral') {
      const label = unquotePromqlString(nodeText(source, target));
      shape.labels.delete(label);
      addLabel(shape, label);
    } else {
      shape.openLabels = true;
    }
  }
  return shape;
}

/** absent(x{a="b"}) yields one series labelled with the selector's equality matchers. */
function absentShape(source: string, arg: SyntaxNode | undefined): SeriesShape {
  let selectorNode = arg;
  while (selectorNode !== undefined && selectorNode.name !== 'VectorSelector') {
    selectorNode = expressionChildren(selectorNode)[0];
  }
  if (selectorNode === undefined) return emptyShape();
  const shape = emptyShape();
  for (const { label, operator, value } of readSelector(source, selectorNode).matchers) {
    if (operator === '=') addLabel(shape, label, value);
  }
  return shape;
}

function binaryShape(source: string, node: SyntaxNode, lookup: ShapeLookup): Inferred {
  const operands = expressionChildren(node);
  const left = inferLabels(source, operands[0] ?? node, lookup);
  const right = inferLabels(source, operands[operands.length - 1] ?? node, lookup);
  if (left === 'scalar') return right;
  if (right === 'scalar') return left;
  const operator = ['And', 'Or', 'Unless'].find((name) => node.getChild(name) !== null);
  if (operator === 'Or') return unionShapes(left, right);
  if (operator !== undefined) return left;
  const matching = node.getChild('MatchingModifierClause');
  if (matching === null) return left;
  const labels = groupingLabels(source, matching);
  const groupLeft = matching.getChild('GroupLeft') !== null;
  const groupRight = matching.getChild('GroupRight') !== null;
  if (!groupLeft && !groupRight) {
    return matching.getChild('On') !== null ? keepOnly(left, labels) : without(left, labels);
  }
  // group_left(extra): the left's series, with the listed labels copied from the right.
  const [many, one] = groupLeft ? [left, right] : [right, left];
  return unionShapes(many, keepOnly(one, includedLabels(source, matching)));
}

/** The labels named in group_left(...)/group_right(...). */
function includedLabels(source: string, matching: SyntaxNode): string[] {
  const lists = matching.getChildren('GroupingLabels');
  const list = lists.length > 1 ? lists[lists.length - 1] : undefined;
  return (list?.getChildren('LabelName') ?? []).map((label) => nodeText(source, label));
}

import { inferLabels, type ShapeLookup } from './infer-labels.ts';
import { parseExpression } from './parse-expression.ts';
import type { LoadedRule } from './rule-file.ts';
import { emptyShape, shapeKey, unionShapes, type SeriesShape } from './series-shape.ts';

/**
 * The metrics the recording rules write, each with the labels its expression leaves plus the
 * rule's own `labels:`, merged over every rule recording the name. Rules may read each other's
 * output in any order, so the shapes are computed again until they stop changing.
 */
export function recordedMetrics(rules: readonly LoadedRule[], base: ShapeLookup):
  Map<string, SeriesShape> {
  const records = rules.filter((rule) => rule.kind === 'record')
    .map((rule) => ({ rule, parsed: parseExpression(rule.expr) }));
  let recorded = new Map<string, SeriesShape>(records.map(({ rule }) => [rule.name,
    emptyShape()]));
  for (let round = 0; round <= records.length; round += 1) {
    const lookup: ShapeLookup = (metric) => {
      const own = recorded.get(metric);
      const other = base(metric);
      return own === undefined ? other : other === undefined ? own : unionShapes(own, other);
    };
    const next = new Map<string, SeriesShape>();
    for (const { rule, parsed } of records) {
      const inferred = parsed.ok
        ? inferLabels(parsed.source, parsed.tree.topNode, lookup) : emptyShape(true);
      const shape = inferred === 'scalar' ? emptyShape() : inferred;
      // The rule's labels replace whatever the expression had under those names.
      for (const [label, value] of Object.entries(rule.labels)) {
        shape.labels.set(label, { values: new Set([value]), anyValue: false });
      }
      next.set(rule.name, unionShapes(next.get(rule.name) ?? emptyShape(), shape));
    }
    const stable = [...next].every(([name, shape]) =>
      shapeKey(shape) === shapeKey(recorded.get(name) ?? emptyShape()));
    recorded = next;
    if (stable) break;
  }
  return recorded;
}

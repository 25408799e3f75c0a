/**
 * What the check knows of one metric name: its label names and, for each, the values seen.
 * `anyValue` marks a label whose values cannot be listed (Prometheus's `instance`, a label a
 * rule computes); `openLabels` a metric whose label names cannot be listed (ALERTS, a
 * recorded metric whose expression the check cannot follow). Both only ever loosen the check.
 */
export interface LabelValues {
  values: Set<string>;
  anyValue: boolean;
}

export interface SeriesShape {
  labels: Map<string, LabelValues>;
  openLabels: boolean;
}

export function emptyShape(openLabels = false): SeriesShape {
  return { labels: new Map(), openLabels };
}

export function copyShape(shape: SeriesShape): SeriesShape {
  const labels = new Map<string, LabelValues>();
  for (const [name, { values, anyValue }] of shape.labels) {
    labels.set(name, { values: new Set(values), anyValue });
  }
  return { labels, openLabels: shape.openLabels };
}

/** Records that `label` was seen with `value` (undefined: with values nobody can list). */
export function addLabel(shape: SeriesShape, label: string, value?: string): void {
  const entry = shape.labels.get(label) ?? { values: new Set<string>(), anyValue: false };
  if (value === undefined) entry.anyValue = true;
  else entry.values.add(value);
  shape.labels.set(label, entry);
}

/** Everything either shape allows (the series of both together). */
export function unionShapes(a: SeriesShape, b: SeriesShape): SeriesShape {
  const union = copyShape(a);
  union.openLabels ||= b.openLabels;
  for (const [name, { values, anyValue }] of b.labels) {
    const entry = union.labels.get(name) ?? { values: new Set<string>(), anyValue: false };
    for (const value of values) entry.values.add(value);
    entry.anyValue ||= anyValue;
    union.labels.set(name, entry);
  }
  return union;
}

/** A comparable text of a shape, to tell when repeated inference has stopped changing it. */
export function shapeKey(shape: SeriesShape): string {
  const labels = [...shape.labels].sort(([a], [b]) => a.localeCompare(b))
    .map(([name, { values, anyValue }]) =>
      `${name}=${anyValue ? '*' : [...values].sort().join('|')}`);
  return `${shape.openLabels ? 'open' : 'closed'}{${labels.join(',')}}`;
}

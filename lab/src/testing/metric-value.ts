import type { Registry } from 'prom-client';

type Labels = Record<string, string>;

function matches(labels: Readonly<Record<string, unknown>>, wanted: Labels): boolean {
  return Object.entries(wanted).every(([name, value]) => labels[name] === value);
}

/**
 * The value of one series of a counter or gauge (or a histogram's `_count`/`_sum` series),
 * summed over the series whose labels include `labels`; undefined when the metric is missing.
 */
export async function metricValue(registry: Registry, name: string, labels: Labels = {}):
  Promise<number | undefined> {
  const base = name.replace(/_(count|sum)$/, '');
  const metric = registry.getSingleMetric(name) ?? registry.getSingleMetric(base);
  if (metric === undefined) return undefined;
  const { values } = await metric.get();
  const series = values.filter((v) => (v as { metricName?: string }).metricName === undefined
    ? name === base : (v as { metricName?: string }).metricName === name);
  return series.filter((v) => matches(v.labels, labels))
    .reduce((sum, v) => sum + v.value, 0);
}

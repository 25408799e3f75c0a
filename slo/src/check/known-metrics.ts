import type { Exposition } from './exposition.ts';
import { addLabel, copyShape, emptyShape, unionShapes, type SeriesShape } from './series-shape.ts';

/** Prometheus's scrape job of each service (issue-7 conventions). */
export function jobOf(service: string): string {
  return `harborhook-${service}`;
}

/** Series Prometheus writes itself for every scrape target; `scrape_*` are matched by prefix. */
const SCRAPE_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped',
  'scrape_samples_post_metric_relabeling', 'scrape_series_added'];

/**
 * Every metric name the services expose, with the labels and values seen, plus what a
 * Prometheus scrape adds to each series: `job` (the service's job name) and `instance` (any
 * address).
 */
export function exposedMetrics(byService: ReadonlyMap<string, Exposition>):
  Map<string, SeriesShape> {
  const metrics = new Map<string, SeriesShape>();
  for (const [service, exposition] of byService) {
    for (const [name, seen] of exposition) {
      const shape = copyShape(seen);
      addLabel(shape, 'job', jobOf(service));
      addLabel(shape, 'instance');
      metrics.set(name, unionShapes(metrics.get(name) ?? emptyShape(), shape));
    }
  }
  return metrics;
}

/** The series Prometheus itself records, given the services scraped and the alerts defined. */
export function prometheusMetrics(services: Iterable<string>, alertNames: Iterable<string>):
  (metric: string) => SeriesShape | undefined {
  const target = emptyShape();
  for (const service of services) addLabel(target, 'job', jobOf(service));
  addLabel(target, 'instance');
  // An alert's series carry its own and its expression's labels too: left open.
  const alerts = emptyShape(true);
  for (const name of alertNames) addLabel(alerts, 'alertname', name);
  const pendingOrFiring = copyShape(alerts);
  addLabel(pendingOrFiring, 'alertstate', 'pending');
  addLabel(pendingOrFiring, 'alertstate', 'firing');
  return (metric) => {
    if (SCRAPE_SERIES.includes(metric) || metric.startsWith('scrape_')) return target;
    if (metric === 'ALERTS') return pendingOrFiring;
    if (metric === 'ALERTS_FOR_STATE') return alerts;
    return undefined;
  };
}

/** The names `prometheusMetrics` knows, for "closest name" hints. */
export const PROMETHEUS_METRIC_NAMES = [...SCRAPE_SERIES, 'ALERTS', 'ALERTS_FOR_STATE'];

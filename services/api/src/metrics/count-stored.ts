import type { ApiMetrics } from './api-metrics.ts';

/** One newly stored event and the deliveries its fan-out created; duplicates are not counted. */
export function countStored(metrics: ApiMetrics, deliveryCount: number): void {
  metrics.eventsAccepted.inc();
  metrics.deliveriesCreated.inc(deliveryCount);
}

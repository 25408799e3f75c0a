import { Counter, Histogram, type Registry } from 'prom-client';
import { exemplarOptions } from '@harborhook/shared/metrics/exemplars';

export const PUBLISH_OUTCOMES = ['accepted', 'duplicate', 'client_error', 'server_error',
  'rate_limited'] as const;
export type PublishOutcomeLabel = typeof PUBLISH_OUTCOMES[number];

/** As the replays table's kind: one delivery, or an endpoint's dead letters in one go. */
export const REPLAY_KINDS = ['single', 'bulk'] as const;

/**
 * Every plausible ingest latency SLO threshold (25, 50, 100, 250 ms, 1 s) is an exact bucket
 * boundary, so "share of publishes under the threshold" is read from one bucket, not guessed.
 */
const PUBLISH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The api's own metrics, registered on the api's registry. */
export interface ApiMetrics {
  publishRequests: Counter<'outcome'>;
  publishDuration: Histogram<'outcome'>;
  eventsAccepted: Counter;
  deliveriesCreated: Counter;
  replays: Counter<'kind'>;
}

export function createApiMetrics(registry: Registry): ApiMetrics {
  const registers = [registry];
  const metrics: ApiMetrics = {
    publishRequests: new Counter({ name: 'harborhook_publish_requests_total',
      help: 'Publish requests (single and batch) answered, by outcome',
      labelNames: ['outcome'], registers }),
    publishDuration: new Histogram({ name: 'harborhook_publish_duration_seconds',
      help: 'Time from a publish request arriving to its answer, by outcome',
      labelNames: ['outcome'], buckets: PUBLISH_BUCKETS, registers,
      ...exemplarOptions(registry) }),
    eventsAccepted: new Counter({ name: 'harborhook_events_accepted_total',
      help: 'Events newly stored (idempotent duplicates excluded)', registers }),
    deliveriesCreated: new Counter({ name: 'harborhook_deliveries_created_total',
      help: 'Delivery rows created by fan-out of newly stored events', registers }),
    replays: new Counter({ name: 'harborhook_replays_total',
      help: 'Replays recorded, by kind (single delivery or bulk dead letters)',
      labelNames: ['kind'], registers }),
  };
  // Zero series from the start: an error ratio is 0, not "no data", before the first error.
  for (const outcome of PUBLISH_OUTCOMES) {
    metrics.publishRequests.labels(outcome).inc(0);
    metrics.publishDuration.zero({ outcome });
  }
  for (const kind of REPLAY_KINDS) metrics.replays.labels(kind).inc(0);
  return metrics;
}

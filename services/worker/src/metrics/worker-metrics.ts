import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ErrorClass } from '@harborhook/shared/delivery/retry-policy';
import { exemplarOptions } from '@harborhook/shared/metrics/exemplars';
import { ERROR_CLASSES } from './failure-cause.ts';

const OUTCOMES = ['delivered', 'retry', 'dead'] as const;
const FINISHED = ['delivered', 'dead'] as const;
const CAUSES = ['none', 'receiver', 'platform'] as const;

/** Acceptance to delivery spans 10 ms (an idle platform) to an hour (a long retry schedule). */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
  600, 1800, 3600];
const ATTEMPT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The worker's own metrics, registered on the worker's registry. */
export interface WorkerMetrics {
  attempts: Counter<'outcome' | 'error_class'>;
  attemptDuration: Histogram;
  finished: Counter<'status' | 'cause'>;
  firstAttemptDelay: Histogram;
  latency: Histogram;
  retriesScheduled: Counter;
  endpointDeferrals: Counter<'reason'>;
  inFlight: Gauge;
}

/** Why a delivery was given back without an attempt. */
const DEFERRAL_REASONS = ['busy', 'circuit_open'] as const;

export type AttemptOutcome = typeof OUTCOMES[number];
export type ErrorClassLabel = ErrorClass | 'none';

export function createWorkerMetrics(registry: Registry): WorkerMetrics {
  const registers = [registry];
  const exemplars = exemplarOptions(registry);
  const metrics: WorkerMetrics = {
    attempts: new Counter({ name: 'harborhook_delivery_attempts_total',
      help: 'Delivery attempts recorded, by the decision taken and the error class',
      labelNames: ['outcome', 'error_class'], registers }),
    attemptDuration: new Histogram({ name: 'harborhook_delivery_attempt_duration_seconds',
      help: 'Time one attempt took, from sending to the receiver\'s answer or failure',
      buckets: ATTEMPT_BUCKETS, registers, ...exemplars }),
    finished: new Counter({ name: 'harborhook_deliveries_finished_total',
      help: 'Deliveries that reached a final state, by status and whose side caused a death',
      labelNames: ['status', 'cause'], registers }),
    firstAttemptDelay: new Histogram({ name: 'harborhook_delivery_first_attempt_delay_seconds',
      help: 'Time from a delivery\'s creation (the event accepted) to its first attempt',
      buckets: LATENCY_BUCKETS, registers, ...exemplars }),
    latency: new Histogram({ name: 'harborhook_delivery_latency_seconds',
      help: 'Time from a delivery\'s creation (the event accepted) to being delivered',
      buckets: LATENCY_BUCKETS, registers, ...exemplars }),
    retriesScheduled: new Counter({ name: 'harborhook_retries_scheduled_total',
      help: 'Failed attempts after which a retry was scheduled', registers }),
    endpointDeferrals: new Counter({ name: 'harborhook_endpoint_deferrals_total',
      help: 'Deliveries given back without an attempt: endpoint busy or its circuit open',
      labelNames: ['reason'], registers }),
    inFlight: new Gauge({ name: 'harborhook_worker_in_flight_attempts',
      help: 'HTTP attempts this worker has in flight now', registers }),
  };
  // Zero series from the start: a ratio is 0, not "no data", before the first failure.
  for (const outcome of OUTCOMES) {
    for (const errorClass of ['none', ...ERROR_CLASSES]) {
      metrics.attempts.labels(outcome, errorClass).inc(0);
    }
  }
  for (const status of FINISHED) {
    for (const cause of CAUSES) metrics.finished.labels(status, cause).inc(0);
  }
  for (const reason of DEFERRAL_REASONS) metrics.endpointDeferrals.labels(reason).inc(0);
  return metrics;
}

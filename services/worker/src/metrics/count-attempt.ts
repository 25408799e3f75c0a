import type { Decision, ErrorClass } from '@harborhook/shared/delivery/retry-policy';
import { observeTraced } from '@harborhook/shared/metrics/exemplars';
import { failureCause } from './failure-cause.ts';
import type { WorkerMetrics } from './worker-metrics.ts';

export interface CountedAttempt {
  attemptNumber: number;
  errorClass: ErrorClass | null;
  /** When the delivery was created: the event's acceptance, or the replay. */
  createdAt: Date;
  startedAt: Date;
  durationMs: number;
  decision: Decision;
  /** Whether this attempt moved the delivery: false when its lease was lost meanwhile. */
  moved: boolean;
}

/** Counts one recorded attempt; final states only when this attempt really set them. */
export function countAttempt(metrics: WorkerMetrics, attempt: CountedAttempt,
  now = Date.now()): void {
  const { decision, errorClass } = attempt;
  metrics.attempts.labels(decision.outcome, errorClass ?? 'none').inc();
  observeTraced(metrics.attemptDuration, {}, attempt.durationMs / 1000);
  if (attempt.attemptNumber === 1) {
    observeTraced(metrics.firstAttemptDelay, {},
      Math.max(0, attempt.startedAt.getTime() - attempt.createdAt.getTime()) / 1000);
  }
  if (!attempt.moved) return;
  if (decision.outcome === 'retry') {
    metrics.retriesScheduled.inc();
    return;
  }
  metrics.finished.labels(decision.outcome, failureCause(errorClass)).inc();
  if (decision.outcome === 'delivered') {
    observeTraced(metrics.latency, {}, Math.max(0, now - attempt.createdAt.getTime()) / 1000);
  }
}

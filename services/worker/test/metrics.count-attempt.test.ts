import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { metricValue } from '@harborhook/lab/testing/metric-value';
import { countAttempt, type CountedAttempt } from '../src/metrics/count-attempt.ts';
import { failureCause } from '../src/metrics/failure-cause.ts';
import { createWorkerMetrics } from '../src/metrics/worker-metrics.ts';

const CREATED = new Date('2026-01-01T00:00:00Z');

function attempt(overrides: Partial<CountedAttempt>): CountedAttempt {
  return { attemptNumber: 1, errorClass: null, createdAt: CREATED,
    startedAt: new Date(CREATED.getTime() + 2_000), durationMs: 30,
    decision: { outcome: 'delivered' }, moved: true, ...overrides };
}

describe('worker attempt metrics', () => {
  test('a retry counts the attempt and the scheduled retry, not a final state', async () => {
    const registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    countAttempt(metrics, attempt({ errorClass: 'http_5xx',
      decision: { outcome: 'retry', delayMs: 1_000 } }));
    assert.equal(await metricValue(registry, 'harborhook_delivery_attempts_total',
      { outcome: 'retry', error_class: 'http_5xx' }), 1);
    assert.equal(await metricValue(registry, 'harborhook_retries_scheduled_total'), 1);
    assert.equal(await metricValue(registry, 'harborhook_deliveries_finished_total'), 0);
    assert.equal(await metricValue(registry,
      'harborhook_delivery_first_attempt_delay_seconds_sum'), 2);
  });

  test('only an attempt that moved the delivery counts its final state', async () => {
    const registry = new Registry();
    const metrics = createWorkerMetrics(registry);
    countAttempt(metrics, attempt({ attemptNumber: 2, moved: false }));
    countAttempt(metrics, attempt({ attemptNumber: 3, errorClass: 'internal',
      decision: { outcome: 'dead' } }));
    assert.equal(await metricValue(registry, 'harborhook_delivery_attempts_total'), 2);
    assert.equal(await metricValue(registry, 'harborhook_deliveries_finished_total',
      { status: 'dead', cause: 'platform' }), 1);
    assert.equal(await metricValue(registry, 'harborhook_delivery_latency_seconds_count'), 0);
    assert.equal(await metricValue(registry,
      'harborhook_delivery_first_attempt_delay_seconds_count'), 0);
  });

  test('failures split into the receiver\'s side and the platform\'s', () => {
    assert.equal(failureCause(null), 'none');
    for (const errorClass of ['http_4xx', 'timeout', 'dns', 'ssrf_blocked',
      'endpoint_disabled'] as const) assert.equal(failureCause(errorClass), 'receiver');
    assert.equal(failureCause('internal'), 'platform');
  });
});

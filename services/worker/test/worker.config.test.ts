import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_RETRY_POLICY } from '@harborhook/shared/delivery/retry-policy';
import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { readWorkerConfig } from '../src/config.ts';

const BASE = { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
  SECRET_ENCRYPTION_KEYS: generateEncryptionKeyEntry('k1'), SECRET_ENCRYPTION_ACTIVE_KEY: 'k1' };

describe('worker config', () => {
  it('uses the documented defaults', () => {
    const config = readWorkerConfig(BASE);
    assert.deepEqual([config.concurrency, config.endpointConcurrency, config.endpointDeferMs,
      config.attemptLeaseMs, config.deliveryTimeoutMs, config.connectTimeoutMs,
      config.responseCaptureBytes, config.nsqReconnectIntervalMs],
    [200, 10, 1_000, 60_000, 15_000, 5_000, 1_024, 1_000]);
    assert.deepEqual(config.retryPolicy, DEFAULT_RETRY_POLICY);
    assert.ok(Object.isFrozen(config.retryPolicy.scheduleMs));
  });

  it('reads the retry policy from the environment', () => {
    const config = readWorkerConfig({ ...BASE, RETRY_SCHEDULE: '50ms, 2s,1m',
      RETRY_JITTER: '0', RETRY_PERMANENT_STATUS_CODES: '410,422', RETRY_AFTER_MIN: '1s',
      RETRY_AFTER_MAX: '10m' });
    assert.deepEqual(config.retryPolicy, { scheduleMs: [50, 2_000, 60_000], jitter: 0,
      permanentStatusCodes: [410, 422], retryAfterMinMs: 1_000, retryAfterMaxMs: 600_000 });
  });

  it('refuses an attempt lease that does not exceed the delivery timeout', () => {
    assert.throws(() => readWorkerConfig({ ...BASE, WORKER_ATTEMPT_LEASE: '15s',
      DELIVERY_TIMEOUT: '15s' }), /WORKER_ATTEMPT_LEASE must exceed DELIVERY_TIMEOUT/);
  });

  it('lists every problem at once', () => {
    assert.throws(() => readWorkerConfig({ ...BASE, WORKER_CONCURRENCY: '5000',
      RETRY_JITTER: '2', RESPONSE_CAPTURE_BYTES: '1000000', NSQ_RECONNECT_INTERVAL: '100ms',
      RETRY_AFTER_MIN: '1h', RETRY_AFTER_MAX: '1m' }), (err: Error) =>
      ['WORKER_CONCURRENCY', 'RETRY_JITTER', 'RESPONSE_CAPTURE_BYTES', 'NSQ_RECONNECT_INTERVAL',
        'RETRY_AFTER_MIN must not exceed'].every((name) => err.message.includes(name)));
  });
});

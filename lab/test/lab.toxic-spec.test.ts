import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LabError } from '../src/lab/lab-error.ts';
import { toxicBodies } from '../src/lab/toxic-spec.ts';

const invalidToxic = (err: unknown): boolean =>
  err instanceof LabError && err.code === 'LAB_ERR_INVALID_TOXIC';

test('a toxic on both streams becomes one upstream and one downstream toxic', () => {
  assert.deepEqual(toxicBodies({ type: 'latency', latencyMs: 200, stream: 'both', name: 'pg' }), [
    { name: 'pg-up', type: 'latency', stream: 'upstream', toxicity: 1,
      attributes: { latency: 200, jitter: 0 } },
    { name: 'pg-down', type: 'latency', stream: 'downstream', toxicity: 1,
      attributes: { latency: 200, jitter: 0 } },
  ]);
});

test('a toxic defaults to Toxiproxy\'s downstream direction and is named after its type', () => {
  assert.deepEqual(toxicBodies({ type: 'reset_peer', timeoutMs: 0, toxicity: 0.3 }), [
    { name: 'reset_peer', type: 'reset_peer', stream: 'downstream', toxicity: 0.3,
      attributes: { timeout: 0 } },
  ]);
  assert.deepEqual(toxicBodies({ type: 'slicer', averageSize: 64, sizeVariation: 16,
    delayUs: 10 })[0]?.attributes, { average_size: 64, size_variation: 16, delay: 10 });
});

test('a bandwidth toxic with rate 0, which would hang the link, is refused', () => {
  assert.throws(() => toxicBodies({ type: 'bandwidth', rateKBps: 0 }), invalidToxic);
  assert.equal(toxicBodies({ type: 'bandwidth', rateKBps: 5 })[0]?.attributes.rate, 5);
});

test('negative or fractional attributes, bad toxicity and bad names are refused', () => {
  assert.throws(() => toxicBodies({ type: 'latency', latencyMs: -1 }), invalidToxic);
  assert.throws(() => toxicBodies({ type: 'timeout', timeoutMs: 1.5 }), invalidToxic);
  assert.throws(() => toxicBodies({ type: 'limit_data', bytes: 10, toxicity: 2 }), invalidToxic);
  assert.throws(() => toxicBodies({ type: 'slow_close', delayMs: 5, name: 'a/b' }), invalidToxic);
  assert.throws(() => toxicBodies({ type: 'slicer', averageSize: 8, sizeVariation: 8 }),
    invalidToxic);
});

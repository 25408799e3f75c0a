import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import { startTracing, stopTracing, tracingEnabled } from '../src/telemetry/tracing.ts';

/** A processor whose flush and shutdown never finish, like an exporter whose collector hangs. */
const hanging: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: () => new Promise<void>(() => undefined),
  shutdown: () => new Promise<void>(() => undefined),
};

test('stopping tracing gives up on a collector that does not answer, and says so', async () => {
  assert.equal(await startTracing('harborhook-test', {}, { spanProcessors: [hanging] }), true);
  assert.equal(tracingEnabled(), true);
  assert.equal(await stopTracing(), false, 'spans left unexported');
  assert.equal(tracingEnabled(), false);
  assert.equal(await stopTracing(), true, 'a second stop has nothing to do');
});

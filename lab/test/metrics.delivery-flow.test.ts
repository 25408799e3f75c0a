import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { sampleSum, scrape } from '../src/testing/scrape.ts';
import { createEndpoint, publish } from './support.ts';

test('one publish delivered shows up in the api, relay and worker metrics', async () => {
  await using platform = await startPlatform();
  const receiver = await Receiver.start();
  try {
    const token = await platform.token('metered');
    await createEndpoint(platform, token, receiver.url('/hooks'), ['order.*']);
    await publish(platform, token, 'order.created', '{"n":1}');
    const workerUrl = platform.metricsUrls.workers[0] ?? '';
    const worker = await waitFor(async () => {
      const samples = await scrape(workerUrl);
      return sampleSum(samples, 'harborhook_deliveries_finished_total',
        { status: 'delivered' }) === 1 ? samples : undefined;
    }, { what: 'the worker to count one delivered delivery' });
    const api = await scrape(platform.metricsUrls.api);
    const relay = await scrape(platform.metricsUrls.relay);

    assert.equal(sampleSum(api, 'harborhook_publish_requests_total',
      { outcome: 'accepted', service: 'api' }), 1);
    assert.equal(sampleSum(api, 'harborhook_publish_requests_total'), 1);
    assert.equal(sampleSum(api, 'harborhook_events_accepted_total'), 1);
    assert.equal(sampleSum(api, 'harborhook_deliveries_created_total'), 1);

    assert.equal(sampleSum(relay, 'harborhook_relay_published_total'), 1);
    assert.equal(sampleSum(relay, 'harborhook_relay_publish_failures_total'), 0);
    // Nothing is left waiting for the relay once the delivery is done.
    assert.equal(sampleSum(relay, 'harborhook_deliveries_due'), 0);
    assert.equal(sampleSum(relay, 'harborhook_deliveries_oldest_due_age_seconds'), 0);

    assert.equal(sampleSum(worker, 'harborhook_delivery_attempts_total',
      { outcome: 'delivered', error_class: 'none', service: 'worker' }), 1);
    assert.equal(sampleSum(worker, 'harborhook_delivery_attempts_total'), 1);
    assert.equal(sampleSum(worker, 'harborhook_deliveries_finished_total',
      { status: 'delivered', cause: 'none' }), 1);
    assert.equal(sampleSum(worker, 'harborhook_delivery_latency_seconds_count'), 1);
    assert.equal(sampleSum(worker, 'harborhook_delivery_first_attempt_delay_seconds_count'), 1);
    assert.equal(sampleSum(worker, 'harborhook_delivery_attempt_duration_seconds_count'), 1);
    assert.equal(sampleSum(worker, 'harborhook_retries_scheduled_total'), 0);
    assert.equal(sampleSum(worker, 'harborhook_worker_in_flight_attempts'), 0);
    // Zeroed from the start: the failure series exist before any failure.
    assert.ok(worker.some((s) => s.name === 'harborhook_deliveries_finished_total'
      && s.labels.status === 'dead' && s.labels.cause === 'platform' && s.value === 0));
  } finally {
    await receiver.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { capturingLogger } from '../src/testing/capturing-logger.ts';
import { sampleSum, scrape } from '../src/testing/scrape.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { createEndpoint, publish, waitUntilAllFinal } from './support.ts';

test('an endpoint that is down has its circuit opened; its deliveries wait, not die, and all '
  + 'arrive after it recovers, while a healthy endpoint is served throughout', async (t) => {
  const log = capturingLogger('platform', 'info');
  await using platform = await startPlatform({ logger: log.logger, worker: {
    WORKER_CIRCUIT_FAILURES: '3', WORKER_CIRCUIT_OPEN: '200ms', WORKER_CIRCUIT_MAX_OPEN: '400ms',
    WORKER_ENDPOINT_CONCURRENCY: '1', RETRY_SCHEDULE: Array(12).fill('20ms').join(',') } });
  const down = await Receiver.start({ kind: 'status', status: 503 });
  const healthy = await Receiver.start({ kind: 'succeed' });
  t.after(() => Promise.all([down.close(), healthy.close()]));
  const token = await platform.token('circuits');
  await createEndpoint(platform, token, down.url('/down'), ['order.down']);
  await createEndpoint(platform, token, healthy.url('/up'), ['order.up']);
  const worker = platform.metricsUrls.workers[0] ?? '';

  for (let i = 0; i < 8; i += 1) await publish(platform, token, 'order.down', `{"i":${i}}`);
  await waitFor(async () => sampleSum(await scrape(worker), 'harborhook_endpoint_deferrals_total',
    { reason: 'circuit_open' }) >= 8, { what: 'deliveries to wait out the open circuit' });
  const opened = log.lines.find((line) => line.msg.startsWith('endpoint circuit opened'));
  assert.equal(opened?.consecutiveFailures, 3);
  const circuits = await scrape(worker);
  assert.equal(sampleSum(circuits, 'harborhook_endpoint_circuits', { state: 'open' })
    + sampleSum(circuits, 'harborhook_endpoint_circuits', { state: 'half_open' }), 1);

  // The healthy endpoint is not held up by its neighbour's circuit.
  await publish(platform, token, 'order.up', '{"ok":true}');
  await healthy.waitForRequests(1);
  const { rows } = await platform.pool.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM deliveries WHERE status = 'dead'");
  assert.equal(rows[0]?.n, 0, 'no delivery spent its retries on the open circuit');

  down.setBehaviour({ kind: 'succeed' });
  assert.deepEqual(await waitUntilAllFinal(platform), { delivered: 9 });
  assert.ok(log.lines.some((line) => line.msg === 'endpoint circuit closed'));
  const after = await scrape(worker);
  assert.equal(sampleSum(after, 'harborhook_endpoint_circuits'), 0);
});

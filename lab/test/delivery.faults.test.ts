import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import {
  assertSigned, createEndpoint, publish, statusCounts, waitUntilAllFinal,
} from './support.ts';

test('events published while nsqd is stopped are all accepted and delivered once it is back',
  async () => {
    await using platform = await startPlatform();
    const receiver = await Receiver.start();
    try {
      const token = await platform.token('acme');
      const endpoint = await createEndpoint(platform, token, receiver.url());
      await platform.nsqd.stop();

      const ids: string[] = [];
      for (let i = 0; i < 25; i += 1) {
        ids.push((await publish(platform, token, 'order.created', `{"n":${i}}`)).id);
      }
      const whileDown = await statusCounts(platform);
      assert.equal(whileDown.delivered ?? 0, 0, 'nothing can be delivered without nsqd');
      assert.equal(Object.values(whileDown).reduce((a, b) => a + b, 0), 25,
        'every accepted event has its delivery stored');

      await platform.nsqd.resume();
      assert.deepEqual(await waitUntilAllFinal(platform), { delivered: 25 });
      const seen = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      assert.deepEqual([...ids].sort(), [...seen].sort());
      for (const request of receiver.requests) assertSigned(request, endpoint.secret);
    } finally {
      await receiver.close();
    }
  });

test('a worker killed with SIGKILL mid-delivery loses nothing: every delivery ends delivered',
  async () => {
    await using platform = await startPlatform({ workers: 0 });
    // Slow answers keep attempts in flight at the moment of the kill.
    const receiver = await Receiver.start({ kind: 'slow', delayMs: 300 });
    try {
      const token = await platform.token('acme');
      await createEndpoint(platform, token, receiver.url());
      const first = platform.workerProcess({ WORKER_ENDPOINT_CONCURRENCY: '5' });
      first.start();

      const ids: string[] = [];
      for (let i = 0; i < 40; i += 1) {
        ids.push((await publish(platform, token, 'order.created', `{"n":${i}}`)).id);
      }
      await receiver.waitForRequests(3);
      const { rows } = await platform.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM deliveries WHERE status = 'attempting'");
      assert.ok(Number(rows[0]?.n) > 0, 'some attempts are in flight when the worker dies');
      await first.signal('SIGKILL');

      const second = platform.workerProcess({ WORKER_ENDPOINT_CONCURRENCY: '5' });
      second.start();
      assert.deepEqual(await waitUntilAllFinal(platform, 90_000), { delivered: 40 });
      const seen = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      assert.ok(ids.every((id) => seen.has(id)), 'every event reached the receiver');
    } finally {
      await receiver.close();
    }
  });

import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import pg from 'pg';
import { Registry } from 'prom-client';
import { Nsqd } from '@harborhook/lab/env/nsqd';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  insertDeliveries, insertDelivery, insertEndpoint, insertEvent, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { topicDepth } from '@harborhook/lab/testing/nsqd-client';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { readRelayConfig } from '../src/config.ts';
import { startRelay } from '../src/relay.ts';
import { createRelayMetrics } from '../src/metrics/relay-metrics.ts';
import { PublishLoop } from '../src/publish-loop.ts';
import type { MessagePublisher } from '../src/nsq-publisher.ts';
import { decodeDeliveryMessage } from '@harborhook/shared/nsq/delivery-message';

let nsqd: Nsqd;
before(async () => { nsqd = await Nsqd.start(); });
after(async () => { await nsqd.close(); });

async function setup(t: TestContext) {
  const databaseUrl = await createTestDatabase();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3 });
  t.after(() => pool.end());
  const topic = `relay_${Math.random().toString(36).slice(2, 10)}`;
  const endpoint = await insertEndpoint(pool, { url: 'http://127.0.0.1:9/unused' });
  const start = async (env: Record<string, string> = {}) => {
    const config = readRelayConfig({ DATABASE_URL: databaseUrl, NSQ_TOPIC: topic,
      NSQD_TCP_ADDRESS: nsqd.tcpAddress, NSQD_HTTP_ADDRESS: nsqd.httpAddress,
      RELAY_POLL_INTERVAL: '10ms', METRICS_PORT: '0', ...env });
    const relay = await startRelay(config, { logger: capturingLogger('relay').logger });
    t.after(() => relay.stop());
    return relay;
  };
  return { pool, topic, endpoint, start };
}

describe('relay publishing', () => {
  it('publishes each due delivery once, marks it queued with a lease, and leaves later ones',
    async (t) => {
      const { pool, topic, endpoint, start } = await setup(t);
      const due = await insertDeliveries(pool, endpoint, 7);
      const later = await insertDelivery(pool, await insertEvent(pool, { payload: '{}' }),
        endpoint, { dueInMs: 3_600_000 });
      await start({ RELAY_QUEUED_LEASE: '90s' });

      await waitFor(async () => (await statusCounts(pool, due)).queued === 7);
      await waitFor(async () => await topicDepth(nsqd.httpAddress, topic) === 7);
      assert.deepEqual(await statusCounts(pool, [later]), { scheduled: 1 });
      const { rows } = await pool.query<{ lease_s: number }>(`SELECT round(extract(epoch FROM
        lease_expires_at - updated_at))::integer AS lease_s FROM deliveries WHERE id = $1`,
      [due[0]]);
      assert.equal(rows[0]?.lease_s, 90);
    });

  it('publishes a backlog larger than one batch in several batches', async (t) => {
    const { pool, topic, endpoint, start } = await setup(t);
    const ids = await insertDeliveries(pool, endpoint, 23);
    await start({ RELAY_BATCH_SIZE: '5' });
    await waitFor(async () => (await statusCounts(pool, ids)).queued === 23);
    await waitFor(async () => await topicDepth(nsqd.httpAddress, topic) === 23);
  });

  it('publishes each delivery exactly once when several relays run at once', async (t) => {
    const { pool, topic, endpoint, start } = await setup(t);
    const ids = await insertDeliveries(pool, endpoint, 150);
    await Promise.all([1, 2, 3].map(() => start({ RELAY_BATCH_SIZE: '7' })));
    await waitFor(async () => (await statusCounts(pool, ids)).queued === 150);
    await waitFor(async () => await topicDepth(nsqd.httpAddress, topic) >= 150);
    assert.equal(await topicDepth(nsqd.httpAddress, topic), 150);
  });
});

describe('relay publishing order', () => {
  it('commits deliveries as queued before publishing them, so a worker can claim at once',
    async (t) => {
      const { pool, endpoint } = await setup(t);
      const ids = await insertDeliveries(pool, endpoint, 5);
      const seenAtPublish: string[][] = [];
      // A publisher that looks at the rows, from another connection, the moment it is called:
      // exactly what a worker receiving the message immediately would see.
      const publisher: MessagePublisher = {
        publish: async (messages) => {
          const published = messages.map((m) => decodeDeliveryMessage(m)?.deliveryId ?? '');
          const { rows } = await pool.query<{ status: string }>(
            'SELECT status FROM deliveries WHERE id = ANY($1::uuid[])', [published]);
          seenAtPublish.push(rows.map((row) => row.status));
        },
      };
      const loop = new PublishLoop({ pool, publisher, topic: 'deliveries',
        logger: capturingLogger('relay').logger,
        batchSize: 10, pollIntervalMs: 10, queuedLeaseMs: 60_000,
        metrics: createRelayMetrics(new Registry()) });
      loop.start();
      t.after(() => loop.stop());
      await waitFor(() => seenAtPublish.length > 0);
      assert.deepEqual(seenAtPublish[0], ids.map(() => 'queued'));
    });

  it('returns a batch whose publish failed to scheduled at once, not after its lease',
    async (t) => {
      const { pool, endpoint } = await setup(t);
      const ids = await insertDeliveries(pool, endpoint, 3);
      let calls = 0;
      const publisher: MessagePublisher = {
        publish: async () => {
          calls += 1;
          throw new Error('nsqd refused');
        },
      };
      const loop = new PublishLoop({ pool, publisher, topic: 'deliveries',
        logger: capturingLogger('relay').logger,
        batchSize: 10, pollIntervalMs: 10, queuedLeaseMs: 3_600_000,
        metrics: createRelayMetrics(new Registry()) });
      loop.start();
      await waitFor(() => calls >= 2, { what: 'a second publish attempt of the same batch' });
      await loop.stop();
      assert.deepEqual(await statusCounts(pool, ids), { scheduled: 3 });
    });
});

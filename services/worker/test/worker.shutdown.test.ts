import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  attemptsOf, insertDeliveries, insertEndpoint, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

describe('worker shutdown', () => {
  it('finishes attempts in flight before it stops', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver({ kind: 'slow', delayMs: 300 });
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
    await bed.startRelay();
    const { worker } = await bed.startWorker({ SHUTDOWN_GRACE: '20s' });
    const ids = await insertDeliveries(bed.pool, endpoint, 3);
    await receiver.waitForRequests(3);

    await worker.stop();
    assert.deepEqual(await statusCounts(bed.pool, ids), { delivered: 3 });
  });

  it('gives back attempts still running when the grace period ends, without counting them',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const receiver = await bed.receiver({ kind: 'hang' });
      const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
      const { relay } = await bed.startRelay();
      const { worker } = await bed.startWorker({ SHUTDOWN_GRACE: '100ms',
        DELIVERY_TIMEOUT: '60s', WORKER_ATTEMPT_LEASE: '120s' });
      const ids = await insertDeliveries(bed.pool, endpoint, 2);
      await receiver.waitForRequests(2);
      await waitFor(async () => (await statusCounts(bed.pool, ids)).attempting === 2);
      await relay.stop();

      await worker.stop();
      assert.deepEqual(await statusCounts(bed.pool, ids), { scheduled: 2 });
      const { rows } = await bed.pool.query<{ n: number }>(`SELECT count(*)::integer AS n
        FROM deliveries WHERE id = ANY($1) AND attempt_count = 0`, [ids]);
      assert.equal(rows[0]?.n, 2);
      for (const id of ids) assert.deepEqual(await attemptsOf(bed.pool, id), []);
    });
});

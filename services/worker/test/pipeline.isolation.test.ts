import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  insertDeliveries, insertEndpoint, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

describe('pipeline isolation', () => {
  it('delivers a healthy endpoint in full while a hanging endpoint holds only its own slots',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const hanging = await bed.receiver({ kind: 'hang' });
      const healthy = await bed.receiver();
      const slow = await insertEndpoint(bed.pool, { url: hanging.url('/stuck') });
      const fine = await insertEndpoint(bed.pool, { url: healthy.url('/ok') });
      // The hanging endpoint's work is due first, so it reaches the worker first.
      const stuckIds = await insertDeliveries(bed.pool, slow, 10);
      const fineIds = await insertDeliveries(bed.pool, fine, 30);
      const env = { WORKER_CONCURRENCY: '10', WORKER_ENDPOINT_CONCURRENCY: '3',
        DELIVERY_TIMEOUT: '60s', WORKER_ATTEMPT_LEASE: '120s' };
      await bed.startRelay(env);
      await bed.startWorker(env);

      await hanging.waitForRequests(3);
      await waitFor(async () => (await statusCounts(bed.pool, fineIds)).delivered === 30,
        { what: 'every healthy delivery delivered' });

      const stuck = await statusCounts(bed.pool, stuckIds);
      assert.equal(stuck.delivered ?? 0, 0);
      assert.equal(stuck.dead ?? 0, 0);
      // Deferred deliveries pass through attempting briefly, so only a lower bound holds here.
      assert.ok((stuck.attempting ?? 0) >= 3, 'the three hanging attempts are still running');
      assert.equal(hanging.requests.length, 3, 'one request per endpoint slot; the rest deferred');
    });
});

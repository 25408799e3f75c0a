import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  insertDelivery, insertEndpoint, insertEvent, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

describe('deliveries final state', () => {
  it('refuses to move a delivered delivery back to any other status', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver();
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
    const id = await insertDelivery(bed.pool, await insertEvent(bed.pool, { payload: '{}' }),
      endpoint);
    await bed.startRelay();
    await bed.startWorker();
    await waitFor(async () => (await statusCounts(bed.pool)).delivered === 1);

    for (const status of ['scheduled', 'queued', 'attempting', 'dead']) {
      await assert.rejects(bed.pool.query('UPDATE deliveries SET status = $2 WHERE id = $1',
        [id, status]), /is final/);
    }
    assert.deepEqual(await statusCounts(bed.pool), { delivered: 1 });
  });
});

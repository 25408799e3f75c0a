import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  attemptsOf, insertDelivery, insertEndpoint, insertEvent, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { channelStats, publishRaw } from '@harborhook/lab/testing/nsqd-client';
import { encodeDeliveryMessage } from '@harborhook/shared/nsq/delivery-message';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

/** Waits until the channel has received `count` messages and holds none of them. */
async function channelSettled(bed: TestBed, count: number): Promise<void> {
  await waitFor(async () => {
    const stats = await channelStats(bed.nsqd.httpAddress, bed.topic, bed.channel);
    return stats !== undefined && stats.messageCount === count && stats.depth === 0
      && stats.inFlight === 0 && stats.deferred === 0;
  }, { what: `${count} messages finished on the channel` });
}

describe('worker duplicates', () => {
  it('finishes a duplicate message for a delivered delivery without sending again',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const receiver = await bed.receiver();
      const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
      const id = await insertDelivery(bed.pool, await insertEvent(bed.pool,
        { payload: '{"once":true}' }), endpoint);
      await bed.startRelay();
      await bed.startWorker();
      await waitFor(async () => (await statusCounts(bed.pool)).delivered === 1);
      await channelSettled(bed, 1);

      await publishRaw(bed.nsqd.httpAddress, bed.topic,
        encodeDeliveryMessage({ deliveryId: id }));
      await channelSettled(bed, 2);

      assert.equal(receiver.requests.length, 1);
      assert.equal((await attemptsOf(bed.pool, id)).length, 1);
      assert.deepEqual(await statusCounts(bed.pool), { delivered: 1 });
    });

  it('finishes undecodable messages and keeps delivering', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver();
    const { log } = await bed.startWorker();
    await publishRaw(bed.nsqd.httpAddress, bed.topic, 'not json at all');
    await publishRaw(bed.nsqd.httpAddress, bed.topic, '{"d":"not-a-uuid"}');
    await publishRaw(bed.nsqd.httpAddress, bed.topic, encodeDeliveryMessage(
      { deliveryId: '01890000-0000-7000-8000-000000000000' }));
    await channelSettled(bed, 3);
    assert.equal(log.lines.filter((l) => l.msg.startsWith('undecodable')).length, 2);

    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
    await insertDelivery(bed.pool, await insertEvent(bed.pool, { payload: '{}' }), endpoint);
    await bed.startRelay();
    await waitFor(async () => (await statusCounts(bed.pool)).delivered === 1);
  });
});

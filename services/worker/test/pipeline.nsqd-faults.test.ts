import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  insertDeliveries, insertEndpoint, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { topicDepth } from '@harborhook/lab/testing/nsqd-client';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

async function allDelivered(bed: TestBed, count: number): Promise<void> {
  await waitFor(async () => (await statusCounts(bed.pool)).delivered === count,
    { what: `${count} deliveries delivered` });
}

describe('pipeline under nsqd faults', () => {
  it('keeps consuming after nsqd stops and starts again', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver();
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
    await bed.startRelay();
    const { log } = await bed.startWorker();
    await insertDeliveries(bed.pool, endpoint, 5);
    await allDelivered(bed, 5);

    await bed.nsqd.stop();
    await bed.nsqd.resume();
    await insertDeliveries(bed.pool, endpoint, 5);
    await allDelivered(bed, 10);
    assert.ok(log.lines.filter((l) => l.msg === 'connected to nsqd').length >= 2,
      'the worker reconnected');
  });

  it('backs off while nsqd is down, loses nothing and delivers everything after it returns',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const receiver = await bed.receiver();
      const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
      const { log } = await bed.startRelay();
      await bed.startWorker();
      await bed.nsqd.stop();

      const ids = await insertDeliveries(bed.pool, endpoint, 20);
      const failures = await waitFor(() => {
        const lines = log.lines.filter((l) => l.msg.startsWith('publishing due deliveries failed'));
        return lines.length >= 4 && lines;
      }, { what: 'the relay to fail publishing several times' });
      const waits = failures.map((l) => Number(l.retryInMs));
      assert.ok((waits.at(-1) ?? 0) > (waits[0] ?? 0), `backoff grows: ${waits.join(', ')}`);
      assert.deepEqual(await statusCounts(bed.pool, ids), { scheduled: 20 },
        'failed batches were rolled back');

      await bed.nsqd.resume();
      await allDelivered(bed, 20);
      assert.equal(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size, 20);
      assert.ok(log.lines.some((l) => l.msg === 'publishing resumed'));
    });

  it('republishes deliveries whose messages died with a killed nsqd', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver();
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
    const { log } = await bed.startRelay({ RELAY_QUEUED_LEASE: '1s' });
    const ids = await insertDeliveries(bed.pool, endpoint, 10);
    await waitFor(async () => (await statusCounts(bed.pool, ids)).queued === 10
      && await topicDepth(bed.nsqd.httpAddress, bed.topic) === 10);

    await bed.nsqd.kill();
    await bed.nsqd.resume();
    assert.equal(await topicDepth(bed.nsqd.httpAddress, bed.topic), 0, 'the messages are gone');

    await bed.startWorker();
    await allDelivered(bed, 10);
    assert.ok(log.lines.some((l) => l.msg === 'put back deliveries whose lease expired'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  insertDeliveries, insertEndpoint, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';
import { WorkerProcess } from './support/worker-process.ts';

const nsqd = nsqdForThisFile();

describe('pipeline when a worker process dies', () => {
  it('delivers everything after a worker is SIGKILLed in the middle of attempts', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver({ kind: 'slow', delayMs: 400 });
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url() });
    const workerEnv = bed.env({ WORKER_ENDPOINT_CONCURRENCY: '5', DELIVERY_TIMEOUT: '2s',
      WORKER_ATTEMPT_LEASE: '3s' });
    // Messages in flight at the dead worker come back only when nsqd times them out (60 s);
    // the queued lease brings their deliveries back sooner.
    await bed.startRelay({ RELAY_QUEUED_LEASE: '2s' });
    const first = await WorkerProcess.start(workerEnv);
    t.after(() => first.kill());
    const ids = await insertDeliveries(bed.pool, endpoint, 20);

    await receiver.waitForRequests(3);
    await first.kill();
    const orphaned = (await statusCounts(bed.pool, ids)).attempting ?? 0;
    assert.ok(orphaned > 0, 'attempts were cut off mid-flight');

    const second = await WorkerProcess.start(workerEnv);
    t.after(() => second.kill());
    await waitFor(async () => (await statusCounts(bed.pool, ids)).delivered === 20,
      { what: 'all 20 delivered after the restart', timeoutMs: 60_000 });
    assert.equal(new Set(receiver.requests.map((r) => r.headers['harborhook-delivery-id'])).size,
      20);
  });
});

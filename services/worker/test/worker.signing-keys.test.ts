import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  attemptsOf, insertDelivery, insertEndpoint, insertEvent, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

describe('worker signing keys', () => {
  it('signs with a secret still stored in plaintext before the api sealed it', async (t) => {
    const bed = await TestBed.open(t, nsqd());
    const receiver = await bed.receiver();
    const endpoint = await insertEndpoint(bed.pool, { url: receiver.url('/hooks') });
    // As a row written before migration 0002 looks: plaintext column, no sealed key.
    await bed.pool.query('DELETE FROM endpoint_secrets WHERE endpoint_id = $1', [endpoint.id]);
    await bed.pool.query('UPDATE endpoints SET secret = $2 WHERE id = $1',
      [endpoint.id, endpoint.secret]);
    const event = await insertEvent(bed.pool, { payload: '{"legacy":true}' });
    await insertDelivery(bed.pool, event, endpoint);
    await bed.startRelay();
    await bed.startWorker();
    const [request] = await receiver.waitForRequests(1);
    assert.ok(request);
    new Webhook(endpoint.secret).verify(request.body.toString('utf8'), request.headers);
  });

  it('a key that does not decrypt sends nothing and fails the attempt as internal',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const receiver = await bed.receiver();
      const endpoint = await insertEndpoint(bed.pool, { url: receiver.url('/hooks') });
      await bed.pool.query(`UPDATE endpoint_secrets SET key_id = 'retired-kid'
        WHERE endpoint_id = $1`, [endpoint.id]);
      const event = await insertEvent(bed.pool, { payload: '{"a":1}' });
      const deliveryId = await insertDelivery(bed.pool, event, endpoint);
      await bed.startRelay();
      const { log } = await bed.startWorker({ RETRY_SCHEDULE: '10ms' });

      await waitFor(async () => (await statusCounts(bed.pool)).dead === 1,
        { what: 'the delivery to die after its attempts' });
      const attempts = await attemptsOf(bed.pool, deliveryId);
      assert.deepEqual(attempts.map((a) => [a.statusCode, a.errorClass, a.outcome]),
        [[null, 'internal', 'retry'], [null, 'internal', 'dead']]);
      assert.equal(receiver.requests.length, 0);
      assert.match(log.text(), /cannot sign the delivery/);
      assert.match(log.text(), /retired-kid/);
      assert.ok(!log.text().includes(endpoint.secret));
    });
});

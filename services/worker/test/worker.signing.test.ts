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

describe('worker signing', () => {
  it('delivers a webhook whose signature verifies with standardwebhooks on the raw body',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const receiver = await bed.receiver();
      const endpoint = await insertEndpoint(bed.pool, { url: receiver.url('/hooks?token=abc'),
        headers: { 'x-custom': 'yes', 'webhook-id': 'spoofed', 'Content-Type': 'text/plain' } });
      const event = await insertEvent(bed.pool, { payload: '{"order": 1}' });
      const deliveryId = await insertDelivery(bed.pool, event, endpoint);
      const { log: relayLog } = await bed.startRelay();
      const { log: workerLog } = await bed.startWorker();

      const [request] = await receiver.waitForRequests(1);
      assert.ok(request);
      const verified = new Webhook(endpoint.secret).verify(request.body.toString('utf8'),
        request.headers);
      assert.deepEqual(verified, { order: 1 });
      assert.equal(request.headers['webhook-id'], event.id);
      assert.equal(request.headers['harborhook-delivery-id'], deliveryId);
      assert.equal(request.headers['harborhook-attempt'], '1');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers['user-agent'], 'Harborhook/0.1');
      assert.equal(request.headers['x-custom'], 'yes');

      await waitFor(async () => (await statusCounts(bed.pool)).delivered === 1);
      const attempts = await attemptsOf(bed.pool, deliveryId);
      assert.deepEqual(attempts.map((a) => [a.attemptNumber, a.statusCode, a.errorClass,
        a.outcome]), [[1, 200, null, 'delivered']]);

      const logged = relayLog.text() + workerLog.text();
      assert.ok(!logged.includes(endpoint.secret), 'the secret is never logged');
      assert.ok(!logged.includes(request.headers['webhook-signature'] ?? '?'));
      assert.ok(!logged.includes('token=abc'), 'URL query strings are never logged');
    });
});

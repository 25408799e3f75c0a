import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '@harborhook/lab/env/wait-for';
import {
  insertDelivery, insertEndpoint, insertEvent, insertReplay, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { nsqdForThisFile } from './support/nsqd-per-file.ts';
import { TestBed } from './support/test-bed.ts';

const nsqd = nsqdForThisFile();

/** Bodies a re-serialising pipeline would change. */
const BODIES = [
  '{"b":1,  "a" : [ 1,2 ,3 ],"nested":{"z":null ,"y":true}}',
  '{"escaped":"\\u00e9\\u4e2d\\ud83d\\ude00\\n\\"","slash":"\\/"}',
  '{"big":123456789012345678901234567890,"exp":1.0E+2,"neg":-0.0,"precise":0.1000000000000000055}',
  '{"trailing":"newline"}\n',
  '{"raw":"Zoë – ünïcödé ✓ 😀"}\r\n',
  '\t[ {"k":"v"} , 1e400 ]  ',
];

describe('worker byte fidelity', () => {
  it('delivers the stored bytes unchanged on first attempts, retries and replays',
    async (t) => {
      const bed = await TestBed.open(t, nsqd());
      const receiver = await bed.receiver({ kind: 'status', status: 500 });
      const endpoint = await insertEndpoint(bed.pool, { url: receiver.url('/bytes') });
      const events = [];
      const deliveries = [];
      for (const body of BODIES) {
        const event = await insertEvent(bed.pool, { payload: body });
        events.push(event);
        deliveries.push(await insertDelivery(bed.pool, event, endpoint));
      }
      await bed.startRelay();
      await bed.startWorker();

      // Three failed attempts each, then a replay of every dead delivery that succeeds.
      await waitFor(async () => (await statusCounts(bed.pool)).dead === BODIES.length);
      receiver.setBehaviour({ kind: 'succeed' });
      for (const id of deliveries) await insertReplay(bed.pool, id);
      await waitFor(async () => (await statusCounts(bed.pool)).delivered === BODIES.length);

      const webhook = new Webhook(endpoint.secret);
      for (const event of events) {
        const received = receiver.requests.filter((r) => r.headers['webhook-id'] === event.id);
        assert.equal(received.length, 4, 'three attempts and one replay');
        for (const request of received) {
          assert.deepEqual(request.body, event.payload, 'byte for byte');
          webhook.verify(request.body.toString('utf8'), request.headers);
        }
      }
    });
});

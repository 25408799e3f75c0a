import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message } from 'nsqjs';
import { encodeDeliveryMessage } from '@harborhook/shared/nsq/delivery-message';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { DATABASE_RETRY_DELAY_MS, processMessage } from '../src/message-processor.ts';
import type { DeliveryHandler } from '../src/delivery-handler.ts';

interface Responses {
  finished: number;
  requeued: [number | undefined, boolean | undefined][];
}

const SOURCE = { topic: 'deliveries', channel: 'workers' };

/** The two calls processMessage makes on an nsqjs Message, recorded. */
function recordingMessage(body: Buffer): { message: Message; responses: Responses } {
  const responses: Responses = { finished: 0, requeued: [] };
  const message = {
    id: 'm1',
    body,
    finish: () => { responses.finished += 1; },
    requeue: (delay?: number, backoff?: boolean) => { responses.requeued.push([delay, backoff]); },
  } as unknown as Message;
  return { message, responses };
}

const DELIVERY_ID = '01900000-0000-7000-8000-000000000001';

test('a message whose delivery hit a database failure comes back soon, without reader backoff',
  async () => {
    const { message, responses } = recordingMessage(
      encodeDeliveryMessage({ deliveryId: DELIVERY_ID }));
    const failing = { handle: async () => { throw new Error('connection refused'); } };
    await processMessage(message, failing as unknown as DeliveryHandler,
      capturingLogger('worker').logger, SOURCE);
    assert.equal(responses.finished, 0);
    assert.deepEqual(responses.requeued, [[DATABASE_RETRY_DELAY_MS, false]]);
  });

test('a handled message is finished and never requeued', async () => {
  const { message, responses } = recordingMessage(
    encodeDeliveryMessage({ deliveryId: DELIVERY_ID }));
  const handled: string[] = [];
  const handler = { handle: async (id: string) => { handled.push(id); } };
  await processMessage(message, handler as unknown as DeliveryHandler,
    capturingLogger('worker').logger, SOURCE);
  assert.deepEqual(handled, [DELIVERY_ID]);
  assert.equal(responses.finished, 1);
  assert.deepEqual(responses.requeued, []);
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EndpointSlots } from '../src/endpoint-slots.ts';

describe('endpoint slots', () => {
  test('a freed slot goes to the first delivery waiting for it, not to a newcomer', async () => {
    const slots = new EndpointSlots(2);
    assert.equal(await slots.acquire('e', 10_000), true);
    assert.equal(await slots.acquire('e', 10_000), true);
    const order: string[] = [];
    const first = slots.acquire('e', 10_000).then((got) => { order.push('first'); return got; });
    const second = slots.acquire('e', 10_000).then((got) => { order.push('second'); return got; });
    slots.release('e');
    assert.equal(await first, true);
    assert.equal(slots.tryAcquire('e'), false, 'a newcomer does not jump the queue');
    slots.release('e');
    assert.equal(await second, true);
    assert.deepEqual(order, ['first', 'second']);
    slots.release('e');
    slots.release('e');
    assert.equal(slots.tryAcquire('e'), true, 'free again once the queue is empty');
  });

  test('the queue holds at most the limit; more are refused at once for a give-back',
    async () => {
      const slots = new EndpointSlots(2);
      await slots.acquire('e', 10_000);
      await slots.acquire('e', 10_000);
      const queued = [slots.acquire('e', 10_000), slots.acquire('e', 10_000)];
      assert.equal(await slots.acquire('e', 10_000), false);
      assert.equal(await slots.acquire('other', 10_000), true, 'other endpoints are not held');
      slots.release('e');
      slots.release('e');
      assert.deepEqual(await Promise.all(queued), [true, true]);
    });

  test('a wait that runs out, or is aborted, gives up and leaves the queue', async () => {
    const slots = new EndpointSlots(1);
    await slots.acquire('e', 0);
    assert.equal(await slots.acquire('e', 20), false);
    const stop = new AbortController();
    const waiting = slots.acquire('e', 60_000, stop.signal);
    stop.abort();
    assert.equal(await waiting, false);
    slots.release('e');
    assert.equal(slots.tryAcquire('e'), true, 'the slot is free, not held for a gone waiter');
  });
});

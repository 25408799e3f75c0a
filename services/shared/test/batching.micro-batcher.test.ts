import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MicroBatcher } from '../src/batching/micro-batcher.ts';

/** A run that records the batches it got and finishes when told. */
function gatedRun(): { batches: number[][]; release(): void;
  run(items: number[]): Promise<number[]> } {
  const batches: number[][] = [];
  let gates: (() => void)[] = [];
  return {
    batches,
    release: () => { const open = gates; gates = []; open.forEach((g) => { g(); }); },
    run: async (items) => {
      batches.push(items);
      await new Promise<void>((resolve) => { gates.push(resolve); });
      return items.map((item) => item * 10);
    },
  };
}

/** Lets every promise callback queued so far run (the next run starts in one). */
async function settled(): Promise<void> {
  await new Promise((resolve) => { setImmediate(resolve); });
}

describe('micro-batching', () => {
  test('an item is run at once when a slot is free', async () => {
    const gate = gatedRun();
    const batcher = new MicroBatcher(gate.run, { maxItems: 10, maxConcurrent: 1 });
    const answer = batcher.submit(1);
    assert.deepEqual(gate.batches, [[1]]);
    gate.release();
    assert.equal(await answer, 10);
  });

  test('items arriving while every slot is busy go together, up to the most per run',
    async () => {
      const gate = gatedRun();
      const batcher = new MicroBatcher(gate.run, { maxItems: 3, maxConcurrent: 1 });
      const answers = [1, 2, 3, 4, 5, 6].map((n) => batcher.submit(n));
      assert.deepEqual(gate.batches, [[1]]);
      assert.equal(batcher.waiting, 5);
      gate.release();
      await settled();
      assert.deepEqual(gate.batches, [[1], [2, 3, 4]]);
      gate.release();
      await settled();
      gate.release();
      assert.deepEqual(await Promise.all(answers), [10, 20, 30, 40, 50, 60]);
      assert.deepEqual(gate.batches, [[1], [2, 3, 4], [5, 6]]);
    });

  test('a failed run fails each of its items and no other', async () => {
    let calls = 0;
    const batcher = new MicroBatcher(async (items: number[]) => {
      calls += 1;
      if (items.includes(13)) throw new Error('unlucky batch');
      return items;
    }, { maxItems: 10, maxConcurrent: 1 });
    const first = batcher.submit(1);
    const failing = [13, 14].map((n) => batcher.submit(n).catch((e: Error) => e.message));
    assert.equal(await first, 1);
    assert.deepEqual(await Promise.all(failing), ['unlucky batch', 'unlucky batch']);
    assert.equal(await batcher.submit(2), 2);
    assert.equal(calls, 3);
  });

  test('a run answering the wrong number of results fails its items', async () => {
    const batcher = new MicroBatcher(async () => [], { maxItems: 10, maxConcurrent: 1 });
    await assert.rejects(batcher.submit(1), /a batch of 1 got 0 results/);
  });
});

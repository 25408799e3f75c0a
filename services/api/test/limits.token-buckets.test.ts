import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBuckets } from '../src/limits/token-buckets.ts';

/** A clock the test moves by hand. */
function manualClock(): { now: () => number; advance(ms: number): void } {
  let ms = 0;
  return { now: () => ms, advance: (by) => { ms += by; } };
}

describe('TokenBuckets', () => {
  test('a key may take its burst at once, then is refused with the seconds to wait', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(2, 5, clock.now);
    for (let i = 0; i < 5; i += 1) assert.deepEqual(buckets.take('a', 1), { allowed: true });
    assert.deepEqual(buckets.take('a', 1), { allowed: false, retryAfterSeconds: 1 });
    assert.deepEqual(buckets.take('a', 5), { allowed: false, retryAfterSeconds: 3 });
  });

  test('tokens come back at the rate, up to the burst and no further', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(2, 5, clock.now);
    assert.deepEqual(buckets.take('a', 5), { allowed: true });
    clock.advance(1_000);
    assert.deepEqual(buckets.take('a', 2), { allowed: true });
    assert.equal(buckets.take('a', 1).allowed, false);
    clock.advance(3_600_000);
    assert.deepEqual(buckets.take('a', 5), { allowed: true });
    assert.equal(buckets.take('a', 1).allowed, false);
  });

  test('a refused take takes nothing, and keys do not share tokens', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(1, 3, clock.now);
    assert.deepEqual(buckets.take('a', 2), { allowed: true });
    assert.equal(buckets.take('a', 2).allowed, false);
    assert.deepEqual(buckets.take('a', 1), { allowed: true });
    assert.deepEqual(buckets.take('b', 3), { allowed: true });
  });

  test('buckets that refilled completely are dropped once there are many keys', () => {
    const clock = manualClock();
    const buckets = new TokenBuckets(1, 1, clock.now);
    for (let i = 0; i < 10_000; i += 1) buckets.take(`tenant-${i}`, 1);
    assert.equal(buckets.size, 10_000);
    clock.advance(1_000);
    buckets.take('one-more', 1);
    assert.equal(buckets.size, 1);
  });
});

/** A clock in milliseconds; tests pass their own. */
export type Clock = () => number;

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Past this many keys, buckets that have refilled completely are dropped (same as absent). */
const SWEEP_ABOVE = 10_000;

/**
 * One token bucket per key, in this process's memory: each key may take `burst` tokens at once
 * and gets `ratePerSecond` back every second. A take that does not fit takes nothing, so a
 * refused request costs its caller nothing.
 */
export class TokenBuckets {
  readonly #rate: number;
  readonly #burst: number;
  readonly #now: Clock;
  readonly #buckets = new Map<string, Bucket>();

  constructor(ratePerSecond: number, burst: number, now: Clock = () => performance.now()) {
    if (!(ratePerSecond > 0) || !(burst >= 1)) throw new Error('rate and burst must be positive');
    this.#rate = ratePerSecond;
    this.#burst = burst;
    this.#now = now;
  }

  take(key: string, count: number): TakeResult {
    const now = this.#now();
    const bucket = this.#refilled(key, now);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return { allowed: true };
    }
    // A take larger than the burst can never fit: wait for a full bucket, then it is refused
    // again; callers keep `count` at most `burst` (the config checks it for batches).
    const missing = Math.min(count, this.#burst) - bucket.tokens;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / this.#rate)) };
  }

  /** How many keys are held; for tests of the sweep. */
  get size(): number {
    return this.#buckets.size;
  }

  #refilled(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (bucket === undefined) {
      if (this.#buckets.size >= SWEEP_ABOVE) this.#sweep(now);
      bucket = { tokens: this.#burst, updatedMs: now };
      this.#buckets.set(key, bucket);
      return bucket;
    }
    const elapsedSeconds = Math.max(0, now - bucket.updatedMs) / 1000;
    bucket.tokens = Math.min(this.#burst, bucket.tokens + elapsedSeconds * this.#rate);
    bucket.updatedMs = now;
    return bucket;
  }

  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      const elapsedSeconds = Math.max(0, now - bucket.updatedMs) / 1000;
      if (bucket.tokens + elapsedSeconds * this.#rate >= this.#burst) this.#buckets.delete(key);
    }
  }
}

/**
 * Exponential backoff for the relay's loops: each failure doubles the wait, up to a cap, with
 * jitter so that several relays that failed together do not retry in lockstep.
 */
export class Backoff {
  readonly #initialMs: number;
  readonly #maxMs: number;
  #failures = 0;

  constructor(initialMs: number, maxMs: number) {
    this.#initialMs = initialMs;
    this.#maxMs = maxMs;
  }

  get failures(): number {
    return this.#failures;
  }

  /** Records a failure and returns how long to wait before the next try. */
  next(): number {
    const base = Math.min(this.#maxMs, this.#initialMs * 2 ** this.#failures);
    this.#failures += 1;
    return Math.round(base * (0.75 + Math.random() * 0.25));
  }

  reset(): void {
    this.#failures = 0;
  }
}

/**
 * Counts the attempts in flight per endpoint in this worker, so that one slow endpoint holds at
 * most `limit` of the worker's slots. The limit is per worker process, not global.
 */
export class EndpointSlots {
  readonly #limit: number;
  readonly #inUse = new Map<string, number>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  tryAcquire(endpointId: string): boolean {
    const used = this.#inUse.get(endpointId) ?? 0;
    if (used >= this.#limit) return false;
    this.#inUse.set(endpointId, used + 1);
    return true;
  }

  release(endpointId: string): void {
    const used = this.#inUse.get(endpointId) ?? 0;
    if (used <= 1) this.#inUse.delete(endpointId);
    else this.#inUse.set(endpointId, used - 1);
  }
}

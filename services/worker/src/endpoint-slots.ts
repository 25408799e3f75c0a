interface Waiter {
  grant(): void;
}

/**
 * Counts the attempts in flight per endpoint in this worker, so that one slow endpoint holds at
 * most `limit` of the worker's slots. The limit is per worker process, not global.
 *
 * A delivery that finds its endpoint full may wait for a slot in a short first-come queue of at
 * most `limit` deliveries per endpoint, for a bounded time. Giving every such delivery back at
 * once sent a third of all claims round the relay and nsqd again under load (each costing a
 * claim, a give-back and a new publish); the queue's bound keeps a slow endpoint to at most
 * twice its limit of the worker's messages.
 */
export class EndpointSlots {
  readonly #limit: number;
  readonly #inUse = new Map<string, number>();
  readonly #waiting = new Map<string, Waiter[]>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes a slot if one is free and nobody is waiting for one. */
  tryAcquire(endpointId: string): boolean {
    const used = this.#inUse.get(endpointId) ?? 0;
    if (used >= this.#limit || this.#waiting.has(endpointId)) return false;
    this.#inUse.set(endpointId, used + 1);
    return true;
  }

  /**
   * Takes a slot, waiting up to `maxWaitMs` in the endpoint's queue. False when the queue is
   * full, the wait runs out, or `signal` aborts: the caller then gives the delivery back.
   */
  async acquire(endpointId: string, maxWaitMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.tryAcquire(endpointId)) return true;
    const queue = this.#waiting.get(endpointId) ?? [];
    if (queue.length >= this.#limit || maxWaitMs <= 0 || signal?.aborted === true) return false;
    return await new Promise<boolean>((resolve) => {
      const giveUp = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', giveUp);
        this.#leaveQueue(endpointId, waiter);
        resolve(false);
      };
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', giveUp);
          resolve(true);
        },
      };
      const timer = setTimeout(giveUp, maxWaitMs);
      signal?.addEventListener('abort', giveUp, { once: true });
      queue.push(waiter);
      this.#waiting.set(endpointId, queue);
    });
  }

  /** Frees a slot, or hands it straight to the first delivery waiting for this endpoint. */
  release(endpointId: string): void {
    const queue = this.#waiting.get(endpointId);
    const next = queue?.shift();
    if (queue !== undefined && queue.length === 0) this.#waiting.delete(endpointId);
    if (next !== undefined) {
      next.grant();
      return;
    }
    const used = this.#inUse.get(endpointId) ?? 0;
    if (used <= 1) this.#inUse.delete(endpointId);
    else this.#inUse.set(endpointId, used - 1);
  }

  #leaveQueue(endpointId: string, waiter: Waiter): void {
    const queue = this.#waiting.get(endpointId);
    if (queue === undefined) return;
    const index = queue.indexOf(waiter);
    if (index >= 0) queue.splice(index, 1);
    if (queue.length === 0) this.#waiting.delete(endpointId);
  }
}

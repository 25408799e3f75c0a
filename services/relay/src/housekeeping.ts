import type { Pool } from '@harborhook/shared/db/pool';
import { errorFields } from '@harborhook/shared/error-fields';
import type { Logger } from '@harborhook/shared/logger';
import { deleteExpiredIdempotencyKeys } from './queries/delete-expired-idempotency-keys.ts';
import { recoverExpiredLeases } from './queries/recover-expired-leases.ts';
import { stoppableWait } from './stoppable-wait.ts';

export interface HousekeepingOptions {
  pool: Pool;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
}

/**
 * On every interval: puts back deliveries whose lease expired (lost NSQ message, dead worker)
 * and deletes expired idempotency keys, each in batches so that no statement holds many locks.
 * A failure is logged and the next interval tries again.
 */
export class Housekeeping {
  readonly #options: HousekeepingOptions;
  readonly #stopping = new AbortController();
  #running: Promise<void> | undefined;

  constructor(options: HousekeepingOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running ??= this.#run();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#running;
  }

  async #run(): Promise<void> {
    const signal = this.#stopping.signal;
    while (!signal.aborted) {
      await this.runOnce();
      await stoppableWait(this.#options.intervalMs, signal);
    }
  }

  async runOnce(): Promise<void> {
    const { pool, logger, batchSize } = this.#options;
    try {
      const recovered = await this.#drain(() => recoverExpiredLeases(pool, batchSize));
      if (recovered > 0) logger.info({ recovered }, 'put back deliveries whose lease expired');
      const deleted = await this.#drain(() => deleteExpiredIdempotencyKeys(pool, batchSize));
      if (deleted > 0) logger.info({ deleted }, 'deleted expired idempotency keys');
    } catch (err) {
      logger.warn({ err: errorFields(err) }, 'housekeeping failed; trying again next interval');
    }
  }

  /** Repeats a batched statement until a batch comes back short; returns the total. */
  async #drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await batch();
      total += count;
      if (count < this.#options.batchSize || this.#stopping.signal.aborted) return total;
    }
  }
}

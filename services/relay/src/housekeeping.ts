import type { Pool } from '@harborhook/shared/db/pool';
import type { Logger } from '@harborhook/shared/logger';
import { deleteExpiredIdempotencyKeys } from './queries/delete-expired-idempotency-keys.ts';
import { recoverExpiredLeases } from './queries/recover-expired-leases.ts';
import { BackgroundLoop } from './background-loop.ts';
import { LEASE_STATES, type RelayMetrics } from './metrics/relay-metrics.ts';

export interface HousekeepingOptions {
  pool: Pool;
  logger: Logger;
  intervalMs: number;
  batchSize: number;
  metrics: RelayMetrics;
}

/**
 * On every interval: puts back deliveries whose lease expired (lost NSQ message, dead worker)
 * and deletes expired idempotency keys, each in batches so that no statement holds many locks.
 * A failure is logged and the next interval tries again.
 */
export class Housekeeping {
  readonly #options: HousekeepingOptions;
  readonly #loop = new BackgroundLoop(async () => {
    await this.runOnce();
    return this.#options.intervalMs;
  });

  constructor(options: HousekeepingOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop.start();
  }

  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  async runOnce(): Promise<void> {
    const { pool, logger, batchSize, metrics } = this.#options;
    try {
      const recovered = await this.#drain(async () => {
        const byState = await recoverExpiredLeases(pool, batchSize);
        for (const state of LEASE_STATES) {
          metrics.leasesRecovered.labels(state).inc(byState[state]);
        }
        return byState.queued + byState.attempting;
      });
      if (recovered > 0) logger.info({ recovered }, 'put back deliveries whose lease expired');
      const deleted = await this.#drain(() => deleteExpiredIdempotencyKeys(pool, batchSize));
      if (deleted > 0) logger.info({ deleted }, 'deleted expired idempotency keys');
    } catch (err) {
      logger.error({ err }, 'housekeeping failed; trying again next interval');
    }
  }

  /** Repeats a batched statement until a batch comes back short; returns the total. */
  async #drain(batch: () => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await batch();
      total += count;
      if (count < this.#options.batchSize || this.#loop.signal.aborted) return total;
    }
  }
}

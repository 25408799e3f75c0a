import type { Pool } from '@harborhook/shared/db/pool';
import type { Logger } from '@harborhook/shared/logger';
import { Backoff } from './backoff.ts';
import type { MessagePublisher } from './nsq-publisher.ts';
import { markDueQueued } from './queries/mark-due-queued.ts';
import { startPublishSpans } from './publish-spans.ts';
import { returnUnpublished } from './queries/return-unpublished.ts';
import { BackgroundLoop } from './background-loop.ts';
import type { RelayMetrics } from './metrics/relay-metrics.ts';

// A failing nsqd or database is retried quickly at first, then every ~2 s at most.
const BACKOFF_INITIAL_MS = 50;
const BACKOFF_MAX_MS = 2_000;

export interface PublishLoopOptions {
  pool: Pool;
  publisher: MessagePublisher;
  /** The NSQ topic, for span names and attributes. */
  topic: string;
  logger: Logger;
  batchSize: number;
  pollIntervalMs: number;
  queuedLeaseMs: number;
  metrics: RelayMetrics;
}

/**
 * Moves due deliveries into NSQ: mark a batch queued (committed), then publish it in one mpub.
 * A failed publish returns the batch to scheduled, so nothing is lost; the loop backs off and
 * tries again while the API keeps accepting events. A relay that dies between the two steps
 * leaves the batch queued until its lease expires and housekeeping schedules it again.
 */
export class PublishLoop {
  readonly #options: PublishLoopOptions;
  readonly #backoff = new Backoff(BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
  readonly #loop = new BackgroundLoop(() => this.#iterate());

  constructor(options: PublishLoopOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop.start();
  }

  /** Ends the loop after the batch in progress, if any, is published or given back. */
  async stop(): Promise<void> {
    await this.#loop.stop();
  }

  /** One batch; returns how long to wait before the next. */
  async #iterate(): Promise<number> {
    const { batchSize, pollIntervalMs, logger } = this.#options;
    try {
      const published = await this.#publishBatch();
      if (this.#backoff.failures > 0) {
        logger.info({ failures: this.#backoff.failures }, 'publishing resumed');
        this.#backoff.reset();
      }
      if (published > 0) logger.debug({ published }, 'published due deliveries');
      return published >= batchSize ? 0 : pollIntervalMs;
    } catch (err) {
      this.#options.metrics.publishFailures.inc();
      const retryInMs = this.#backoff.next();
      logger.error({ err, failures: this.#backoff.failures, retryInMs },
        'publishing due deliveries failed; the batch was put back');
      return retryInMs;
    }
  }

  async #publishBatch(): Promise<number> {
    const { pool, publisher, batchSize, queuedLeaseMs, logger, topic } = this.#options;
    // Commit before publishing: a worker may get the message at once, and it claims only
    // deliveries it can see as queued (regression: relay.publish "commits … before publishing").
    const due = await markDueQueued(pool, batchSize, queuedLeaseMs);
    if (due.length === 0) return 0;
    const ids = due.map((delivery) => delivery.id);
    const batch = startPublishSpans(due, topic);
    try {
      await publisher.publish(batch.messages);
      batch.end();
    } catch (err) {
      batch.end(err);
      // If this fails too, the queued lease brings the rows back later.
      await returnUnpublished(pool, ids).catch((returnErr: unknown) => {
        logger.error({ err: returnErr, deliveries: ids.length },
          'could not return unpublished deliveries; their lease will');
      });
      throw err;
    }
    this.#options.metrics.published.inc(ids.length);
    return ids.length;
  }
}

import type pg from 'pg';
import { backendActivity } from './postgres-activity.ts';
import type { GroupSample, ProcessSampler } from './process-sampler.ts';
import { bucketDelta, histogramBuckets, type HistogramBucket } from './histogram-quantile.ts';
import { scrape, sumSamples } from './prometheus-counter.ts';

/**
 * The api's histograms a run reads: its own time to answer a publish, and the two parts of a
 * grouped publish's time (waiting for its group to start, the group's statement).
 */
const API_HISTOGRAMS = {
  publish: { name: 'harborhook_publish_duration_seconds', labels: { outcome: 'accepted' } },
  queueWait: { name: 'harborhook_publish_queue_wait_seconds', labels: {} },
  groupStatement: { name: 'harborhook_publish_group_duration_seconds',
    labels: { outcome: 'committed' } },
} as const;

export type ApiHistogram = keyof typeof API_HISTOGRAMS;

/** One second of a profile's run, as the benchmark samples it. */
export interface TimelinePoint {
  /** Seconds since the profile began (before its endpoints were registered). */
  t: number;
  /** The api's `harborhook_events_accepted_total` so far in this lab. */
  eventsAccepted: number;
  /** The workers' `harborhook_deliveries_finished_total{status="delivered"}`, summed. */
  deliveriesDelivered: number;
  /** The api's queries waiting for a pooled connection (its pool gauge, state="waiting"). */
  apiPoolWaiting: number;
  /** The relay's `harborhook_deliveries_due`: deliveries due and not yet handed to nsqd. */
  deliveriesDue: number;
  /** The platform's Postgres backends by state and wait event (postgres-activity.ts). */
  postgresBackends: Record<string, number>;
  /** CPU and memory of each process group over the second (empty in the first point). */
  processes: Record<string, GroupSample>;
}

export interface TimelineSources {
  sampler: ProcessSampler;
  apiMetricsUrl: string;
  relayMetricsUrl: string;
  /** A pool on the platform's database, for pg_stat_activity. */
  database: pg.Pool;
  workerMetricsUrls: readonly string[];
}

/**
 * Samples the lab once a second while a profile runs: /proc for every process and the api's
 * and workers' counters. A service that does not answer a scrape keeps its last value.
 */
export class BenchTimeline {
  readonly points: TimelinePoint[] = [];
  readonly #sources: TimelineSources;
  readonly #startedAt = performance.now();
  readonly #lastWorkerCounts: number[];
  #lastAccepted = 0;
  #lastPoolWaiting = 0;
  #lastDue = 0;
  #firstBuckets: Partial<Record<ApiHistogram, HistogramBucket[]>> | undefined;
  #lastBuckets: Partial<Record<ApiHistogram, HistogramBucket[]>> = {};
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #busy: Promise<void> = Promise.resolve();

  private constructor(sources: TimelineSources) {
    this.#sources = sources;
    this.#lastWorkerCounts = sources.workerMetricsUrls.map(() => 0);
  }

  static async start(sources: TimelineSources, intervalMs = 1_000): Promise<BenchTimeline> {
    const timeline = new BenchTimeline(sources);
    await timeline.#tick();
    timeline.#schedule(intervalMs);
    return timeline;
  }

  /** One of the api's histograms between the first sample and the last. */
  apiBuckets(histogram: ApiHistogram): HistogramBucket[] {
    return bucketDelta(this.#firstBuckets?.[histogram] ?? [],
      this.#lastBuckets[histogram] ?? []);
  }

  /** Stops sampling, with one last sample unless the previous one was just taken. */
  async stop(): Promise<TimelinePoint[]> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#busy;
    const last = this.points.at(-1)?.t ?? 0;
    if ((performance.now() - this.#startedAt) / 1000 - last >= 0.5) await this.#tick();
    return this.points;
  }

  /**
   * The next sample is due an interval after the previous one began, or at once if that one
   * took longer; a late sample is never made up for with a burst of samples, which would give
   * rates over tiny intervals.
   */
  #schedule(intervalMs: number, delayMs = intervalMs): void {
    this.#timer = setTimeout(() => {
      const began = performance.now();
      this.#busy = this.#tick().finally(() => {
        if (!this.#stopped) {
          this.#schedule(intervalMs, Math.max(0, intervalMs - (performance.now() - began)));
        }
      });
    }, delayMs);
  }

  async #tick(): Promise<void> {
    const [processes, backends, apiText, relayText, ...workerTexts] = await Promise.all([
      this.#sources.sampler.sample(),
      backendActivity(this.#sources.database).catch(() => ({})),
      scrape(this.#sources.apiMetricsUrl),
      scrape(this.#sources.relayMetricsUrl),
      ...this.#sources.workerMetricsUrls.map((url) => scrape(url)),
    ]);
    if (apiText !== undefined) {
      this.#lastAccepted = sumSamples(apiText, 'harborhook_events_accepted_total');
      this.#lastPoolWaiting = sumSamples(apiText, 'harborhook_db_pool_connections',
        { state: 'waiting' });
      for (const [key, { name, labels }] of Object.entries(API_HISTOGRAMS)) {
        this.#lastBuckets[key as ApiHistogram] = histogramBuckets(apiText, name, labels);
      }
      this.#firstBuckets ??= { ...this.#lastBuckets };
    }
    if (relayText !== undefined) {
      this.#lastDue = sumSamples(relayText, 'harborhook_deliveries_due');
    }
    workerTexts.forEach((text, index) => {
      if (text === undefined) return;
      this.#lastWorkerCounts[index] = sumSamples(text, 'harborhook_deliveries_finished_total',
        { status: 'delivered' });
    });
    this.points.push({
      t: Math.round((performance.now() - this.#startedAt) / 100) / 10,
      eventsAccepted: this.#lastAccepted,
      deliveriesDelivered: this.#lastWorkerCounts.reduce((sum, count) => sum + count, 0),
      apiPoolWaiting: this.#lastPoolWaiting,
      deliveriesDue: this.#lastDue,
      postgresBackends: backends,
      processes: processes ?? {},
    });
  }
}

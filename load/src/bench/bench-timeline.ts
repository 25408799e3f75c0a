import type { GroupSample, ProcessSampler } from './process-sampler.ts';
import { scrape, sumSamples } from './prometheus-counter.ts';

/** One second of a profile's run, as the benchmark samples it. */
export interface TimelinePoint {
  /** Seconds since the profile began (before its endpoints were registered). */
  t: number;
  /** The api's `harborhook_events_accepted_total` so far in this lab. */
  eventsAccepted: number;
  /** The workers' `harborhook_deliveries_finished_total{status="delivered"}`, summed. */
  deliveriesDelivered: number;
  /** CPU and memory of each process group over the second (empty in the first point). */
  processes: Record<string, GroupSample>;
}

export interface TimelineSources {
  sampler: ProcessSampler;
  apiMetricsUrl: string;
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
  #timer: NodeJS.Timeout | undefined;
  #busy: Promise<void> = Promise.resolve();

  private constructor(sources: TimelineSources) {
    this.#sources = sources;
    this.#lastWorkerCounts = sources.workerMetricsUrls.map(() => 0);
  }

  static async start(sources: TimelineSources, intervalMs = 1_000): Promise<BenchTimeline> {
    const timeline = new BenchTimeline(sources);
    await timeline.#tick();
    timeline.#timer = setInterval(() => {
      timeline.#busy = timeline.#busy.then(() => timeline.#tick());
    }, intervalMs);
    return timeline;
  }

  /** Stops sampling after one last sample. */
  async stop(): Promise<TimelinePoint[]> {
    clearInterval(this.#timer);
    await this.#busy;
    await this.#tick();
    return this.points;
  }

  async #tick(): Promise<void> {
    const [processes, apiText, ...workerTexts] = await Promise.all([
      this.#sources.sampler.sample(),
      scrape(this.#sources.apiMetricsUrl),
      ...this.#sources.workerMetricsUrls.map((url) => scrape(url)),
    ]);
    if (apiText !== undefined) {
      this.#lastAccepted = sumSamples(apiText, 'harborhook_events_accepted_total');
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
      processes: processes ?? {},
    });
  }
}

import type { LoadResults } from '../results/load-results.ts';
import type { TimelinePoint } from './bench-timeline.ts';
import type { ProcessUse, ProfileSummary } from './bench-results.ts';
import { histogramQuantile, type HistogramBucket } from './histogram-quantile.ts';
import type { ApiHistogram } from './bench-timeline.ts';
import { sumActivity } from './postgres-activity.ts';

/** The process group that is the benchmark itself (driver and receivers), not the platform. */
export const DRIVER_GROUP = 'driver';

/** Seconds the peak delivery rate is averaged over. */
const PEAK_WINDOW_SECONDS = 10;

/**
 * Condenses one profile's load results, timeline, CPU seconds and Postgres commit count into
 * the figures the report and the comparison use.
 */
export function summariseProfile(load: LoadResults, timeline: readonly TimelinePoint[],
  cpuSeconds: Record<string, number>, transactions: number,
  apiBuckets: Partial<Record<ApiHistogram, readonly HistogramBucket[]>> = {}): ProfileSummary {
  const apiP99Ms = (histogram: ApiHistogram): number | null => {
    const seconds = histogramQuantile(0.99, apiBuckets[histogram] ?? []);
    return seconds === undefined ? null : round(seconds * 1000);
  };
  const first = timeline[0];
  const last = timeline.at(-1);
  const deliveries = first === undefined || last === undefined ? 0
    : last.deliveriesDelivered - first.deliveriesDelivered;
  const platformCpuSeconds = Object.entries(cpuSeconds)
    .filter(([group]) => group !== DRIVER_GROUP).reduce((sum, [, seconds]) => sum + seconds, 0);
  const held = load.stages.filter((stage) => !stage.skipped && stage.ok && stage.sent > 0);
  const highest = held.reduce<(typeof held)[number] | undefined>((best, stage) =>
    best === undefined || stage.target >= best.target ? stage : best, undefined);
  return {
    publishRate: load.total.achievedRate,
    publishLatencyMs: load.total.publishLatencyMs,
    apiPublishP99Ms: apiP99Ms('publish'),
    apiQueueWaitP99Ms: apiP99Ms('queueWait'),
    apiGroupStatementP99Ms: apiP99Ms('groupStatement'),
    driverSendLagP99Ms: load.driver.sendLagMs.p99,
    e2eLatencyMs: load.total.e2eLatencyMs,
    deliveries,
    meanDeliveriesPerSecond: round(meanDeliveryRate(timeline)),
    peakDeliveriesPerSecond: round(peakDeliveryRate(timeline, PEAK_WINDOW_SECONDS)),
    transactions,
    transactionsPerDelivery: deliveries > 0 ? round(transactions / deliveries) : 0,
    platformCpuMsPerDelivery: deliveries > 0 ? round(platformCpuSeconds * 1000 / deliveries) : 0,
    processes: processUse(timeline, cpuSeconds),
    postgresBackendSamples: sumActivity(timeline.map((point) => point.postgresBackends)),
    highestHeldStage: highest === undefined ? null
      : { index: highest.index, target: highest.target, achievedRate: highest.achievedRate },
    passed: load.passed,
    loss: load.total.loss,
  };
}

/** Delivered per second from just before the first delivery to the last one. */
export function meanDeliveryRate(timeline: readonly TimelinePoint[]): number {
  const counts = timeline.map((point) => point.deliveriesDelivered);
  const start = counts.findIndex((count, i) => i + 1 < counts.length && counts[i + 1] !== count);
  if (start < 0) return 0;
  let end = counts.length - 1;
  while (end > start && counts[end - 1] === counts[end]) end -= 1;
  const seconds = (timeline[end] as TimelinePoint).t - (timeline[start] as TimelinePoint).t;
  return seconds > 0 ? ((counts[end] as number) - (counts[start] as number)) / seconds : 0;
}

/** The highest delivered-per-second over any window of at least `windowSeconds`. */
export function peakDeliveryRate(timeline: readonly TimelinePoint[],
  windowSeconds: number): number {
  let best = 0;
  for (let i = 0, j = 0; i < timeline.length; i += 1) {
    const from = timeline[i] as TimelinePoint;
    while (j < timeline.length && (timeline[j] as TimelinePoint).t - from.t < windowSeconds) {
      j += 1;
    }
    // A run shorter than the window is judged over its whole length.
    const to = timeline[Math.min(j, timeline.length - 1)] as TimelinePoint;
    if (to.t > from.t) {
      best = Math.max(best, (to.deliveriesDelivered - from.deliveriesDelivered) / (to.t - from.t));
    }
    if (j >= timeline.length) break;
  }
  return best;
}

function processUse(timeline: readonly TimelinePoint[],
  cpuSeconds: Record<string, number>): Record<string, ProcessUse> {
  const span = (timeline.at(-1)?.t ?? 0) - (timeline[0]?.t ?? 0);
  const use: Record<string, ProcessUse> = {};
  for (const group of Object.keys(cpuSeconds)) {
    const samples = timeline.map((point) => point.processes[group])
      .filter((sample) => sample !== undefined);
    const rss = samples.map((sample) => sample.rssMb);
    use[group] = {
      cpuSeconds: round(cpuSeconds[group] ?? 0),
      meanCpuCores: span > 0 ? round((cpuSeconds[group] ?? 0) / span) : 0,
      peakCpuCores: round(Math.max(0, ...samples.map((sample) => sample.cpuCores))),
      meanRssMb: rss.length > 0 ? round(rss.reduce((a, b) => a + b, 0) / rss.length) : 0,
      peakRssMb: round(Math.max(0, ...rss)),
    };
  }
  return use;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

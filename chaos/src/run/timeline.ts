import type { TimelinePoint } from '../report/report-model.ts';
import { arrivalSecond, endToEndMs, percentile, type PublishRecord, type ReceivedRequest,
  type RunRecord } from './run-record.ts';

/**
 * Sampled once a second while the run lasts: deliveries not yet final, from Postgres, and the
 * relay's backlog gauges, from its /metrics (null when it did not answer).
 */
export interface BacklogSample {
  t: number;
  pending: number;
  oldestDueAgeS: number | null;
  nsqChannelDepth: number | null;
}

/** Which whole second (1, 2, …) a moment `s` seconds after the start falls into. */
const secondOf = (s: number): number => Math.max(1, Math.ceil(s));

/**
 * The per-second series the report plots, computed after the run from what the load and the
 * receivers recorded, plus the backlog samples taken live.
 */
export function buildTimeline(run: Omit<RunRecord, 'timeline'>,
  backlog: readonly BacklogSample[]): TimelinePoint[] {
  const seconds = Math.max(1, ...backlog.map((b) => secondOf(b.t)));
  const publishes = new Map<number, PublishRecord[]>();
  for (const publish of run.publishes) {
    const s = secondOf((publish.intendedAtMs + publish.latencyMs - run.startedAtMs) / 1000);
    publishes.set(s, [...publishes.get(s) ?? [], publish]);
  }
  const arrivals = new Map<number, ReceivedRequest[]>();
  for (const received of run.received) {
    const s = secondOf(arrivalSecond(run as RunRecord, received.request));
    arrivals.set(s, [...arrivals.get(s) ?? [], received]);
  }
  const sampleAt = new Map(backlog.map((b) => [secondOf(b.t), b]));
  const points: TimelinePoint[] = [];
  let lastPending = 0;
  for (let t = 1; t <= seconds; t += 1) {
    const done = publishes.get(t) ?? [];
    const came = arrivals.get(t) ?? [];
    const latencies = done.map((p) => p.latencyMs);
    const endToEnd = came.map((r) => endToEndMs(r.request)).filter((v) => v !== undefined);
    const sample = sampleAt.get(t);
    lastPending = sample?.pending ?? lastPending;
    points.push({
      t,
      publishRate: done.length,
      publishErrors: done.filter((p) => p.status !== 202).length,
      deliveryRate: came.length,
      publishP50Ms: latencies.length === 0 ? null : percentile(latencies, 50),
      publishP99Ms: latencies.length === 0 ? null : percentile(latencies, 99),
      endToEndP50Ms: endToEnd.length === 0 ? null : percentile(endToEnd, 50),
      endToEndP99Ms: endToEnd.length === 0 ? null : percentile(endToEnd, 99),
      pending: lastPending,
      oldestDueAgeS: sample?.oldestDueAgeS ?? null,
      nsqChannelDepth: sample?.nsqChannelDepth ?? null,
    });
  }
  return points;
}

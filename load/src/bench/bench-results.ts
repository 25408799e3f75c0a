import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { LoadResults } from '../results/load-results.ts';
import type { TimelinePoint } from './bench-timeline.ts';
import { BenchError } from './bench-error.ts';
import type { FastifyCeiling } from './fastify-ceiling.ts';
import type { Figure } from './figure.ts';
import type { PostgresCeiling } from './postgres-ceiling.ts';

export const BENCH_RESULTS_FORMAT = 'harborhook-bench-results/1';

/** One process group's use over a profile's run. */
export interface ProcessUse {
  cpuSeconds: number;
  meanCpuCores: number;
  peakCpuCores: number;
  meanRssMb: number;
  peakRssMb: number;
}

/** The figures of one profile's run that the report and the comparison read. */
export interface ProfileSummary {
  /** 202s per second over the publishing time. */
  publishRate: number;
  publishLatencyMs: LatencySummary;
  /**
   * Publish p99 as the api itself times it (its harborhook_publish_duration_seconds buckets,
   * interpolated): without the driver's and the network's share. Absent in older results.
   */
  apiPublishP99Ms?: number | null;
  /**
   * The two parts of a grouped publish's time inside the api, p99 of each (interpolated):
   * waiting for its group to start, and a committed group's statement. Absent in older results.
   */
  apiQueueWaitP99Ms?: number | null;
  apiGroupStatementP99Ms?: number | null;
  /** How late the driver started publishes, p99 (its own saturation; load results' sendLag). */
  driverSendLagP99Ms?: number;
  e2eLatencyMs: LatencySummary;
  /** Deliveries recorded delivered by the workers during the run (their counter's delta). */
  deliveries: number;
  /** Delivered per second from the first delivery to the last. */
  meanDeliveriesPerSecond: number;
  /** The best 10-second window's delivered per second. */
  peakDeliveriesPerSecond: number;
  /** pg_stat_database.xact_commit of the platform's database over the run. */
  transactions: number;
  transactionsPerDelivery: number;
  /** CPU of every platform process (not the driver) per delivery, in milliseconds. */
  platformCpuMsPerDelivery: number;
  processes: Record<string, ProcessUse>;
  /**
   * Backend samples by activity (`state:wait_event_type:wait_event`, or `state:running`),
   * summed over the run's one-second samples, most first.
   */
  postgresBackendSamples: Record<string, number>;
  /** The highest stage that held every threshold: its target and achieved publish rate. */
  highestHeldStage: { index: number; target: number; achievedRate: number } | null;
  passed: boolean;
  loss: number;
}

export interface ProfileRun {
  profile: string;
  summary: ProfileSummary;
  /** A second-by-second record of counters, CPU and memory. */
  timeline: TimelinePoint[];
  /** The load driver's own results file, whole. */
  load: LoadResults;
}

export interface BenchResults {
  format: typeof BENCH_RESULTS_FORMAT;
  /** Harborhook's version (package.json) and commit the run measured. */
  version: string;
  commit: string;
  startedAt: string;
  finishedAt: string;
  /** Free text about the conditions, e.g. other work running on the machine. */
  note: string;
  machine: {
    cpus: number;
    cpuModel: string;
    memoryMb: number;
    node: string;
    /** os.loadavg() (1, 5, 15 minutes) when the run started and when it ended. */
    loadAverage: { start: number[]; end: number[] };
  };
  setup: {
    workers: number;
    connections: number;
    apiDatabasePoolMax: number;
    /** Whether the services reached Postgres and nsqd through Toxiproxy. */
    toxiproxy: boolean;
    durationScale: number;
    rateScale: number;
  };
  /**
   * Measured before the profiles; the Postgres ceiling again after them. The reference figure
   * compare mode normalises by is the mean of the two Postgres measurements.
   */
  ceilings: BenchCeilings;
  profiles: ProfileRun[];
  /** Every comparable figure, by name (see bench-figures.ts). */
  figures: Record<string, Figure>;
}

export interface BenchCeilings {
  fastify: FastifyCeiling;
  postgres: PostgresCeiling;
  postgresAfter: PostgresCeiling;
}

/** Reads a results file's text, refusing anything the comparison could not use. */
export function parseBenchResults(text: string, source: string): BenchResults {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new BenchError('BENCH_RESULTS_MALFORMED_JSON',
      `${source} is not JSON: ${(err as Error).message}`);
  }
  const record = value as Partial<BenchResults> | null;
  if (typeof record !== 'object' || record === null || record.format !== BENCH_RESULTS_FORMAT) {
    throw new BenchError('BENCH_RESULTS_FORMAT',
      `${source} is not a ${BENCH_RESULTS_FORMAT} file (format: ${
        JSON.stringify((record as { format?: unknown } | null)?.format)})`);
  }
  if (typeof record.setup !== 'object' || record.setup === null) {
    throw new BenchError('BENCH_RESULTS_INVALID', `${source} has no setup`);
  }
  const figures = record.figures;
  if (typeof figures !== 'object' || figures === null) {
    throw new BenchError('BENCH_RESULTS_INVALID', `${source} has no figures`);
  }
  for (const [name, figure] of Object.entries(figures)) {
    if (typeof figure?.value !== 'number' || !['higher', 'lower'].includes(figure.better)) {
      throw new BenchError('BENCH_RESULTS_INVALID',
        `${source}: figure ${name} needs a numeric value and better "higher" or "lower"`);
    }
  }
  return record as BenchResults;
}

import type { DeliverySummary } from '../fleet/delivery-ledger.ts';
import type { LatencySummary } from '../metrics/latency-histogram.ts';
import type { Verdict } from './thresholds.ts';

/** Publishing and delivery figures of one stage, or of the whole run. */
export interface PhaseResult {
  durationSeconds: number;
  /** Arrivals whose time came (sent + dropped). */
  scheduled: number;
  sent: number;
  dropped: number;
  dropRate: number;
  /** Publishes that finished (answered, timed out or failed to connect). */
  completed: number;
  /** Publishes answered 202. */
  accepted: number;
  /** 202s per second over the phase's duration. */
  achievedRate: number;
  errors: number;
  errorRate: number;
  errorsByStatus: Record<string, number>;
  /** Intended start → answer. */
  publishLatencyMs: LatencySummary;
  /** Intended start of the publish → first arrival of each delivery at its receiver. */
  e2eLatencyMs: LatencySummary;
  /** Intended start of the publish → the arrival its receiver answered 2xx. */
  deliveredLatencyMs: LatencySummary;
  /** Deliveries of the phase's accepted publishes that never arrived. */
  loss: number;
  verdicts: Verdict[];
  ok: boolean;
}

export interface StageResult extends PhaseResult {
  index: number;
  startRate: number;
  target: number;
  /** The run stopped (a breach with stopOnBreach, or an interrupt) before this stage began. */
  skipped: boolean;
}

export interface LoadResults {
  format: 'harborhook-load-results/1';
  profile: string;
  description: string;
  runId: string;
  startedAt: string;
  finishedAt: string;
  setup: {
    tenants: number;
    endpoints: number;
    /** How many endpoints answer with each behaviour kind. */
    behaviours: Record<string, number>;
    receiverServers: number;
    maxOutstanding: number;
    connections: number;
  };
  stages: StageResult[];
  total: PhaseResult & {
    deliveries: DeliverySummary;
    /** How long the run waited after its last publish for deliveries to arrive. */
    drainMs: number;
    /** Every delivery arrived before the drain timeout. */
    drained: boolean;
  };
  /** The first stage whose thresholds broke ("ramp until it breaks" reports this). */
  firstBreach: { stage: number; target: number; thresholds: string[] } | null;
  /** Set when `stopOnBreach` ended the run early, or it was interrupted. */
  stoppedAfterStage: number | null;
  interrupted: boolean;
  driver: {
    /** How late the driver started requests after their intended time (its own saturation). */
    sendLagMs: LatencySummary;
  };
  passed: boolean;
}

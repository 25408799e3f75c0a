import type { Lab } from '@harborhook/lab/lab/lab';
import type { ReceiverBehaviour } from '@harborhook/lab/receivers/receiver';
import type { Env } from '@harborhook/lab/platform/service-env';
import type { CheckResult } from './report/report-model.ts';
import type { RunRecord } from './run/run-record.ts';

/** What a fault's inject and remove steps get: the lab, and the run's seeded randomness. */
export interface FaultContext {
  lab: Lab;
  random: () => number;
  /** A line on the progress output, for what the fault is doing. */
  note(message: string): void;
}

/**
 * One chaos experiment: one fault, its steady-state hypothesis, the load it runs under and the
 * checks made at the end. The runner adds the checks every experiment makes (nothing accepted
 * lost, duplicates only as redeliveries, signatures valid, bodies byte-identical, recovery).
 */
export interface Experiment {
  /** The name `npm run chaos -- <name>` takes. */
  name: string;
  title: string;
  /** What must hold before, during and after the fault, as sentences for the report. */
  hypothesis: string[];
  lab?: {
    workers?: number;
    /** One receiver, and one endpoint, per entry (default three that succeed). */
    receivers?: ReceiverBehaviour[];
    env?: { api?: Env; relay?: Env; worker?: Env };
  };
  /** Events published per second, on an open-model schedule (default 20). */
  ratePerSecond?: number;
  fault: {
    description: string;
    /** How long the fault lasts in a full run; a quick run scales it down. */
    durationSeconds: number;
    inject(context: FaultContext): Promise<void>;
    remove(context: FaultContext): Promise<void>;
  };
  /** Longest accepted time from the fault's end to the steady state, in a full run. */
  maxRecoverySeconds: number;
  /** Deliveries that may end dead (for faults that outlast the retry schedule). Default 0. */
  allowedDead?: number;
  /** The experiment's own checks of its hypothesis. */
  checks?(run: RunRecord): CheckResult[];
}

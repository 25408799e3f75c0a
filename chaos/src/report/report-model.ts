/** One second of an experiment, as the report plots it. */
export interface TimelinePoint {
  /** Seconds since the load started. */
  t: number;
  /** Publish requests answered per second, and of them those that failed (5xx or no answer). */
  publishRate: number;
  publishErrors: number;
  /** Webhooks that arrived at the receivers per second (duplicates included). */
  deliveryRate: number;
  /**
   * Publish latency percentiles of the publishes answered in that second, milliseconds from
   * each intended start; null when none was answered (a gap in the plot, not a 0).
   */
  publishP50Ms: number | null;
  publishP99Ms: number | null;
  /** Publish-to-arrival percentiles of the webhooks that arrived in that second, or null. */
  endToEndP50Ms: number | null;
  endToEndP99Ms: number | null;
  /** Deliveries not yet final, read from Postgres. */
  pending: number;
  /**
   * What the relay's /metrics said in that second: the oldest due delivery's age and the
   * workers' channel depth in nsqd; null when the relay (or nsqd) did not answer the scrape.
   */
  oldestDueAgeS: number | null;
  nsqChannelDepth: number | null;
}

export interface CheckResult {
  name: string;
  passed: boolean;
  /** What was measured, in a sentence with figures. */
  detail: string;
}

/** The measured figures a note or a dashboard wants from a run. */
export interface ExperimentFigures {
  eventsAccepted: number;
  deliveriesCreated: number;
  delivered: number;
  dead: number;
  /** Accepted deliveries neither delivered nor dead when the run gave up waiting. */
  lost: number;
  /** Webhooks received more than once (same webhook-id and endpoint), counted per extra copy. */
  duplicates: number;
  /** From the fault's end until the platform was back to its steady state; null if never. */
  recoverySeconds: number | null;
}

export interface ExperimentReport {
  name: string;
  title: string;
  /** The steady-state hypothesis, as sentences. */
  hypothesis: string[];
  seed: number;
  startedAt: string;
  fault: { description: string; startS: number; endS: number };
  load: string;
  timeline: TimelinePoint[];
  checks: CheckResult[];
  figures: ExperimentFigures;
  passed: boolean;
}

import type { ReceiverBehaviour } from '@harborhook/lab/receivers/behaviour';

/**
 * A load profile: what to send, to whom, and what counts as passing. Profiles are data
 * (`load/profiles/*.json`); `validateProfile` turns parsed JSON into this shape or refuses it.
 * Rates are events per second; times are seconds unless a name says otherwise.
 */
export interface LoadProfile {
  name: string;
  description: string;
  /** The arrival rate at t = 0; each stage ramps linearly from the previous target to its own. */
  startRate: number;
  stages: Stage[];
  /** The sum of the stages' durations, written out so a reader sees the length at a glance. */
  durationSeconds: number;
  /** Open model: at most this many publishes outstanding; arrivals beyond it are dropped. */
  maxOutstanding: number;
  /** A publish that has not answered by then is an error (`timeout`). */
  requestTimeoutSeconds: number;
  /** After the last publish, how long deliveries may take to arrive before they count as lost. */
  drainTimeoutSeconds: number;
  /** Stop scheduling after the first stage whose thresholds break ("ramp until it breaks"). */
  stopOnBreach: boolean;
  /** Seeds the choice of tenant, event type and payload size for each arrival. */
  seed: number;
  payloadBytes: WeightedSize[];
  tenants: WeightedTenant[];
  endpointsPerTenant: number;
  eventTypes: EventTypeMix[];
  receivers: ReceiverShare[];
  thresholds: Thresholds;
}

export interface Stage {
  durationSeconds: number;
  /** The arrival rate reached at the end of the stage. */
  target: number;
}

export interface WeightedSize {
  /** Approximate size of the JSON payload in bytes. */
  bytes: number;
  weight: number;
}

export interface WeightedTenant {
  /** A prefix: each run publishes as `<name>-<run id>` so runs never see each other's endpoints. */
  name: string;
  weight: number;
}

export interface EventTypeMix {
  type: string;
  weight: number;
  /** How many of the tenant's endpoints subscribe to this type. */
  fanOut: number;
}

/** The behaviours the load receivers support (a subset of the lab receivers' behaviours). */
export type LoadReceiverBehaviour = Extract<ReceiverBehaviour,
  { kind: 'succeed' | 'status' | 'fail-first' | 'fail-fraction' | 'slow' }>;

export interface ReceiverShare {
  /** The fraction of all endpoints that behave this way; the fractions add up to 1. */
  share: number;
  behaviour: LoadReceiverBehaviour;
}

/** Limits in milliseconds on latency percentiles; every key is optional. */
export interface PercentileLimits {
  p50?: number;
  p90?: number;
  p95?: number;
  p99?: number;
  'p99.9'?: number;
  max?: number;
}

export const PERCENTILE_KEYS = ['p50', 'p90', 'p95', 'p99', 'p99.9', 'max'] as const;
export type PercentileKey = (typeof PERCENTILE_KEYS)[number];

export interface Thresholds {
  /** From each publish's intended start to its answer. */
  publishLatencyMs: PercentileLimits;
  /** From each publish's intended start to the delivery's first arrival at its receiver. */
  e2eLatencyMs: PercentileLimits;
  /** Publishes answered with anything but 2xx (or not at all), over publishes sent. */
  maxErrorRate: number;
  /** Arrivals dropped because `maxOutstanding` publishes were outstanding, over arrivals. */
  maxDropRate: number;
  /** Accepted deliveries that never arrived within the drain timeout ("zero loss": 0). */
  maxLoss: number;
}

import type { RecordedRequest } from '@harborhook/lab/receivers/receiver';
import type { PublishStatus } from '@harborhook/load/driver/event-publisher';
import type { TimelinePoint } from '../report/report-model.ts';
import type { Phases } from './phases.ts';

/** One publish the load made, as the load saw it. */
export interface PublishRecord {
  seq: number;
  type: string;
  body: string;
  /** Epoch ms the publish was meant to start (the open model's schedule). */
  intendedAtMs: number;
  status: PublishStatus;
  /** From the intended start to the answer, or to giving up. */
  latencyMs: number;
}

/** One endpoint the run registered: a receiver behind its proxy, and its signing secret. */
export interface EndpointRecord {
  receiverIndex: number;
  endpointId: string;
  secret: string;
}

/** A delivery as Postgres holds it at the end, with its event's payload. */
export interface DeliveryRow {
  id: string;
  eventId: string;
  endpointId: string;
  status: string;
  attemptCount: number;
  payload: Buffer;
}

export interface ReceivedRequest {
  receiverIndex: number;
  request: RecordedRequest;
}

/** Everything a run measured, for the checks and the report. */
export interface RunRecord {
  experiment: string;
  seed: number;
  phases: Phases;
  /** Epoch ms when the load started: the timeline's zero. */
  startedAtMs: number;
  publishes: PublishRecord[];
  endpoints: EndpointRecord[];
  received: ReceivedRequest[];
  /** Every delivery in the lab's database when the run ended. */
  deliveries: DeliveryRow[];
  /**
   * Deliveries the relay's housekeeping put back because their lease expired, by state, from
   * its /metrics at the end (since the relay last started).
   */
  leasesRecovered: { queued: number; attempting: number };
  /** Deliveries the workers put back uncounted because a circuit was open (their /metrics). */
  circuitDeferrals: number;
  /** Attempts recorded in Postgres by error class (`none` for a success). */
  attemptsByClass: Record<string, number>;
  /** Whether every delivery was final (delivered or dead) within the drain timeout. */
  drained: boolean;
  timeline: TimelinePoint[];
}

/** Seconds from the load's start at which a request arrived. */
export function arrivalSecond(run: RunRecord, request: RecordedRequest): number {
  return (request.receivedAt.getTime() - run.startedAtMs) / 1000;
}

/** Publish-to-arrival time of a received webhook, read from the payload's sentAt. */
export function endToEndMs(request: RecordedRequest): number | undefined {
  try {
    const { sentAt } = JSON.parse(request.body.toString('utf8')) as { sentAt?: unknown };
    return typeof sentAt === 'number' ? request.receivedAt.getTime() - sentAt : undefined;
  } catch {
    return undefined;
  }
}

/** The p-th percentile (0–100) of values, by nearest rank; 0 for none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

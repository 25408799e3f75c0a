import type { DeliveryStatus } from '../schemas/delivery.ts';

export interface Delivery {
  id: string;
  eventId: string;
  endpointId: string;
  status: DeliveryStatus;
  attemptCount: number;
  /** Only meaningful while scheduled: queued or final deliveries have no next attempt. */
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastErrorClass: string | null;
  replayOf: string | null;
  replayedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface DeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error_class: string | null;
  replay_of: string | null;
  replayed_by: string | null;
  created_at: Date;
  finished_at: Date | null;
}

/** The delivery columns, qualified by `d` so they can be used in joins. */
export const DELIVERY_COLUMNS = `d.id, d.event_id, d.endpoint_id, d.status, d.attempt_count,
  d.next_attempt_at, d.last_status_code, d.last_error_class, d.replay_of, d.replayed_by,
  d.created_at, d.finished_at`;

export function toDelivery(row: DeliveryRow): Delivery {
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    status: row.status,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.status === 'scheduled' ? row.next_attempt_at.toISOString() : null,
    lastStatusCode: row.last_status_code,
    lastErrorClass: row.last_error_class,
    replayOf: row.replay_of,
    replayedBy: row.replayed_by,
    createdAt: row.created_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
  };
}

import type { Pool, PoolClient } from '@harborhook/shared/db/pool';
import { decodeCursor, toPage, type Page } from '../pagination/cursor.ts';

export interface EventSummary {
  id: string;
  type: string;
  createdAt: string;
  payloadBytes: number;
  payloadSha256: string;
  idempotencyKey: string | null;
}

export interface NewEvent {
  id: string;
  tenantId: string;
  type: string;
  payload: Buffer;
  payloadSha256: Buffer;
  idempotencyKey: string | null;
}

interface EventRow {
  id: string;
  event_type: string;
  created_at: Date;
  payload_bytes: number;
  payload_sha256: Buffer;
  idempotency_key: string | null;
}

// octet_length reads the stored size without fetching the payload itself.
const SUMMARY = `id, event_type, created_at, octet_length(payload) AS payload_bytes,
  payload_sha256, idempotency_key`;

function toSummary(row: EventRow): EventSummary {
  return {
    id: row.id,
    type: row.event_type,
    createdAt: row.created_at.toISOString(),
    payloadBytes: row.payload_bytes,
    payloadSha256: row.payload_sha256.toString('hex'),
    idempotencyKey: row.idempotency_key,
  };
}

/** Stores the payload bytes exactly as given; returns the commit-time creation timestamp. */
export async function insertEvent(client: PoolClient, event: NewEvent): Promise<Date> {
  const { rows } = await client.query<{ created_at: Date }>(
    `INSERT INTO events (id, tenant_id, event_type, payload, payload_sha256, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING created_at`,
    [event.id, event.tenantId, event.type, event.payload, event.payloadSha256,
      event.idempotencyKey]);
  return (rows[0] as { created_at: Date }).created_at;
}

export async function findEvent(db: Pool | PoolClient, tenantId: string, id: string):
  Promise<EventSummary | undefined> {
  const { rows } = await db.query<EventRow>(
    `SELECT ${SUMMARY} FROM events WHERE tenant_id = $1 AND id = $2`, [tenantId, id]);
  return rows[0] === undefined ? undefined : toSummary(rows[0]);
}

export async function findPayload(pool: Pool, tenantId: string, id: string):
  Promise<Buffer | undefined> {
  const { rows } = await pool.query<{ payload: Buffer }>(
    'SELECT payload FROM events WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  return rows[0]?.payload;
}

export interface EventFilter {
  type?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first. `since` is inclusive, `until` exclusive, both on the creation time. */
export async function listEvents(pool: Pool, tenantId: string, filter: EventFilter):
  Promise<Page<EventSummary>> {
  const before = decodeCursor('events', filter.cursor, ['uuid'])?.[0] ?? null;
  const { rows } = await pool.query<EventRow>(
    `SELECT ${SUMMARY} FROM events
     WHERE tenant_id = $1 AND ($2::text IS NULL OR event_type = $2)
       AND ($3::timestamptz IS NULL OR created_at >= $3)
       AND ($4::timestamptz IS NULL OR created_at < $4)
       AND ($5::uuid IS NULL OR id < $5)
     ORDER BY id DESC LIMIT $6`,
    [tenantId, filter.type ?? null, filter.since ?? null, filter.until ?? null, before,
      filter.limit + 1]);
  return toPage(rows.map(toSummary), filter.limit, 'events', (last) => [last.id]);
}

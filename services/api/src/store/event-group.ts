import type { Pool } from '@harborhook/shared/db/pool';
import { matchingFilters } from '@harborhook/shared/delivery/event-types';

/** One event of a group commit, already validated; its id is made by the caller. */
export interface GroupedEvent {
  tenantId: string;
  id: string;
  type: string;
  payload: Buffer;
  payloadSha256: Buffer;
  /** The publishing request's trace context, stored on each of its deliveries. */
  traceparent: string | null;
}

export interface StoredEvent {
  id: string;
  createdAt: Date;
  deliveryCount: number;
}

/**
 * Stores a group of events, of one tenant or several, and fans each out to its tenant's live,
 * enabled endpoints whose filters match its type: one round trip for the whole group, in
 * autocommit. The statement is the function of migration 0007, which takes the tenant role and
 * sets each tenant in turn itself, so row-level security holds for every row as in a tenant
 * transaction, without its BEGIN and COMMIT.
 */
const SQL = 'SELECT id, created_at, delivery_count FROM harborhook_store_event_group('
  + '$1, $2, $3, $4, $5, $6, $7, $8, $9, $10)';

/** Must be called outside a transaction: the function's role switch lasts for the rest of it. */
export async function insertEventGroup(pool: Pool,
  events: readonly GroupedEvent[]): Promise<Map<string, StoredEvent>> {
  const filterTypes: string[] = [];
  const filters: string[] = [];
  for (const type of new Set(events.map((event) => event.type))) {
    for (const filter of matchingFilters(type)) {
      filterTypes.push(type);
      filters.push(filter);
    }
  }
  const starts: number[] = [];
  let offset = 0;
  for (const event of events) {
    starts.push(offset);
    offset += event.payload.length;
  }
  const values = [events.map((e) => e.tenantId), events.map((e) => e.id),
    events.map((e) => e.type), Buffer.concat(events.map((e) => e.payload), offset), starts,
    Buffer.concat(events.map((e) => e.payloadSha256)), events.map((e) => e.payload.length),
    filterTypes, filters, events.map((e) => e.traceparent)];
  // Named: each connection parses it once, not per group.
  const { rows } = await pool.query<{ id: string; created_at: Date; delivery_count: number }>(
    { name: 'harborhook-event-group', text: SQL, values });
  return new Map(rows.map((row) => [row.id,
    { id: row.id, createdAt: row.created_at, deliveryCount: row.delivery_count }]));
}

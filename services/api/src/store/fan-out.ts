import type { PoolClient } from '@harborhook/shared/db/pool';
import { matchingFilters } from '@harborhook/shared/delivery/event-types';
import { uuidv7 } from '@harborhook/shared/ids';
import { activeTraceparent } from '@harborhook/shared/telemetry/trace-context';

/**
 * Creates one scheduled delivery per live, enabled endpoint of the tenant whose filters match
 * the event type (exact, prefix wildcard or `*`). Each endpoint appears once in the select, and
 * the unique (event_id, endpoint_id) index refuses a second fan-out anyway.
 */
export async function fanOut(client: PoolClient, tenantId: string, eventId: string,
  type: string): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM endpoints
     WHERE tenant_id = $1 AND enabled AND deleted_at IS NULL AND event_types && $2::text[]
     ORDER BY id`,
    [tenantId, matchingFilters(type)]);
  if (rows.length === 0) return 0;
  const endpointIds = rows.map((row) => row.id);
  const deliveryIds = endpointIds.map(() => uuidv7());
  const inserted = await client.query(
    `INSERT INTO deliveries (id, tenant_id, event_id, endpoint_id, status, next_attempt_at,
       traceparent)
     SELECT d.id, $1, $2, d.endpoint_id, 'scheduled', now(), $5
     FROM unnest($3::uuid[], $4::uuid[]) AS d (id, endpoint_id)`,
    [tenantId, eventId, deliveryIds, endpointIds, activeTraceparent() ?? null]);
  return inserted.rowCount ?? 0;
}

import type { Pool } from '@harborhook/shared/db/pool';
import { decodeCursor, toPage, type Page } from '../pagination/cursor.ts';
import { DELIVERY_COLUMNS, toDelivery, type Delivery, type DeliveryRow } from './delivery-rows.ts';

export interface DeadLetterFilter {
  endpointId?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

// Microsecond text, so a cursor resumes exactly where Postgres's own ordering left off.
const FINISHED_KEY = `to_char(d.finished_at AT TIME ZONE 'UTC',
  'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS finished_key`;

type DeadRow = DeliveryRow & { finished_key: string };

/**
 * Dead deliveries, most recently dead first. Those of deleted endpoints are left out: nothing
 * can be done with them. The worker sets finished_at whenever it marks a delivery dead.
 */
export async function listDeadLetters(pool: Pool, tenantId: string, filter: DeadLetterFilter):
  Promise<Page<Delivery>> {
  const key = decodeCursor('dead-letters', filter.cursor, ['timestamp', 'uuid']);
  const { rows } = await pool.query<DeadRow>(
    `SELECT ${DELIVERY_COLUMNS}, ${FINISHED_KEY}
     FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id AND e.deleted_at IS NULL
     WHERE d.tenant_id = $1 AND d.status = 'dead' AND d.finished_at IS NOT NULL
       AND ($2::uuid IS NULL OR d.endpoint_id = $2)
       AND ($3::timestamptz IS NULL OR d.finished_at >= $3)
       AND ($4::timestamptz IS NULL OR d.finished_at < $4)
       AND ($5::timestamptz IS NULL OR (d.finished_at, d.id) < ($5, $6::uuid))
     ORDER BY d.finished_at DESC, d.id DESC LIMIT $7`,
    [tenantId, filter.endpointId ?? null, filter.since ?? null, filter.until ?? null,
      key?.[0] ?? null, key?.[1] ?? null, filter.limit + 1]);
  const page = toPage(rows, filter.limit, 'dead-letters',
    (last) => [last.finished_key, last.id]);
  return { data: page.data.map(toDelivery), nextCursor: page.nextCursor };
}

import type { Pool } from '@harborhook/shared/db/pool';
import { decodeCursor, toPage, type Page } from '../pagination/cursor.ts';
import type { DeliveryStatus } from '../schemas/delivery.ts';
import { DELIVERY_COLUMNS, toDelivery, type Delivery, type DeliveryRow } from './delivery-rows.ts';

export async function findDelivery(pool: Pool, tenantId: string, id: string):
  Promise<Delivery | undefined> {
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries d WHERE d.tenant_id = $1 AND d.id = $2`,
    [tenantId, id]);
  return rows[0] === undefined ? undefined : toDelivery(rows[0]);
}

/** All deliveries of one event (one per endpoint, plus replays), oldest first. */
export async function deliveriesOfEvent(pool: Pool, tenantId: string, eventId: string):
  Promise<Delivery[]> {
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries d
     WHERE d.tenant_id = $1 AND d.event_id = $2 ORDER BY d.id`, [tenantId, eventId]);
  return rows.map(toDelivery);
}

export async function pageOfEventDeliveries(pool: Pool, tenantId: string, eventId: string,
  limit: number, cursor: string | undefined): Promise<Page<Delivery>> {
  const after = decodeCursor('event-deliveries', cursor, ['uuid'])?.[0] ?? null;
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries d
     WHERE d.tenant_id = $1 AND d.event_id = $2 AND ($3::uuid IS NULL OR d.id > $3)
     ORDER BY d.id LIMIT $4`, [tenantId, eventId, after, limit + 1]);
  return toPage(rows.map(toDelivery), limit, 'event-deliveries', (last) => [last.id]);
}

export interface EndpointDeliveryFilter {
  status?: DeliveryStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first. */
export async function pageOfEndpointDeliveries(pool: Pool, tenantId: string,
  endpointId: string, filter: EndpointDeliveryFilter): Promise<Page<Delivery>> {
  const before = decodeCursor('endpoint-deliveries', filter.cursor, ['uuid'])?.[0] ?? null;
  const { rows } = await pool.query<DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM deliveries d
     WHERE d.tenant_id = $1 AND d.endpoint_id = $2
       AND ($3::delivery_status IS NULL OR d.status = $3)
       AND ($4::uuid IS NULL OR d.id < $4)
     ORDER BY d.id DESC LIMIT $5`,
    [tenantId, endpointId, filter.status ?? null, before, filter.limit + 1]);
  return toPage(rows.map(toDelivery), filter.limit, 'endpoint-deliveries', (last) => [last.id]);
}

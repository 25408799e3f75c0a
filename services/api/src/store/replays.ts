import { withTransaction, type Pool, type PoolClient } from '@harborhook/shared/db/pool';
import { HarborhookError } from '@harborhook/shared/errors';
import { uuidv7 } from '@harborhook/shared/ids';
import { activeTraceparent } from '@harborhook/shared/telemetry/trace-context';
import { DELIVERY_COLUMNS, toDelivery, type Delivery, type DeliveryRow } from './delivery-rows.ts';

function notFound(what: string): HarborhookError {
  return new HarborhookError('WHK_ERR_RESOURCE_NOT_FOUND', `${what} not found`);
}

function endpointDisabled(): HarborhookError {
  return new HarborhookError('WHK_ERR_REPLAY_ENDPOINT_DISABLED',
    'the endpoint is disabled: enable it before replaying deliveries to it');
}

async function recordReplay(client: PoolClient, tenantId: string, kind: 'single' | 'bulk',
  filter: object, count: number): Promise<string> {
  const id = uuidv7();
  await client.query(
    `INSERT INTO replays (id, tenant_id, kind, filter, delivery_count)
     VALUES ($1, $2, $3, $4::jsonb, $5)`, [id, tenantId, kind, JSON.stringify(filter), count]);
  return id;
}

interface ReplayTarget {
  status: string;
  replayed_by: string | null;
  endpoint_deleted: boolean;
  endpoint_enabled: boolean;
}

function checkReplayable(target: ReplayTarget | undefined): void {
  if (target === undefined || target.endpoint_deleted) throw notFound('delivery');
  if (target.status !== 'dead') {
    throw new HarborhookError('WHK_ERR_REPLAY_NOT_DEAD',
      `only dead deliveries can be replayed; this one is ${target.status}`);
  }
  if (target.replayed_by !== null) throw alreadyReplayed(target.replayed_by);
  if (!target.endpoint_enabled) throw endpointDisabled();
}

function alreadyReplayed(by: string | null): HarborhookError {
  return new HarborhookError('WHK_ERR_REPLAY_ALREADY_REPLAYED',
    `this delivery was already replayed${by === null ? '' : ` by delivery ${by}`}`);
}

/**
 * A new scheduled delivery of the same event to the same endpoint, linked both ways. The
 * guarded UPDATE makes concurrent replays of one delivery produce exactly one new delivery.
 */
export async function replayDelivery(pool: Pool, tenantId: string, deliveryId: string):
  Promise<{ replayId: string; delivery: Delivery }> {
  return await withTransaction(pool, async (client) => {
    const { rows } = await client.query<ReplayTarget>(
      `SELECT d.status, d.replayed_by, e.deleted_at IS NOT NULL AS endpoint_deleted,
         e.enabled AS endpoint_enabled
       FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
       WHERE d.tenant_id = $1 AND d.id = $2`, [tenantId, deliveryId]);
    checkReplayable(rows[0]);
    const inserted = await client.query<DeliveryRow>(
      `INSERT INTO deliveries AS d (id, tenant_id, event_id, endpoint_id, status,
         next_attempt_at, replay_of, traceparent)
       SELECT $3, old.tenant_id, old.event_id, old.endpoint_id, 'scheduled', now(), old.id, $4
       FROM deliveries old WHERE old.tenant_id = $1 AND old.id = $2
       RETURNING ${DELIVERY_COLUMNS}`,
      [tenantId, deliveryId, uuidv7(), activeTraceparent() ?? null]);
    const fresh = inserted.rows[0] as DeliveryRow;
    const marked = await client.query(
      `UPDATE deliveries SET replayed_by = $3, updated_at = now()
       WHERE id = $2 AND tenant_id = $1 AND status = 'dead' AND replayed_by IS NULL`,
      [tenantId, deliveryId, fresh.id]);
    if (marked.rowCount !== 1) throw alreadyReplayed(null);
    const replayId = await recordReplay(client, tenantId, 'single', { deliveryId }, 1);
    return { replayId, delivery: toDelivery(fresh) };
  });
}

export interface BulkReplayRequest {
  endpointId: string;
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
}

/** Replays, in one transaction, up to `limit` dead and not yet replayed deliveries. */
export async function replayDeadLetters(pool: Pool, tenantId: string,
  request: BulkReplayRequest): Promise<{ replayId: string; replayed: number }> {
  return await withTransaction(pool, async (client) => {
    await checkEndpointReplayable(client, tenantId, request.endpointId);
    const oldIds = await lockDeadDeliveries(client, tenantId, request);
    const newIds = oldIds.map(() => uuidv7());
    await client.query(
      `INSERT INTO deliveries (id, tenant_id, event_id, endpoint_id, status, next_attempt_at,
         replay_of, traceparent)
       SELECT m.new_id, old.tenant_id, old.event_id, old.endpoint_id, 'scheduled', now(), old.id,
         $3
       FROM unnest($1::uuid[], $2::uuid[]) AS m (old_id, new_id)
       JOIN deliveries old ON old.id = m.old_id`, [oldIds, newIds, activeTraceparent() ?? null]);
    const marked = await client.query(
      `UPDATE deliveries d SET replayed_by = m.new_id, updated_at = now()
       FROM unnest($1::uuid[], $2::uuid[]) AS m (old_id, new_id)
       WHERE d.id = m.old_id AND d.status = 'dead' AND d.replayed_by IS NULL`, [oldIds, newIds]);
    if (marked.rowCount !== oldIds.length) throw alreadyReplayed(null);
    const filter = { endpointId: request.endpointId, since: request.since ?? null,
      until: request.until ?? null, limit: request.limit };
    const replayId = await recordReplay(client, tenantId, 'bulk', filter, oldIds.length);
    return { replayId, replayed: oldIds.length };
  });
}

async function checkEndpointReplayable(client: PoolClient, tenantId: string, id: string):
  Promise<void> {
  const { rows } = await client.query<{ enabled: boolean }>(
    `SELECT enabled FROM endpoints WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [tenantId, id]);
  if (rows[0] === undefined) throw notFound('endpoint');
  if (!rows[0].enabled) throw endpointDisabled();
}

/** Locks the chosen rows so a concurrent replay of any of them waits, then finds it replayed. */
async function lockDeadDeliveries(client: PoolClient, tenantId: string,
  request: BulkReplayRequest): Promise<string[]> {
  const { rows } = await client.query<{ id: string }>(
    `SELECT d.id FROM deliveries d
     WHERE d.tenant_id = $1 AND d.endpoint_id = $2 AND d.status = 'dead'
       AND d.replayed_by IS NULL
       AND ($3::timestamptz IS NULL OR d.finished_at >= $3)
       AND ($4::timestamptz IS NULL OR d.finished_at < $4)
     ORDER BY d.finished_at, d.id LIMIT $5 FOR UPDATE`,
    [tenantId, request.endpointId, request.since ?? null, request.until ?? null,
      request.limit]);
  return rows.map((row) => row.id);
}

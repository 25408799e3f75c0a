import type { Pool, PoolClient } from '@harborhook/shared/db/pool';
import { withTenantTransaction } from '@harborhook/shared/db/tenant-transaction';
import { HarborhookError } from '@harborhook/shared/errors';
import { uuidv7 } from '@harborhook/shared/ids';
import { claimIdempotencyKey } from '../store/idempotency-keys.ts';
import { insertEvent } from '../store/events.ts';
import { fanOut } from '../store/fan-out.ts';
import { requestHash, sha256 } from './request-hash.ts';

export interface PublishInput {
  tenantId: string;
  type: string;
  /** The exact bytes to store and deliver. */
  payload: Buffer;
  idempotencyKey?: string | undefined;
  idempotencyKeyTtlMs: number;
}

export interface PublishOutcome {
  id: string;
  type: string;
  createdAt: string;
  deliveryCount: number;
  /** True when the idempotency key named an earlier, identical request. */
  duplicate: boolean;
}

/** Carries a duplicate's answer out of its transaction, which must roll back. */
class EarlierRequest extends Error {
  readonly outcome: PublishOutcome;

  constructor(outcome: PublishOutcome) {
    super('idempotent replay');
    this.outcome = outcome;
  }
}

/**
 * The publish path for events with an Idempotency-Key (single and batch; the others are
 * group-committed, group-commit.ts): in one transaction as the tenant, claim the key, store the
 * event bytes, and create its deliveries. The caller answers after the commit.
 */
export async function publishEvent(pool: Pool, input: PublishInput): Promise<PublishOutcome> {
  try {
    return await withTenantTransaction(pool, input.tenantId,
      (client) => publishIn(client, input));
  } catch (err) {
    if (err instanceof EarlierRequest) return err.outcome;
    throw err;
  }
}

async function publishIn(client: PoolClient, input: PublishInput): Promise<PublishOutcome> {
  const id = uuidv7();
  if (input.idempotencyKey !== undefined) {
    await claimOrReplay(client, input, id, input.idempotencyKey);
  }
  const created = await insertEvent(client, {
    id,
    tenantId: input.tenantId,
    type: input.type,
    payload: input.payload,
    payloadSha256: sha256(input.payload),
    idempotencyKey: input.idempotencyKey ?? null,
  });
  const deliveryCount = await fanOut(client, input.tenantId, id, input.type);
  return { id, type: input.type, createdAt: created.toISOString(), deliveryCount,
    duplicate: false };
}

async function claimOrReplay(client: PoolClient, input: PublishInput, id: string,
  key: string): Promise<void> {
  const hash = requestHash(input.type, input.payload);
  const claim = await claimIdempotencyKey(client, { tenantId: input.tenantId, key,
    requestSha256: hash, eventId: id, ttlMs: input.idempotencyKeyTtlMs });
  if (claim.claimed) return;
  if (!claim.requestSha256.equals(hash)) {
    throw new HarborhookError('WHK_ERR_IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was already used with a different event type or payload');
  }
  if (claim.eventId === null) throw new Error('idempotency key has no event');
  throw new EarlierRequest(await earlierOutcome(client, input.tenantId, claim.eventId));
}

async function earlierOutcome(client: PoolClient, tenantId: string, eventId: string):
  Promise<PublishOutcome> {
  const { rows } = await client.query<{ event_type: string; created_at: Date; count: number }>(
    `SELECT e.event_type, e.created_at,
       (SELECT count(*)::int FROM deliveries d
        WHERE d.event_id = e.id AND d.replay_of IS NULL) AS count
     FROM events e WHERE e.tenant_id = $1 AND e.id = $2`, [tenantId, eventId]);
  const row = rows[0];
  if (row === undefined) throw new Error('idempotency key names a missing event');
  return { id: eventId, type: row.event_type, createdAt: row.created_at.toISOString(),
    deliveryCount: row.count, duplicate: true };
}

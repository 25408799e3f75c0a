import type { PoolClient } from '@harborhook/shared/db/pool';

export interface KeyClaim {
  tenantId: string;
  key: string;
  requestSha256: Buffer;
  eventId: string;
  ttlMs: number;
}

export type ClaimResult =
  | { claimed: true }
  | { claimed: false; requestSha256: Buffer; eventId: string | null };

/**
 * Binds a key to this request, or reports the live request it is already bound to. An expired
 * key is taken over. A concurrent claim of the same key waits on the row lock until the first
 * transaction ends, so two identical requests never both publish.
 */
export async function claimIdempotencyKey(client: PoolClient, claim: KeyClaim):
  Promise<ClaimResult> {
  const inserted = await client.query(
    `INSERT INTO idempotency_keys (tenant_id, key, request_sha256, event_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + $5::bigint * interval '1 millisecond')
     ON CONFLICT (tenant_id, key) DO UPDATE
       SET request_sha256 = EXCLUDED.request_sha256, event_id = EXCLUDED.event_id,
           expires_at = EXCLUDED.expires_at
       WHERE idempotency_keys.expires_at < now()
     RETURNING event_id`,
    [claim.tenantId, claim.key, claim.requestSha256, claim.eventId, claim.ttlMs]);
  if (inserted.rowCount === 1) return { claimed: true };
  const { rows } = await client.query<{ request_sha256: Buffer; event_id: string | null }>(
    'SELECT request_sha256, event_id FROM idempotency_keys WHERE tenant_id = $1 AND key = $2',
    [claim.tenantId, claim.key]);
  const row = rows[0];
  if (row === undefined) throw new Error('idempotency key vanished while it was locked');
  return { claimed: false, requestSha256: row.request_sha256, eventId: row.event_id };
}

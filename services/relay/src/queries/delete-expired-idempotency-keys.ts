import type { Pool } from '@harborhook/shared/db/pool';

/** Deletes up to `limit` idempotency keys whose window has passed. */
const SQL = `
WITH expired AS (
  SELECT tenant_id, key FROM idempotency_keys
  WHERE expires_at < now()
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
DELETE FROM idempotency_keys AS k
USING expired
WHERE k.tenant_id = expired.tenant_id AND k.key = expired.key`;

export async function deleteExpiredIdempotencyKeys(pool: Pool, limit: number): Promise<number> {
  const result = await pool.query(SQL, [limit]);
  return result.rowCount ?? 0;
}

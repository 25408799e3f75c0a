import type { PoolClient } from '@harborhook/shared/db/pool';

/**
 * Locks up to `limit` due deliveries (skipping rows another relay holds) and marks them queued
 * with a lease, inside the caller's transaction. The caller publishes the returned ids and
 * commits, or rolls back so that nothing changes when the publish fails.
 */
const SQL = `
WITH due AS (
  SELECT id FROM deliveries
  WHERE status = 'scheduled' AND next_attempt_at <= now()
  ORDER BY next_attempt_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
UPDATE deliveries AS d
SET status = 'queued',
    lease_expires_at = now() + $2::double precision * interval '1 millisecond',
    updated_at = now()
FROM due
WHERE d.id = due.id
RETURNING d.id`;

export async function markDueQueued(client: PoolClient, limit: number,
  leaseMs: number): Promise<string[]> {
  const result = await client.query<{ id: string }>(SQL, [limit, leaseMs]);
  return result.rows.map((row) => row.id);
}

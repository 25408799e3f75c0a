import type { Pool } from '@harborhook/shared/db/pool';

/**
 * Locks up to `limit` due deliveries (skipping rows another relay holds) and marks them queued
 * with a lease, in one statement that commits on its own. The caller publishes the returned ids
 * only after this commit: a worker that receives a message must find its delivery queued.
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

export async function markDueQueued(pool: Pool, limit: number,
  leaseMs: number): Promise<string[]> {
  const result = await pool.query<{ id: string }>(SQL, [limit, leaseMs]);
  return result.rows.map((row) => row.id);
}

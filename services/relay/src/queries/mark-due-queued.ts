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
RETURNING d.id, d.traceparent`;

/** A delivery to publish, with the trace context of the request that created it. */
export interface DueDelivery {
  id: string;
  traceparent: string | null;
}

export async function markDueQueued(pool: Pool, limit: number,
  leaseMs: number): Promise<DueDelivery[]> {
  const result = await pool.query<DueDelivery>(
    { name: 'harborhook-mark-due-queued', text: SQL, values: [limit, leaseMs] });
  return result.rows;
}

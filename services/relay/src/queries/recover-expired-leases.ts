import type { Pool } from '@harborhook/shared/db/pool';
import type { LeaseState } from '../metrics/relay-metrics.ts';

/**
 * Puts back up to `limit` deliveries whose queued or attempting lease expired: the NSQ message
 * was lost or the worker died. They become due at once; attempt_count is kept, so an attempt
 * that was cut short still counts towards the retry schedule.
 */
const SQL = `
WITH expired AS (
  SELECT id, status FROM deliveries
  WHERE status IN ('queued', 'attempting') AND lease_expires_at < now()
  ORDER BY lease_expires_at
  LIMIT $1
  FOR UPDATE SKIP LOCKED
)
UPDATE deliveries AS d
SET status = 'scheduled', next_attempt_at = now(), lease_expires_at = NULL, updated_at = now()
FROM expired
WHERE d.id = expired.id
RETURNING expired.status`;

/** How many were put back from each state (the state before recovery). */
export async function recoverExpiredLeases(pool: Pool, limit: number):
  Promise<Record<LeaseState, number>> {
  const result = await pool.query<{ status: LeaseState }>(SQL, [limit]);
  const counts = { queued: 0, attempting: 0 };
  for (const row of result.rows) counts[row.status] += 1;
  return counts;
}

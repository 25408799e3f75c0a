import type { Pool } from '@harborhook/shared/db/pool';

/**
 * Puts deliveries that were marked queued, but whose publish failed, back to scheduled (still
 * due), so they go out with the next batch instead of waiting for their lease to expire. A row
 * a worker has claimed meanwhile (from an older message) is left alone.
 */
const SQL = `
UPDATE deliveries
SET status = 'scheduled', lease_expires_at = NULL, updated_at = now()
WHERE id = ANY($1::uuid[]) AND status = 'queued'`;

export async function returnUnpublished(pool: Pool, ids: readonly string[]): Promise<number> {
  const result = await pool.query(SQL, [ids]);
  return result.rowCount ?? 0;
}

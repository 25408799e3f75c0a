import type { Pool } from '@harborhook/shared/db/pool';

/**
 * Gives a claimed delivery back without counting the attempt: used when its endpoint is at its
 * concurrency limit, and for attempts cut short by shutdown. Guarded by the attempt number, so
 * it does nothing if the lease was already lost. Returns whether the row was put back.
 */
const SQL = `
UPDATE deliveries
SET status = 'scheduled',
    attempt_count = attempt_count - 1,
    next_attempt_at = now() + $3::double precision * interval '1 millisecond',
    lease_expires_at = NULL,
    updated_at = now()
WHERE id = $1 AND status = 'attempting' AND attempt_count = $2`;

export async function deferDelivery(pool: Pool, deliveryId: string, attemptNumber: number,
  delayMs: number): Promise<boolean> {
  const result = await pool.query({ name: 'harborhook-defer-delivery', text: SQL,
    values: [deliveryId, attemptNumber, delayMs] });
  return result.rowCount === 1;
}

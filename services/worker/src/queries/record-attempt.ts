import type { Pool } from '@harborhook/shared/db/pool';
import type { ErrorClass } from '@harborhook/shared/delivery/retry-policy';

export interface AttemptRecord {
  attemptId: string;
  deliveryId: string;
  tenantId: string;
  attemptNumber: number;
  startedAt: Date;
  durationMs: number;
  statusCode: number | undefined;
  errorClass: ErrorClass | null;
  responseBodyPrefix: string | undefined;
  outcome: 'delivered' | 'retry' | 'dead';
  /** For a retry: how long from now the next attempt is due. */
  retryDelayMs: number;
}

/**
 * One statement: the attempt row, and the delivery's next state guarded by
 * `status = 'attempting' AND attempt_count = n`. The attempt row is kept even when the guard
 * matches nothing (the lease was lost and the delivery moved on): it happened.
 */
const SQL = `
WITH attempt AS (
  INSERT INTO attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms,
                        status_code, error_class, response_body_prefix, outcome)
  VALUES ($1, $2, $3, $4, $5, $6, $7::integer, $8::text, $9, $10::text)
), moved AS (
  UPDATE deliveries
  SET status = (CASE $10::text WHEN 'retry' THEN 'scheduled' ELSE $10::text END)
                 ::delivery_status,
      next_attempt_at = CASE WHEN $10::text = 'retry'
        THEN now() + $11::double precision * interval '1 millisecond'
        ELSE next_attempt_at END,
      finished_at = CASE WHEN $10::text = 'retry' THEN NULL ELSE now() END,
      lease_expires_at = NULL,
      last_status_code = $7::integer,
      last_error_class = $8::text,
      updated_at = now()
  WHERE id = $2 AND status = 'attempting' AND attempt_count = $4
  RETURNING 1
)
SELECT count(*)::integer AS moved FROM moved`;

/** Returns false when the delivery was no longer ours (lease lost). */
export async function recordAttempt(pool: Pool, record: AttemptRecord): Promise<boolean> {
  const { rows } = await pool.query<{ moved: number }>(SQL, [
    record.attemptId, record.deliveryId, record.tenantId, record.attemptNumber,
    record.startedAt, record.durationMs, record.statusCode ?? null, record.errorClass,
    record.responseBodyPrefix ?? null, record.outcome, record.retryDelayMs,
  ]);
  return rows[0]?.moved === 1;
}

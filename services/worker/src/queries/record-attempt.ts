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
 * One statement for a batch of attempts: the attempt rows, and each delivery's next state
 * guarded by `status = 'attempting' AND attempt_count = n`. An attempt row is kept even when
 * its guard matches nothing (the lease was lost and the delivery moved on): it happened.
 */
const SQL = `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::integer[], $5::timestamptz[],
    $6::integer[], $7::integer[], $8::text[], $9::text[], $10::text[], $11::double precision[])
    AS r (attempt_id, delivery_id, tenant_id, attempt_number, started_at, duration_ms,
          status_code, error_class, response_body_prefix, outcome, retry_delay_ms)
), attempt AS (
  INSERT INTO attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms,
                        status_code, error_class, response_body_prefix, outcome)
  SELECT attempt_id, delivery_id, tenant_id, attempt_number, started_at, duration_ms,
         status_code, error_class, response_body_prefix, outcome
  FROM input
), moved AS (
  UPDATE deliveries AS d
  SET status = (CASE i.outcome WHEN 'retry' THEN 'scheduled' ELSE i.outcome END)
                 ::delivery_status,
      next_attempt_at = CASE WHEN i.outcome = 'retry'
        THEN now() + i.retry_delay_ms * interval '1 millisecond'
        ELSE d.next_attempt_at END,
      finished_at = CASE WHEN i.outcome = 'retry' THEN NULL ELSE now() END,
      lease_expires_at = NULL,
      last_status_code = i.status_code,
      last_error_class = i.error_class,
      updated_at = now()
  FROM input i
  WHERE d.id = i.delivery_id AND d.status = 'attempting' AND d.attempt_count = i.attempt_number
  RETURNING d.id
)
SELECT id FROM moved`;

/** For each record, in order: false when its delivery was no longer ours (lease lost). */
export async function recordAttempts(pool: Pool, records: readonly AttemptRecord[]):
  Promise<boolean[]> {
  const column = <T>(pick: (record: AttemptRecord) => T): T[] => records.map(pick);
  const values = [
    column((r) => r.attemptId), column((r) => r.deliveryId), column((r) => r.tenantId),
    column((r) => r.attemptNumber), column((r) => r.startedAt), column((r) => r.durationMs),
    column((r) => r.statusCode ?? null), column((r) => r.errorClass),
    column((r) => r.responseBodyPrefix ?? null), column((r) => r.outcome),
    column((r) => r.retryDelayMs),
  ];
  const { rows } = await pool.query<{ id: string }>(
    { name: 'harborhook-record-attempts', text: SQL, values });
  const moved = new Set(rows.map((row) => row.id));
  return records.map((record) => moved.has(record.deliveryId));
}

import type { Pool } from '@harborhook/shared/db/pool';

export interface Attempt {
  attemptNumber: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  errorClass: string | null;
  responseBodyPrefix: string | null;
  outcome: 'delivered' | 'retry' | 'dead';
}

interface AttemptRow {
  attempt_number: number;
  started_at: Date;
  duration_ms: number;
  status_code: number | null;
  error_class: string | null;
  response_body_prefix: string | null;
  outcome: Attempt['outcome'];
}

/** Every attempt of one delivery, in order; a delivery has at most its retry policy's count. */
export async function attemptsOf(pool: Pool, tenantId: string, deliveryId: string):
  Promise<Attempt[]> {
  const { rows } = await pool.query<AttemptRow>(
    `SELECT attempt_number, started_at, duration_ms, status_code, error_class,
       response_body_prefix, outcome
     FROM attempts WHERE tenant_id = $1 AND delivery_id = $2
     ORDER BY attempt_number, started_at`, [tenantId, deliveryId]);
  return rows.map((row) => ({
    attemptNumber: row.attempt_number,
    startedAt: row.started_at.toISOString(),
    durationMs: row.duration_ms,
    statusCode: row.status_code,
    errorClass: row.error_class,
    responseBodyPrefix: row.response_body_prefix,
    outcome: row.outcome,
  }));
}

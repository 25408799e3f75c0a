import type { Pool } from './pool.ts';

/** Readiness must answer quickly even when Postgres hangs rather than refuses. */
const READY_TIMEOUT_MS = 2_000;

/** Whether Postgres answers a trivial query within the readiness timeout. */
export async function databaseAnswers(pool: Pool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
  });
  const probe = pool.query('SELECT 1').then(() => true, () => false);
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

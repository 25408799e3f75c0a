import { Gauge, type Registry } from 'prom-client';
import type { Pool } from '@harborhook/shared/db/pool';

/** Both numbers from one statement; the partial index on due deliveries serves it. */
const SQL = `
SELECT count(*)::int AS due,
       coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0)::float8 AS oldest
FROM deliveries
WHERE status = 'scheduled' AND next_attempt_at <= now()`;

/** A scrape waits this long for the backlog; a hanging Postgres must not hang /metrics. */
const READ_LIMIT_MS = 2_000;

type Backlog = { due: number; oldest: number } | undefined;

/** `read`, or undefined once `limitMs` has passed. */
async function withinLimit(read: Promise<Backlog>, limitMs: number): Promise<Backlog> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<Backlog>((resolve) => {
    timer = setTimeout(() => resolve(undefined), limitMs);
  });
  try {
    return await Promise.race([read, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The backlog waiting for a relay, read from Postgres at scrape time. A failed or late read
 * leaves both gauges out of that scrape: a stale value would claim a backlog nobody measured,
 * while an absent series says "unknown" (readiness and the pool gauges say why). One read is
 * in flight at a time, shared by concurrent scrapes, so a hanging Postgres costs the pool one
 * connection, not one per scrape.
 */
export function registerBacklogGauges(registry: Registry, pool: Pool): void {
  let pending: Promise<Backlog> | undefined;
  // One query per scrape serves both gauges.
  const read = async () => await withinLimit(pending ??= pool.query<{ due: number;
    oldest: number }>(SQL)
    .then((result) => result.rows[0], () => undefined)
    .finally(() => { pending = undefined; }), READ_LIMIT_MS);
  new Gauge({ name: 'harborhook_deliveries_due',
    help: 'Deliveries due (scheduled, next attempt time passed) and not yet handed to NSQ',
    registers: [registry],
    async collect() {
      const row = await read();
      if (row === undefined) this.remove({});
      else this.set(row.due);
    } });
  new Gauge({ name: 'harborhook_deliveries_oldest_due_age_seconds',
    help: 'How long the longest-waiting due delivery has been due; 0 when none is',
    registers: [registry],
    async collect() {
      const row = await read();
      if (row === undefined) this.remove({});
      else this.set(row.oldest);
    } });
}

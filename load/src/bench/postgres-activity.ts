import type pg from 'pg';

/**
 * What the platform's Postgres backends are doing right now, counted by service (the pool's
 * application_name without `harborhook-`), state and wait event: `api active:running` is on
 * CPU or about to be; `api idle in transaction:Client:ClientRead` is waiting for the api's next
 * statement. Summed over a run, it shows whether time goes to Postgres itself, to locks, or to
 * the round trips between statements.
 */
export async function backendActivity(pool: pg.Pool): Promise<Record<string, number>> {
  const { rows } = await pool.query<{ activity: string; backends: number }>(
    `SELECT replace(application_name, 'harborhook-', '') || ' ' || coalesce(state, 'unknown')
              || ':' || coalesce(wait_event_type || ':' || wait_event, 'running') AS activity,
            count(*)::int AS backends
       FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND backend_type = 'client backend'
      GROUP BY 1`);
  return Object.fromEntries(rows.map((row) => [row.activity, row.backends]));
}

/** Adds each sample's counts up: backend-samples spent in each activity over a run. */
export function sumActivity(samples: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const sample of samples) {
    for (const [activity, count] of Object.entries(sample)) {
      total[activity] = (total[activity] ?? 0) + count;
    }
  }
  return Object.fromEntries(Object.entries(total).sort((a, b) => b[1] - a[1]));
}

import { createLogger } from '@harborhook/shared/logger';
import { createPool } from '@harborhook/shared/db/pool';
import { migrate } from '@harborhook/shared/db/migrate';

/** Migrates the lab's database to the current schema over a connection of its own. */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const pool = createPool({ url: databaseUrl, poolMax: 1, connectTimeoutMs: 5_000,
    statementTimeoutMs: 60_000 }, createLogger('lab-migrate', { level: 'warn' }),
  'harborhook-lab-migrate');
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
}

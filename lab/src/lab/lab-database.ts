import pg from 'pg';
import type { DatabaseHandle } from './lab.ts';
import { applyMigrations } from './apply-migrations.ts';
import type { Teardown } from './teardown.ts';

/** The name of the database every lab migrates and wires its services to. */
export const LAB_DATABASE = 'harborhook';

/** Migrates the lab's database at `url` and opens the small pool tests check outcomes with. */
export async function openLabDatabase(teardown: Teardown, url: string):
  Promise<DatabaseHandle> {
  await applyMigrations(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // pg's pool.end() resolves before its connections have closed; Postgres, stopped right
  // after, then errors them, and an error event nobody listens to would crash the process.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => { client.on('error', () => undefined); });
  teardown.add('close the database pool', () => pool.end());
  return { url, pool };
}

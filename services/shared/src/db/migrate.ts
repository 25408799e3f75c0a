import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Pool } from './pool.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** Any fixed number: it only has to be the same in every process that migrates. */
const MIGRATION_LOCK_KEY = 4_242_001;
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies the numbered SQL files in order, each in its own transaction, under an advisory lock
 * so that services starting together do not race. A released file must never be edited: its
 * checksum is recorded and a mismatch stops the run.
 */
export async function migrate(pool: Pool): Promise<MigrationResult> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((name) => FILE_NAME.test(name)).sort();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ name: string; sha256: string }>(
      'SELECT name, sha256 FROM schema_migrations');
    const known = new Map(rows.map((row) => [row.name, row.sha256]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };

    for (const name of files) {
      const sql = await readFile(MIGRATIONS_DIR + name, 'utf8');
      const sha256 = createHash('sha256').update(sql).digest('hex');
      const recorded = known.get(name);
      if (recorded !== undefined) {
        if (recorded !== sha256) {
          throw new Error(`migration ${name} was edited after it was applied; `
            + 'add a new migration instead of changing a released one');
        }
        result.alreadyApplied.push(name);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name, sha256) VALUES ($1, $2)',
          [name, sha256]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
    client.release();
  }
}

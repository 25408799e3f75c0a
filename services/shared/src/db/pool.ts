import pg from 'pg';
import type { DatabaseConfig } from '../config/common.ts';
import { loadTlsMaterial } from '../config/tls-files.ts';
import type { Logger } from '../logger.ts';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

export interface PoolOptions {
  /**
   * Plan each prepared statement once per connection (plan_cache_mode=force_generic_plan).
   * For the relay and the worker, whose few statements run thousands of times a second with
   * arrays of ids: with Postgres's default, which re-plans while a plan for the actual
   * parameters looks cheaper than the generic one, the worker's attempt-recording statement
   * was planned again in 3,449 of its 6,932 runs of a benchmark (678 ms of planning).
   */
  genericPlans?: boolean;
}

/**
 * A connection pool whose idle-client errors are logged instead of crashing the process: a
 * Postgres restart must not take the services down with it; the next query reconnects.
 */
export function createPool(config: DatabaseConfig, logger: Logger, applicationName: string,
  options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    ...(options.genericPlans === true ? { options: '-c plan_cache_mode=force_generic_plan' }
      : {}),
    connectionString: config.url,
    max: config.poolMax,
    connectionTimeoutMillis: config.connectTimeoutMs,
    statement_timeout: config.statementTimeoutMs,
    application_name: applicationName,
    idleTimeoutMillis: 30_000,
    // verify-full: pg checks the certificate chain and that it names the host dialled.
    ...(config.tls === undefined ? {}
      : { ssl: { ...loadTlsMaterial(config.tls), rejectUnauthorized: true } }),
  });
  // pg emits 'error' on a checked-out client whose connection drops between two queries (a
  // request in the middle of a transaction when Postgres goes away); with no listener that
  // crashed the process. The next query on it fails and the caller discards it (regression:
  // db.pool "a connection that drops while checked out does not crash the service").
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      logger.warn({ err }, 'database connection in use failed');
    });
  });
  pool.on('error', (err) => {
    logger.error({ err }, 'idle database connection failed');
  });
  return pool;
}

/**
 * Runs `work` in one transaction on one connection; rolls back on any error. `begin` is the
 * message that opens it: BEGIN, or BEGIN followed by settings local to the transaction.
 */
export async function withTransaction<T>(pool: Pool,
  work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query(begin);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // A connection whose ROLLBACK fails is not fit for reuse: the pool must discard it.
    await client.query('ROLLBACK').catch((rollbackErr: Error) => { broken = rollbackErr; });
    throw err;
  } finally {
    client.release(broken);
  }
}

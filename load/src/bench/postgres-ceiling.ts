import pg from 'pg';

export interface PostgresCeiling {
  /** Transactions committed per second by the whole pool. */
  transactionsPerSecond: number;
  poolSize: number;
  seconds: number;
  transactions: number;
}

export interface PostgresCeilingOptions {
  /** A database the benchmark may create two tables in (its own, not the platform's). */
  databaseUrl: string;
  /** Connections, each running transactions back to back: the api's DATABASE_POOL_MAX. */
  poolSize: number;
  seconds: number;
  /** Not measured: lets the connections and the plan cache settle first. */
  warmupSeconds?: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS ceiling_events (
    id uuid PRIMARY KEY, tenant_id text NOT NULL, payload bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS ceiling_deliveries (
    id uuid PRIMARY KEY, event_id uuid NOT NULL, status text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`;

/**
 * Postgres's rate of the smallest transaction shaped like a publish: BEGIN; one small row into
 * each of two tables; COMMIT. `poolSize` connections each run it back to back, as fast as
 * Postgres commits, for `seconds`. Every statement is a round trip, as the api's are.
 */
export async function measurePostgresCeiling(options: PostgresCeilingOptions):
Promise<PostgresCeiling> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize });
  pool.on('error', () => undefined);
  try {
    await pool.query(SCHEMA);
    await runFor(pool, options.poolSize, (options.warmupSeconds ?? 1) * 1000);
    const started = performance.now();
    const transactions = await runFor(pool, options.poolSize, options.seconds * 1000);
    const seconds = (performance.now() - started) / 1000;
    await pool.query('TRUNCATE ceiling_events, ceiling_deliveries');
    return { transactionsPerSecond: Math.round(transactions / seconds),
      poolSize: options.poolSize, seconds: Math.round(seconds * 100) / 100, transactions };
  } finally {
    await pool.end();
  }
}

async function runFor(pool: pg.Pool, connections: number, durationMs: number): Promise<number> {
  const deadline = performance.now() + durationMs;
  const payload = Buffer.alloc(64, 'x');
  const counts = await Promise.all(Array.from({ length: connections }, async () => {
    const client = await pool.connect();
    let done = 0;
    try {
      while (performance.now() < deadline) {
        const eventId = crypto.randomUUID();
        await client.query('BEGIN');
        await client.query({ name: 'ceiling-event',
          text: 'INSERT INTO ceiling_events (id, tenant_id, payload) VALUES ($1, $2, $3)',
          values: [eventId, 'bench', payload] });
        await client.query({ name: 'ceiling-delivery',
          text: 'INSERT INTO ceiling_deliveries (id, event_id, status) VALUES ($1, $2, $3)',
          values: [crypto.randomUUID(), eventId, 'scheduled'] });
        await client.query('COMMIT');
        done += 1;
      }
    } finally {
      client.release();
    }
    return done;
  }));
  return counts.reduce((sum, count) => sum + count, 0);
}

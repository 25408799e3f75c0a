import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpGate } from '@harborhook/lab/testing/tcp-gate';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { createPool } from '../src/db/pool.ts';

test('a connection that drops while checked out does not crash the service', async (t) => {
  const url = new URL(await createTestDatabase());
  const gate = await TcpGate.open({ host: url.hostname, port: Number(url.port) });
  t.after(() => gate.dispose());
  url.hostname = '127.0.0.1';
  url.port = String(gate.port);
  const log = capturingLogger('test');
  const pool = createPool({ url: url.toString(), poolMax: 2, connectTimeoutMs: 2_000,
    statementTimeoutMs: 5_000 }, log.logger, 'harborhook-test');
  t.after(() => pool.end());

  // A request between two statements of its transaction when Postgres goes away.
  const client = await pool.connect();
  await client.query('BEGIN');
  gate.close();
  // Without a listener, pg's 'error' event would crash this process here.
  await waitFor(() => log.lines.some((line) => line.msg === 'database connection in use failed'),
    { what: 'the dropped connection to be noticed and logged' });
  await assert.rejects(client.query('SELECT 1'));
  client.release(true);

  gate.reopen();
  const { rows } = await pool.query<{ one: number }>('SELECT 1 AS one');
  assert.equal(rows[0]?.one, 1, 'the pool serves new connections once Postgres is back');
});

test('a pool asked for generic plans plans every prepared statement once; others keep the '
  + 'default', async (t) => {
  const url = await createTestDatabase();
  const config = { url, poolMax: 1, connectTimeoutMs: 2_000, statementTimeoutMs: 5_000 };
  const log = capturingLogger('test');
  const generic = createPool(config, log.logger, 'harborhook-test', { genericPlans: true });
  const plain = createPool(config, log.logger, 'harborhook-test');
  t.after(async () => { await Promise.all([generic.end(), plain.end()]); });
  const mode = async (pool: typeof plain): Promise<string | undefined> => (await pool.query<
    { mode: string }>("SELECT current_setting('plan_cache_mode') AS mode")).rows[0]?.mode;
  assert.equal(await mode(generic), 'force_generic_plan');
  assert.equal(await mode(plain), 'auto');
  // The statement timeout, set in the same startup message, still holds.
  const { rows } = await generic.query<{ timeout: string }>(
    "SELECT current_setting('statement_timeout') AS timeout");
  assert.equal(rows[0]?.timeout, '5s');
});

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

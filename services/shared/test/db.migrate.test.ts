import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { createPool } from '../src/db/pool.ts';
import { migrate } from '../src/db/migrate.ts';
import { createLogger } from '../src/logger.ts';

async function poolFor(url: string) {
  return createPool({ url, poolMax: 2, connectTimeoutMs: 5_000, statementTimeoutMs: 10_000 },
    createLogger('test', { level: 'silent' }), 'migrate-test');
}

test('migrating an up-to-date database applies nothing and changes nothing', async (t) => {
  const pool = await poolFor(await createTestDatabase());
  t.after(() => pool.end());
  const result = await migrate(pool);
  assert.deepEqual(result.applied, []);
  assert.ok(result.alreadyApplied.includes('0001_core.sql'));
});

test('a released migration that was edited stops the run', async (t) => {
  const pool = await poolFor(await createTestDatabase());
  t.after(() => pool.end());
  await pool.query("UPDATE schema_migrations SET sha256 = 'edited' WHERE name = '0001_core.sql'");
  await assert.rejects(migrate(pool), /0001_core\.sql was edited after it was applied/);
});

test('a delivered or dead delivery can never change status again', async (t) => {
  const pool = await poolFor(await createTestDatabase());
  t.after(() => pool.end());
  await pool.query(`INSERT INTO endpoints (id, tenant_id, url, event_types, secret)
    VALUES ('00000000-0000-7000-8000-000000000001', 't', 'http://127.0.0.1:1/', '{*}', 's')`);
  for (const [n, status] of [[3, 'delivered'], [4, 'dead']] as const) {
    const id = `00000000-0000-7000-8000-00000000000${n}`;
    const eventId = `00000000-0000-7000-8000-00000000001${n}`;
    await pool.query(`INSERT INTO events (id, tenant_id, event_type, payload, payload_sha256)
      VALUES ($1, 't', 'a', '\\x7b7d', '\\x00')`, [eventId]);
    await pool.query(`INSERT INTO deliveries (id, tenant_id, event_id, endpoint_id, status)
      VALUES ($1, 't', $2, '00000000-0000-7000-8000-000000000001', 'attempting')`,
    [id, eventId]);
    await pool.query('UPDATE deliveries SET status = $2 WHERE id = $1', [id, status]);
    for (const next of ['scheduled', 'queued', 'attempting', 'delivered', 'dead']) {
      if (next === status) continue;
      await assert.rejects(pool.query('UPDATE deliveries SET status = $2 WHERE id = $1',
        [id, next]), /is final/, `${status} -> ${next} is refused`);
    }
    const { rows } = await pool.query('SELECT status FROM deliveries WHERE id = $1', [id]);
    assert.equal(rows[0]?.status, status);
  }
});

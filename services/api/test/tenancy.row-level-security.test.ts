import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { tenantScoped } from '@harborhook/shared/db/tenant-scope';
import { withTransaction } from '@harborhook/shared/db/pool';
import { withTenantTransaction } from '@harborhook/shared/db/tenant-transaction';
import { insertEventGroup, type GroupedEvent } from '../src/store/event-group.ts';

async function seeded(t: { after: (fn: () => Promise<void>) => void }): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 2 });
  t.after(() => pool.end());
  for (const [n, tenant] of [[1, 'tenant-a'], [2, 'tenant-a'], [3, 'tenant-b']] as const) {
    await pool.query(`INSERT INTO events (id, tenant_id, event_type, payload, payload_sha256)
      VALUES ($1, $2, 'x', '\\x7b7d', '\\x00')`, [`00000000-0000-7000-8000-00000000000${n}`,
      tenant]);
  }
  return pool;
}

test('a query that forgets its tenant filter still sees only its own tenant\'s rows',
  async (t) => {
    const pool = await seeded(t);
    const asA = tenantScoped(pool, 'tenant-a');
    const { rows } = await asA.query<{ tenant_id: string }>('SELECT tenant_id FROM events');
    assert.deepEqual(rows.map((row) => row.tenant_id), ['tenant-a', 'tenant-a']);
    const asB = tenantScoped(pool, 'tenant-b');
    const { rowCount } = await asB.query('UPDATE events SET event_type = $1', ['changed']);
    assert.equal(rowCount, 1, 'an unfiltered update touches only the tenant\'s own rows');
    const untouched = await pool.query(
      "SELECT count(*)::int AS n FROM events WHERE event_type = 'x'");
    assert.equal(untouched.rows[0]?.n, 2);
  });

test('a tenant cannot write a row that belongs to another tenant', async (t) => {
  const pool = await seeded(t);
  const asA = tenantScoped(pool, 'tenant-a');
  await assert.rejects(asA.query(`INSERT INTO events (id, tenant_id, event_type, payload,
    payload_sha256) VALUES ('00000000-0000-7000-8000-000000000009', 'tenant-b', 'x', '\\x7b7d',
    '\\x00')`), /row-level security/);
});

test('connections go back to the pool without the tenant or the restricted role', async (t) => {
  const pool = await seeded(t);
  await withTransaction(tenantScoped(pool, 'tenant-a'), async (client) => {
    await client.query('SELECT 1 FROM events');
  });
  // The same connections now serve the owner again, which sees every tenant.
  for (let i = 0; i < 2; i += 1) {
    const { rows } = await pool.query<{ role: string; tenant: string | null; n: number }>(
      `SELECT current_user AS role, current_setting('harborhook.tenant_id', true) AS tenant,
        (SELECT count(*)::int FROM events) AS n`);
    assert.notEqual(rows[0]?.role, 'harborhook_tenant');
    assert.ok(rows[0]?.tenant === null || rows[0]?.tenant === '');
    assert.equal(rows[0]?.n, 3);
  }
});

test('a tenant transaction (the publish path) sees and writes only its tenant, and ends with '
  + 'the connection\'s own role', async (t) => {
  const pool = await seeded(t);
  const seen = await withTenantTransaction(pool, 'tenant-b', async (client) =>
    (await client.query<{ tenant_id: string }>('SELECT tenant_id FROM events')).rows);
  assert.deepEqual(seen.map((row) => row.tenant_id), ['tenant-b']);
  await assert.rejects(withTenantTransaction(pool, 'tenant-a', async (client) =>
    await client.query(`INSERT INTO events (id, tenant_id, event_type, payload, payload_sha256)
      VALUES ('00000000-0000-7000-8000-000000000008', 'tenant-b', 'x', '\\x7b7d', '\\x00')`)),
  /row-level security/);
  // SET LOCAL ended with each transaction: a connection used by them is back to its own view.
  const { rows } = await pool.query<{ n: number; role: string }>(
    `SELECT count(*)::int AS n, current_user AS role FROM events`);
  assert.equal(rows[0]?.n, 3);
  assert.notEqual(rows[0]?.role, 'harborhook_tenant');
});

test('a grouped publish (one function call) stores each tenant\'s events as the tenant role, '
  + 'fans out within each tenant only, and ends with the connection\'s own role', async (t) => {
  const pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 1 });
  t.after(() => pool.end());
  const endpointOf = async (tenant: string): Promise<string> => (await pool.query<{ id: string }>(
    `INSERT INTO endpoints (id, tenant_id, url, event_types, secret)
     VALUES (gen_random_uuid(), $1, 'https://example.invalid/', '{*}', 'whsec_x') RETURNING id`,
    [tenant])).rows[0]!.id;
  const endpointA = await endpointOf('tenant-a');
  const endpointB = await endpointOf('tenant-b');
  const event = (n: number, tenantId: string): GroupedEvent => ({ tenantId,
    id: `00000000-0000-7000-8000-00000000001${n}`, type: 'order.created',
    payload: Buffer.from(`{"n":${n}}`), payloadSha256: Buffer.alloc(32), traceparent: null });
  const stored = await insertEventGroup(pool,
    [event(1, 'tenant-a'), event(2, 'tenant-b'), event(3, 'tenant-a')]);
  assert.deepEqual([...stored.values()].map((row) => row.deliveryCount), [1, 1, 1]);
  const { rows: targets } = await pool.query<{ tenant_id: string; endpoint_id: string;
    payload: string }>(`SELECT e.tenant_id, d.endpoint_id,
      convert_from(e.payload, 'UTF8') AS payload
    FROM deliveries d JOIN events e ON e.id = d.event_id ORDER BY e.id`);
  assert.deepEqual(targets.map((row) => [row.tenant_id, row.endpoint_id, row.payload]), [
    ['tenant-a', endpointA, '{"n":1}'], ['tenant-b', endpointB, '{"n":2}'],
    ['tenant-a', endpointA, '{"n":3}']]);
  // The same connection, right after: its own role, no tenant, every tenant's rows visible.
  const { rows } = await pool.query<{ role: string; tenant: string | null; n: number }>(
    `SELECT current_user AS role, current_setting('harborhook.tenant_id', true) AS tenant,
      (SELECT count(*)::int FROM endpoints) AS n`);
  assert.notEqual(rows[0]?.role, 'harborhook_tenant');
  assert.ok(rows[0]?.tenant === null || rows[0]?.tenant === '');
  assert.equal(rows[0]?.n, 2);
  // Proof that the rows are written as the tenant role: without its grant, the call fails.
  await pool.query('REVOKE INSERT ON events FROM harborhook_tenant');
  await assert.rejects(insertEventGroup(pool, [event(4, 'tenant-a')]), /permission denied/);
});

import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import pg from 'pg';
import { Registry } from 'prom-client';
import { metricValue } from '@harborhook/lab/testing/metric-value';
import {
  insertDeliveries, insertEndpoint, statusCounts,
} from '@harborhook/lab/testing/delivery-fixtures';
import { capturingLogger } from '@harborhook/lab/testing/capturing-logger';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { Housekeeping } from '../src/housekeeping.ts';
import { createRelayMetrics } from '../src/metrics/relay-metrics.ts';

async function setup(t: TestContext) {
  const pool = new pg.Pool({ connectionString: await createTestDatabase(), max: 3 });
  t.after(() => pool.end());
  const log = capturingLogger('relay');
  // Batches of two show that the work is drained in several statements.
  const registry = new Registry();
  const housekeeping = new Housekeeping({ pool, logger: log.logger, intervalMs: 60_000,
    batchSize: 2, metrics: createRelayMetrics(registry) });
  return { pool, log, housekeeping, registry };
}

async function setLease(pool: pg.Pool, ids: string[], status: string,
  leaseSeconds: number): Promise<void> {
  await pool.query(`UPDATE deliveries SET status = $2::delivery_status, attempt_count = 1,
    lease_expires_at = now() + $3::integer * interval '1 second' WHERE id = ANY($1)`,
  [ids, status, leaseSeconds]);
}

describe('relay housekeeping', () => {
  it('puts back queued and attempting deliveries whose lease expired, and no others',
    async (t) => {
      const { pool, log, housekeeping, registry } = await setup(t);
      const endpoint = await insertEndpoint(pool, { url: 'http://127.0.0.1:9/unused' });
      const lostMessages = await insertDeliveries(pool, endpoint, 3);
      const deadWorkers = await insertDeliveries(pool, endpoint, 2);
      const live = await insertDeliveries(pool, endpoint, 2);
      await setLease(pool, lostMessages, 'queued', -5);
      await setLease(pool, deadWorkers, 'attempting', -5);
      await setLease(pool, live, 'attempting', 60);

      await housekeeping.runOnce();

      assert.deepEqual(await statusCounts(pool, [...lostMessages, ...deadWorkers]),
        { scheduled: 5 });
      assert.deepEqual(await statusCounts(pool, live), { attempting: 2 });
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::integer AS n
        FROM deliveries WHERE id = ANY($1) AND lease_expires_at IS NULL AND attempt_count = 1
        AND next_attempt_at <= now()`, [[...lostMessages, ...deadWorkers]]);
      assert.equal(rows[0]?.n, 5, 'due at once, lease cleared, attempts kept');
      assert.equal(log.lines.find((l) => l.msg.startsWith('put back'))?.recovered, 5);
      assert.equal(await metricValue(registry, 'harborhook_relay_leases_recovered_total',
        { state: 'queued' }), 3);
      assert.equal(await metricValue(registry, 'harborhook_relay_leases_recovered_total',
        { state: 'attempting' }), 2);
    });

  it('deletes expired idempotency keys and keeps live ones', async (t) => {
    const { pool, log, housekeeping } = await setup(t);
    await pool.query(`INSERT INTO idempotency_keys (tenant_id, key, request_sha256, expires_at)
      SELECT 't', 'k' || n, '\\x00', now() + (CASE WHEN n <= 5 THEN -1 ELSE 1 END)
        * interval '1 hour'
      FROM generate_series(1, 8) AS n`);
    await housekeeping.runOnce();
    const { rows } = await pool.query<{ key: string }>(
      'SELECT key FROM idempotency_keys ORDER BY key');
    assert.deepEqual(rows.map((r) => r.key), ['k6', 'k7', 'k8']);
    assert.equal(log.lines.find((l) => l.msg.startsWith('deleted expired'))?.deleted, 5);
  });
});

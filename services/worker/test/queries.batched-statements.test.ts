import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  insertDeliveries, insertEndpoint, type EndpointRow,
} from '@harborhook/lab/testing/delivery-fixtures';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { testKeyring } from '@harborhook/lab/testing/test-secret-encryption';
import { createPool, type Pool } from '@harborhook/shared/db/pool';
import { uuidv7 } from '@harborhook/shared/ids';
import { createLogger } from '@harborhook/shared/logger';
import { claimDeliveries } from '../src/queries/claim-delivery.ts';
import { recordAttempts, type AttemptRecord } from '../src/queries/record-attempt.ts';
import { SigningKeyCache } from '../src/signing-key-cache.ts';

const LEASE_MS = 60_000;

describe('claims and attempt records batched into one statement', () => {
  let pool: Pool;
  let endpoint: EndpointRow;
  const keys = new SigningKeyCache(testKeyring());

  before(async () => {
    pool = createPool({ url: await createTestDatabase(), poolMax: 2, connectTimeoutMs: 5_000,
      statementTimeoutMs: 10_000 }, createLogger('test', { level: 'silent' }), 'test');
    endpoint = await insertEndpoint(pool, { url: 'http://127.0.0.1:9/hook' });
  });
  after(async () => { await pool.end(); });

  async function queue(ids: string[]): Promise<void> {
    await pool.query(`UPDATE deliveries SET status = 'queued' WHERE id = ANY($1::uuid[])`,
      [ids]);
  }

  function record(deliveryId: string, attemptNumber: number,
    outcome: AttemptRecord['outcome']): AttemptRecord {
    return { attemptId: uuidv7(), deliveryId, tenantId: endpoint.tenantId, attemptNumber,
      startedAt: new Date(), durationMs: 3, statusCode: outcome === 'delivered' ? 200 : 500,
      errorClass: outcome === 'delivered' ? null : 'http_5xx', responseBodyPrefix: 'ok',
      outcome, retryDelayMs: outcome === 'retry' ? 60_000 : 0 };
  }

  test('claims only the queued deliveries of a batch, each with its event and keys', async () => {
    const [first, second, scheduled] = await insertDeliveries(pool, endpoint, 3);
    await queue([first!, second!]);
    const missing = uuidv7();
    const claimed = await claimDeliveries(pool, keys, [first!, scheduled!, missing, second!],
      LEASE_MS);
    assert.deepEqual([...claimed.keys()].sort(), [first!, second!].sort());
    const one = claimed.get(first!)!;
    assert.equal(one.attemptNumber, 1);
    assert.equal(one.payload.toString(), '{"n":0}');
    assert.equal(one.signingKeys.length, 1);
    assert.equal(one.signingKeys[0]?.secret, endpoint.secret);
    const again = await claimDeliveries(pool, keys, [first!, second!], LEASE_MS);
    assert.equal(again.size, 0, 'a claimed delivery is not claimed twice');
  });

  test('records each attempt and moves only the deliveries still held', async () => {
    const ids = await insertDeliveries(pool, endpoint, 3);
    await queue(ids);
    await claimDeliveries(pool, keys, ids, LEASE_MS);
    // The third lost its lease meanwhile: housekeeping scheduled it again.
    await pool.query(`UPDATE deliveries SET status = 'scheduled' WHERE id = $1`, [ids[2]]);
    const moved = await recordAttempts(pool, [record(ids[0]!, 1, 'delivered'),
      record(ids[1]!, 1, 'retry'), record(ids[2]!, 1, 'delivered')]);
    assert.deepEqual(moved, [true, true, false]);
    const { rows } = await pool.query<{ id: string; status: string; attempts: number }>(
      `SELECT d.id, d.status::text AS status,
         (SELECT count(*)::int FROM attempts a WHERE a.delivery_id = d.id) AS attempts
       FROM deliveries d WHERE d.id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(byId.get(ids[0]!)?.status, 'delivered');
    assert.equal(byId.get(ids[1]!)?.status, 'scheduled');
    assert.equal(byId.get(ids[2]!)?.status, 'scheduled');
    assert.deepEqual(rows.map((row) => row.attempts), [1, 1, 1], 'every attempt is kept');
  });
});

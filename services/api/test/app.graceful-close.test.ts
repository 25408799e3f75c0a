import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { publish } from './support/fixtures.ts';

describe('closing the api', () => {
  let api: TestApi;
  before(async () => { api = await startTestApi(); });
  after(async () => { await api.close(); });

  test('close waits for a request in flight, which still commits and answers 202', async () => {
    const token = await api.token('closing');
    const key = 'held-key';
    await publish(api, token, 'close.test', '{"first":true}', { 'idempotency-key': key });
    await api.db.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key]);
    // Hold the key's row lock so the next publish waits inside its transaction.
    const holder = await api.db.connect();
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM idempotency_keys WHERE key = $1 FOR UPDATE', [key]);
    const inFlight = publish(api, token, 'close.test', '{"second":true}',
      { 'idempotency-key': key });
    await waitFor(async () => {
      const { rows } = await api.db.query(`SELECT 1 FROM pg_stat_activity
        WHERE application_name = 'harborhook-api' AND wait_event_type = 'Lock'`);
      return rows.length > 0;
    }, { what: 'the publish to wait on the held row lock' });

    let closed = false;
    const closing = api.handle.close().then(() => { closed = true; });
    await waitFor(async () => await fetch(`${api.url}/healthz`).then(() => false, () => true),
      { what: 'the api to stop accepting new connections' });
    assert.equal(closed, false);

    await holder.query('COMMIT');
    holder.release();
    const res = await inFlight;
    await closing;
    assert.equal(res.status, 202);
    assert.equal(res.json.duplicate, false);
    const { rows } = await api.db.query('SELECT 1 FROM events WHERE id = $1', [res.json.id]);
    assert.equal(rows.length, 1);
  });
});

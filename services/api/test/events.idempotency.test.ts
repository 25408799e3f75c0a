import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, publish } from './support/fixtures.ts';

describe('idempotent publishing', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi();
    token = await api.token('idem');
    await createEndpoint(api, token, { eventTypes: ['*'] });
    await createEndpoint(api, token, { eventTypes: ['order.*'] });
  });
  after(async () => { await api.close(); });

  async function eventsWithKey(key: string): Promise<number> {
    const { rows } = await api.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM events WHERE idempotency_key = $1', [key]);
    return rows[0]?.n ?? 0;
  }

  test('repeating a request with the same key returns the original event', async () => {
    const key = 'order-1001';
    const first = await publish(api, token, 'order.created', '{"n":1}',
      { 'idempotency-key': key });
    assert.equal(first.status, 202);
    assert.equal(first.headers.get('idempotent-replayed'), null);
    const deliveriesBefore = await api.count('deliveries');

    const second = await publish(api, token, 'order.created', '{"n":1}',
      { 'idempotency-key': key });
    assert.equal(second.status, 202);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(second.json, { ...first.json, duplicate: true });
    assert.equal(second.json.deliveryCount, 2);
    assert.equal(await eventsWithKey(key), 1);
    assert.equal(await api.count('deliveries'), deliveriesBefore);
  });

  test('the same key with a different payload is 422 and stores nothing', async () => {
    const key = 'order-1002';
    await publish(api, token, 'order.created', '{"n":2}', { 'idempotency-key': key });
    const events = await api.count('events');
    const res = await publish(api, token, 'order.created', '{"n":3}',
      { 'idempotency-key': key });
    assert.equal(res.status, 422);
    assert.equal(res.json.code, 'WHK_ERR_IDEMPOTENCY_KEY_REUSED');
    assert.equal(await api.count('events'), events);
  });

  test('the same key with a different event type is 422', async () => {
    const key = 'order-1003';
    await publish(api, token, 'order.created', '{}', { 'idempotency-key': key });
    const res = await publish(api, token, 'order.updated', '{}', { 'idempotency-key': key });
    assert.equal(res.status, 422);
  });

  test('payloads equal as JSON but not as bytes are different requests', async () => {
    const key = 'order-1004';
    await publish(api, token, 'order.created', '{"a":1}', { 'idempotency-key': key });
    const res = await publish(api, token, 'order.created', '{ "a": 1 }',
      { 'idempotency-key': key });
    assert.equal(res.status, 422);
  });

  test('keys belong to one tenant: another tenant may use the same key', async () => {
    const key = 'shared-key';
    const mine = await publish(api, token, 'order.created', '{}', { 'idempotency-key': key });
    const theirs = await publish(api, await api.token('other-tenant'), 'order.created', '{}',
      { 'idempotency-key': key });
    assert.equal(theirs.status, 202);
    assert.equal(theirs.json.duplicate, false);
    assert.notEqual(theirs.json.id, mine.json.id);
  });

  test('an expired key is taken over by a new request', async () => {
    const key = 'order-1005';
    const first = await publish(api, token, 'order.created', '{"v":1}',
      { 'idempotency-key': key });
    await api.db.query(
      `UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1`,
      [key]);
    const second = await publish(api, token, 'order.created', '{"v":2}',
      { 'idempotency-key': key });
    assert.equal(second.status, 202);
    assert.equal(second.json.duplicate, false);
    assert.notEqual(second.json.id, first.json.id);
    const { rows } = await api.db.query<{ event_id: string; live: boolean }>(
      'SELECT event_id, expires_at > now() AS live FROM idempotency_keys WHERE key = $1', [key]);
    assert.deepEqual(rows, [{ event_id: second.json.id, live: true }]);
  });

  test('the key expires after IDEMPOTENCY_KEY_TTL', async () => {
    const key = 'order-1006';
    await publish(api, token, 'order.created', '{}', { 'idempotency-key': key });
    const { rows } = await api.db.query<{ hours: number }>(
      `SELECT round(extract(epoch FROM expires_at - now()) / 3600)::int AS hours
       FROM idempotency_keys WHERE key = $1`, [key]);
    assert.deepEqual(rows, [{ hours: 24 }]);
  });

  test('20 concurrent identical requests store exactly one event', async () => {
    const key = 'burst-1';
    const responses = await Promise.all(Array.from({ length: 20 }, async () =>
      await publish(api, token, 'order.created', '{"burst":true}',
        { 'idempotency-key': key })));
    assert.ok(responses.every((res) => res.status === 202));
    const ids = new Set(responses.map((res) => res.json.id as string));
    assert.equal(ids.size, 1);
    assert.equal(responses.filter((res) => res.json.duplicate === false).length, 1);
    assert.equal(await eventsWithKey(key), 1);
    const { rows } = await api.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1', [[...ids][0]]);
    assert.equal(rows[0]?.n, 2);
  });

  test('an idempotency key must be 1 to 255 printable ASCII characters', async () => {
    const events = await api.count('events');
    for (const bad of ['k'.repeat(256), 'clé']) {
      const res = await api.request('POST', '/v1/events', { token, body: '{}',
        headers: { 'harborhook-event-type': 'order.created',
          'idempotency-key': Buffer.from(bad, 'utf8').toString('latin1') } });
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.code, 'WHK_ERR_REQUEST_INVALID');
    }
    assert.equal(await api.count('events'), events);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, publish } from './support/fixtures.ts';

describe('publishing an event', () => {
  let api: TestApi;
  let token: string;
  const endpoints: Record<string, string> = {};

  before(async () => {
    api = await startTestApi();
    token = await api.token('shop');
    const make = async (name: string, body: Record<string, unknown>): Promise<void> => {
      endpoints[name] = (await createEndpoint(api, token, body)).id;
    };
    await make('exact', { eventTypes: ['order.created'] });
    await make('prefix', { eventTypes: ['order.*'] });
    await make('all', { eventTypes: ['*'] });
    await make('overlapping', { eventTypes: ['order.created', 'order.*', '*'] });
    await make('other', { eventTypes: ['invoice.paid'] });
    await make('disabled', { eventTypes: ['*'], enabled: false });
    await make('deleted', { eventTypes: ['*'] });
    const deleted = await api.request('DELETE', `/v1/endpoints/${endpoints.deleted}`, { token });
    assert.equal(deleted.status, 204);
    // Another tenant's catch-all endpoint must never receive this tenant's events.
    await createEndpoint(api, await api.token('someone-else'), { eventTypes: ['*'] });
  });
  after(async () => { await api.close(); });

  async function deliveredEndpoints(eventId: string): Promise<string[]> {
    const { rows } = await api.db.query<{ endpoint_id: string }>(
      'SELECT endpoint_id FROM deliveries WHERE event_id = $1', [eventId]);
    const names = Object.entries(endpoints);
    return rows.map((row) => names.find(([, id]) => id === row.endpoint_id)?.[0] ?? 'foreign')
      .sort();
  }

  test('answers 202 with the event id after the event and its deliveries are committed',
    async () => {
      const res = await publish(api, token, 'order.created', '{"order":1}');
      assert.equal(res.status, 202);
      assert.equal(res.json.type, 'order.created');
      assert.equal(res.json.duplicate, false);
      assert.equal(res.json.deliveryCount, 4);
      assert.ok(!Number.isNaN(Date.parse(res.json.createdAt)));
      const { rows } = await api.db.query(
        'SELECT tenant_id, event_type FROM events WHERE id = $1', [res.json.id]);
      assert.deepEqual(rows, [{ tenant_id: 'shop', event_type: 'order.created' }]);
    });

  test('creates one scheduled delivery per matching endpoint: exact, prefix and catch-all',
    async () => {
      const res = await publish(api, token, 'order.created', '{}');
      assert.deepEqual(await deliveredEndpoints(res.json.id),
        ['all', 'exact', 'overlapping', 'prefix']);
      const { rows } = await api.db.query<{ status: string; attempt_count: number;
        tenant_id: string; due: boolean }>(
        `SELECT status, attempt_count, tenant_id, next_attempt_at <= now() AS due
         FROM deliveries WHERE event_id = $1`, [res.json.id]);
      for (const row of rows) {
        assert.deepEqual(row, { status: 'scheduled', attempt_count: 0, tenant_id: 'shop',
          due: true });
      }
    });

  test('a prefix filter matches deeper types and a catch-all matches everything', async () => {
    const deep = await publish(api, token, 'order.item.added', '{}');
    assert.deepEqual(await deliveredEndpoints(deep.json.id), ['all', 'overlapping', 'prefix']);
    const invoice = await publish(api, token, 'invoice.paid', '{}');
    assert.deepEqual(await deliveredEndpoints(invoice.json.id), ['all', 'other', 'overlapping']);
  });

  test('an endpoint whose several filters match gets exactly one delivery', async () => {
    const res = await publish(api, token, 'order.created', '[]');
    const names = await deliveredEndpoints(res.json.id);
    assert.equal(names.filter((name) => name === 'overlapping').length, 1);
  });

  test('disabled, deleted and other tenants\' endpoints get no delivery', async () => {
    const res = await publish(api, token, 'anything', '1');
    assert.deepEqual(await deliveredEndpoints(res.json.id), ['all', 'overlapping']);
  });

  test('an event nobody subscribes to is stored with no deliveries', async () => {
    const other = await api.token('lonely');
    const res = await publish(api, other, 'order.created', '{}');
    assert.equal(res.status, 202);
    assert.equal(res.json.deliveryCount, 0);
    assert.deepEqual(await deliveredEndpoints(res.json.id), []);
  });

  test('a re-enabled endpoint receives events again', async () => {
    const enabled = await api.request('POST', `/v1/endpoints/${endpoints.disabled}/enable`,
      { token });
    assert.equal(enabled.status, 200);
    const res = await publish(api, token, 'anything.else', '{}');
    assert.deepEqual(await deliveredEndpoints(res.json.id), ['all', 'disabled', 'overlapping']);
    await api.request('POST', `/v1/endpoints/${endpoints.disabled}/disable`, { token });
  });

  test('the event type header is required and must be a dotted name', async () => {
    const before = await api.count('events');
    const missing = await api.request('POST', '/v1/events', { token, body: '{}' });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.code, 'WHK_ERR_REQUEST_INVALID');
    assert.match(missing.json.message, /harborhook-event-type/);
    for (const bad of ['order..created', 'order.*', 'a b', '.x', 'x'.repeat(129)]) {
      const res = await publish(api, token, bad, '{}');
      assert.equal(res.status, 400, bad);
      assert.equal(res.json.code, 'WHK_ERR_REQUEST_INVALID');
    }
    assert.equal(await api.count('events'), before);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, deliveryIdsOf, markDead, publish } from './support/fixtures.ts';

describe('tenant isolation', () => {
  let api: TestApi;
  let alice: string;
  let bob: string;
  const bobs = { endpoint: '', event: '', delivery: '' };

  before(async () => {
    api = await startTestApi();
    alice = await api.token('alice');
    bob = await api.token('bob');
    bobs.endpoint = (await createEndpoint(api, bob, { eventTypes: ['*'] })).id;
    const published = await publish(api, bob, 'bob.secret', '{"bob":"private"}',
      { 'idempotency-key': 'bob-key' });
    bobs.event = published.json.id;
    bobs.delivery = (await deliveryIdsOf(api, bobs.event))[0] as string;
    await markDead(api, bobs.delivery);
    await api.db.query(
      `INSERT INTO attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms,
         status_code, error_class, response_body_prefix, outcome)
       VALUES ('0190a000-0000-7000-8000-00000000aaaa', $1, 'bob', 1, now(), 12, 500,
         'http_5xx', 'oops', 'dead')`, [bobs.delivery]);
    // Alice has her own data, so that her lists are not empty by accident.
    await createEndpoint(api, alice, { eventTypes: ['*'] });
    await publish(api, alice, 'alice.thing', '{}');
  });
  after(async () => { await api.close(); });

  async function bobSnapshot(): Promise<unknown> {
    const endpoints = await api.db.query(
      `SELECT url, enabled, deleted_at, updated_at FROM endpoints WHERE tenant_id = 'bob'`);
    const deliveries = await api.db.query(
      `SELECT id, status, replayed_by FROM deliveries WHERE tenant_id = 'bob' ORDER BY id`);
    const replays = await api.db.query(`SELECT id FROM replays WHERE tenant_id = 'bob'`);
    return { endpoints: endpoints.rows, deliveries: deliveries.rows, replays: replays.rows };
  }

  test('every read, update, delete and replay of another tenant\'s resource is 404',
    async () => {
      const before = await bobSnapshot();
      const attempts: [string, string, unknown?][] = [
        ['GET', `/v1/endpoints/${bobs.endpoint}`],
        ['PATCH', `/v1/endpoints/${bobs.endpoint}`, { url: 'http://127.0.0.1:9/stolen' }],
        ['POST', `/v1/endpoints/${bobs.endpoint}/disable`],
        ['POST', `/v1/endpoints/${bobs.endpoint}/enable`],
        ['DELETE', `/v1/endpoints/${bobs.endpoint}`],
        ['GET', `/v1/endpoints/${bobs.endpoint}/deliveries`],
        ['GET', `/v1/events/${bobs.event}`],
        ['GET', `/v1/events/${bobs.event}/payload`],
        ['GET', `/v1/events/${bobs.event}/deliveries`],
        ['GET', `/v1/deliveries/${bobs.delivery}`],
        ['GET', `/v1/deliveries/${bobs.delivery}/attempts`],
        ['POST', `/v1/deliveries/${bobs.delivery}/replay`],
        ['POST', '/v1/dead-letters/replay', { endpointId: bobs.endpoint }],
      ];
      for (const [method, path, body] of attempts) {
        const res = await api.request(method, path, { token: alice, body });
        assert.equal(res.status, 404, `${method} ${path}`);
        assert.equal(res.json.code, 'WHK_ERR_RESOURCE_NOT_FOUND');
        assert.ok(!res.text.includes('private'));
      }
      assert.deepEqual(await bobSnapshot(), before);
    });

  test('lists never show another tenant\'s rows, whatever the filter', async () => {
    const lists = [
      '/v1/endpoints?limit=100',
      '/v1/events?limit=100',
      '/v1/events?type=bob.secret',
      '/v1/dead-letters',
      `/v1/dead-letters?endpointId=${bobs.endpoint}`,
    ];
    for (const path of lists) {
      const res = await api.request('GET', path, { token: alice });
      assert.equal(res.status, 200, path);
      for (const id of Object.values(bobs)) assert.ok(!res.text.includes(id), path);
      assert.ok(!res.text.includes('bob'), path);
    }
  });

  test('an idempotency key of another tenant does not replay its event', async () => {
    const res = await publish(api, alice, 'bob.secret', '{"bob":"private"}',
      { 'idempotency-key': 'bob-key' });
    assert.equal(res.status, 202);
    assert.equal(res.json.duplicate, false);
    assert.notEqual(res.json.id, bobs.event);
  });

  test('the owner still sees everything', async () => {
    const event = await api.request('GET', `/v1/events/${bobs.event}`, { token: bob });
    assert.equal(event.status, 200);
    assert.equal(event.json.deliveries.length, 1);
    const delivery = await api.request('GET', `/v1/deliveries/${bobs.delivery}`, { token: bob });
    assert.equal(delivery.json.attempts.length, 1);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint } from './support/fixtures.ts';

describe('batch publishing', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi({ env: { BATCH_MAX_BYTES: '8192' } });
    token = await api.token('batcher');
    await createEndpoint(api, token, { eventTypes: ['order.*'] });
  });
  after(async () => { await api.close(); });

  async function batch(body: unknown): Promise<Awaited<ReturnType<TestApi['request']>>> {
    return await api.request('POST', '/v1/events/batch', { token, body });
  }

  test('publishes every valid item, each with its own id and deliveries', async () => {
    const res = await batch({ events: [
      { type: 'order.created', payload: { n: 1 } },
      { type: 'user.created', payload: [1, 2] },
    ] });
    assert.equal(res.status, 200);
    assert.equal(res.json.results.length, 2);
    assert.deepEqual(res.json.results.map((r: { status: string }) => r.status),
      ['accepted', 'accepted']);
    assert.equal(res.json.results[0].deliveryCount, 1);
    assert.equal(res.json.results[1].deliveryCount, 0);
    assert.notEqual(res.json.results[0].id, res.json.results[1].id);
    const { rows } = await api.db.query<{ event_type: string }>(
      'SELECT event_type FROM events WHERE id = ANY($1::uuid[]) ORDER BY event_type',
      [res.json.results.map((r: { id: string }) => r.id)]);
    assert.deepEqual(rows.map((row) => row.event_type), ['order.created', 'user.created']);
  });

  test('invalid items are rejected on their own and never block the valid ones', async () => {
    const events = await api.count('events');
    const res = await batch({ events: [
      { type: 'order.created', payload: 1 },
      { type: 'not a type', payload: 2 },
      { type: 'order.created' },
      { type: 'order.created', payload: 3, extra: true },
      'not an object',
      { type: 'order.created', payload: 4, idempotencyKey: '' },
      { type: 'order.updated', payload: null },
    ] });
    assert.equal(res.status, 200);
    const statuses = res.json.results.map((r: { status: string }) => r.status);
    assert.deepEqual(statuses, ['accepted', 'rejected', 'rejected', 'rejected', 'rejected',
      'rejected', 'accepted']);
    assert.deepEqual(res.json.results.map((r: { index: number }) => r.index),
      [0, 1, 2, 3, 4, 5, 6]);
    for (const rejected of res.json.results.filter((r: { status: string }) =>
      r.status === 'rejected')) {
      assert.equal(rejected.error.code, 'WHK_ERR_REQUEST_INVALID');
      assert.equal(rejected.id, undefined);
    }
    assert.match(res.json.results[3].error.message, /extra/);
    assert.match(res.json.results[2].error.message, /payload/);
    assert.equal(await api.count('events'), events + 2);
  });

  test('items use idempotency keys like single publishes, within and across batches',
    async () => {
      const first = await batch({ events: [
        { type: 'order.created', payload: { k: 1 }, idempotencyKey: 'b-1' },
        { type: 'order.created', payload: { k: 1 }, idempotencyKey: 'b-1' },
        { type: 'order.created', payload: { k: 2 }, idempotencyKey: 'b-1' },
      ] });
      const [accepted, duplicate, reused] = first.json.results;
      assert.equal(accepted.status, 'accepted');
      assert.equal(duplicate.status, 'duplicate');
      assert.equal(duplicate.id, accepted.id);
      assert.equal(duplicate.deliveryCount, 1);
      assert.equal(reused.status, 'rejected');
      assert.equal(reused.error.code, 'WHK_ERR_IDEMPOTENCY_KEY_REUSED');
      const single = await api.request('POST', '/v1/events', { token, body: '{"k":1}',
        headers: { 'harborhook-event-type': 'order.created', 'idempotency-key': 'b-1' } });
      assert.equal(single.json.id, accepted.id);
      assert.equal(single.json.duplicate, true);
    });

  test('a structurally invalid envelope is 400 and stores nothing', async () => {
    const events = await api.count('events');
    const bad: unknown[] = [
      {},
      { events: [] },
      { events: 'nope' },
      { events: [{ type: 'order.created', payload: 1 }], more: 1 },
      [{ type: 'order.created', payload: 1 }],
      { events: Array.from({ length: 101 }, () => ({ type: 'a', payload: 1 })) },
    ];
    for (const body of bad) {
      const res = await batch(body);
      assert.equal(res.status, 400, JSON.stringify(body).slice(0, 60));
      assert.equal(res.json.code, 'WHK_ERR_REQUEST_INVALID');
    }
    const malformed = await api.request('POST', '/v1/events/batch',
      { token, body: '{"events":[{"type":"a","payload":1}' });
    assert.equal(malformed.status, 400);
    assert.equal(malformed.json.code, 'WHK_ERR_REQUEST_MALFORMED_JSON');
    assert.equal(await api.count('events'), events);
  });

  test('a batch over BATCH_MAX_BYTES is 413 and stores nothing', async () => {
    const events = await api.count('events');
    const res = await batch({ events: [{ type: 'order.created', payload: 'x'.repeat(9000) }] });
    assert.equal(res.status, 413);
    assert.equal(res.json.code, 'WHK_ERR_REQUEST_TOO_LARGE');
    assert.equal(await api.count('events'), events);
  });
});

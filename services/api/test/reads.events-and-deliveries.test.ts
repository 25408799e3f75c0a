import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, deliveryIdsOf, markDead, publish } from './support/fixtures.ts';

async function pageThrough(api: TestApi, token: string, path: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const query: string = cursor === null ? '' : `${separator}cursor=${cursor}`;
    const res = await api.request('GET', `${path}${query}`, { token });
    assert.equal(res.status, 200, res.text);
    ids.push(...res.json.data.map((item: { id: string }) => item.id));
    cursor = res.json.nextCursor;
  } while (cursor !== null);
  return ids;
}

describe('reading events and deliveries', () => {
  let api: TestApi;
  let token: string;
  let endpointA: string;
  let endpointB: string;
  const events: string[] = [];

  before(async () => {
    api = await startTestApi();
    token = await api.token('reader');
    endpointA = (await createEndpoint(api, token, { eventTypes: ['*'] })).id;
    endpointB = (await createEndpoint(api, token, { eventTypes: ['order.*'] })).id;
    for (const type of ['order.created', 'user.created', 'order.created', 'order.paid']) {
      events.push((await publish(api, token, type, `{"type":"${type}"}`,
        { 'idempotency-key': `k-${events.length}` })).json.id);
    }
  });
  after(async () => { await api.close(); });

  test('the event list pages newest first and filters by type', async () => {
    // Ids are UUIDv7: they sort by creation time (to the millisecond, then by id).
    const newestFirst = [...events].sort().reverse();
    assert.deepEqual(await pageThrough(api, token, '/v1/events?limit=3'), newestFirst);
    assert.deepEqual(await pageThrough(api, token, '/v1/events?type=order.created&limit=1'),
      newestFirst.filter((id) => id === events[0] || id === events[2]));
    const first = await api.request('GET', '/v1/events?limit=1', { token });
    assert.deepEqual(Object.keys(first.json.data[0]).sort(), ['createdAt', 'id',
      'idempotencyKey', 'payloadBytes', 'payloadSha256', 'type']);
    assert.equal(first.json.data[0].idempotencyKey, `k-${events.indexOf(newestFirst[0] ?? '')}`);
  });

  test('the event list filters by creation time: since inclusive, until exclusive', async () => {
    await api.db.query(`UPDATE events SET created_at = '2030-05-01T00:00:00Z' WHERE id = $1`,
      [events[1]]);
    const ranged = await api.request('GET',
      '/v1/events?since=2030-05-01T00:00:00Z&until=2030-05-01T00:00:01Z', { token });
    assert.deepEqual(ranged.json.data.map((e: { id: string }) => e.id), [events[1]]);
    const before = await api.request('GET', '/v1/events?until=2030-05-01T00:00:00Z', { token });
    assert.ok(!before.json.data.some((e: { id: string }) => e.id === events[1]));
  });

  test('an event shows its metadata and all its deliveries', async () => {
    const res = await api.request('GET', `/v1/events/${events[0]}`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.json.type, 'order.created');
    assert.equal(res.json.deliveries.length, 2);
    const delivery = res.json.deliveries[0];
    assert.deepEqual(Object.keys(delivery).sort(), ['attemptCount', 'createdAt', 'endpointId',
      'eventId', 'finishedAt', 'id', 'lastErrorClass', 'lastStatusCode', 'nextAttemptAt',
      'replayOf', 'replayedBy', 'status']);
    assert.deepEqual(res.json.deliveries.map((d: { endpointId: string }) => d.endpointId).sort(),
      [endpointA, endpointB].sort());
  });

  test('only a scheduled delivery shows when its next attempt is due', async () => {
    // The dead one goes to endpoint A: a later test counts the dead deliveries of endpoint B.
    const { rows } = await api.db.query<{ id: string; endpoint_id: string }>(
      'SELECT id, endpoint_id FROM deliveries WHERE event_id = $1', [events[2]]);
    const dead = rows.find((row) => row.endpoint_id === endpointA)?.id;
    const scheduled = rows.find((row) => row.endpoint_id === endpointB)?.id;
    await markDead(api, dead as string);
    const due = await api.request('GET', `/v1/deliveries/${scheduled}`, { token });
    assert.equal(due.json.status, 'scheduled');
    assert.equal(typeof due.json.nextAttemptAt, 'string');
    const final = await api.request('GET', `/v1/deliveries/${dead}`, { token });
    assert.equal(final.json.status, 'dead');
    assert.equal(final.json.nextAttemptAt, null);
  });

  test('an event\'s deliveries page oldest first', async () => {
    const ids = await deliveryIdsOf(api, events[0] as string);
    assert.deepEqual(await pageThrough(api, token, `/v1/events/${events[0]}/deliveries?limit=1`),
      ids);
  });

  test('an endpoint\'s deliveries page newest first and filter by status', async () => {
    const all = await pageThrough(api, token, `/v1/endpoints/${endpointB}/deliveries?limit=2`);
    assert.equal(all.length, 3);
    const ofB = (await api.db.query<{ id: string }>(
      'SELECT id FROM deliveries WHERE event_id = $1 AND endpoint_id = $2',
      [events[3], endpointB])).rows[0]?.id as string;
    await markDead(api, ofB);
    const dead = await api.request('GET', `/v1/endpoints/${endpointB}/deliveries?status=dead`,
      { token });
    assert.deepEqual(dead.json.data.map((d: { id: string }) => d.id), [ofB]);
    const bad = await api.request('GET', `/v1/endpoints/${endpointB}/deliveries?status=lost`,
      { token });
    assert.equal(bad.status, 400);
  });

  test('a delivery shows every attempt in order; the attempts route lists them too', async () => {
    const [deliveryId] = await deliveryIdsOf(api, events[1] as string);
    await api.db.query(
      `INSERT INTO attempts (id, delivery_id, tenant_id, attempt_number, started_at, duration_ms,
         status_code, error_class, response_body_prefix, outcome) VALUES
       ('0190a000-0000-7000-8000-0000000000a2', $1, 'reader', 2, now(), 40, 200, NULL, 'ok',
        'delivered'),
       ('0190a000-0000-7000-8000-0000000000a1', $1, 'reader', 1, now() - interval '1 minute',
        5003, NULL, 'timeout', NULL, 'retry')`, [deliveryId]);
    const res = await api.request('GET', `/v1/deliveries/${deliveryId}`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.json.id, deliveryId);
    assert.deepEqual(res.json.attempts.map((a: { attemptNumber: number }) => a.attemptNumber),
      [1, 2]);
    assert.deepEqual({ ...res.json.attempts[0], startedAt: 'x' }, { attemptNumber: 1,
      startedAt: 'x', durationMs: 5003, statusCode: null, errorClass: 'timeout',
      responseBodyPrefix: null, outcome: 'retry' });
    const attempts = await api.request('GET', `/v1/deliveries/${deliveryId}/attempts`, { token });
    assert.deepEqual(attempts.json.data, res.json.attempts);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, deliveryIdsOf, markDead, publishOk } from './support/fixtures.ts';

describe('dead letters and replays', () => {
  let api: TestApi;
  let token: string;
  let endpointId: string;

  before(async () => {
    api = await startTestApi();
    token = await api.token('replayer');
    endpointId = (await createEndpoint(api, token, { eventTypes: ['order.*'] })).id;
  });
  after(async () => { await api.close(); });

  /** Publishes an event to the shared endpoint and kills its one delivery. */
  async function deadDelivery(finishedAt = new Date()): Promise<string> {
    const eventId = await publishOk(api, token, 'order.failed');
    const [deliveryId] = await deliveryIdsOf(api, eventId);
    assert.ok(deliveryId);
    await markDead(api, deliveryId, finishedAt);
    return deliveryId;
  }

  test('replaying a dead delivery schedules a new delivery linked both ways', async () => {
    const deadId = await deadDelivery();
    const res = await api.request('POST', `/v1/deliveries/${deadId}/replay`, { token });
    assert.equal(res.status, 202, res.text);
    const fresh = res.json.delivery;
    assert.equal(fresh.status, 'scheduled');
    assert.equal(fresh.replayOf, deadId);
    assert.equal(fresh.attemptCount, 0);
    assert.equal(fresh.endpointId, endpointId);
    const old = await api.request('GET', `/v1/deliveries/${deadId}`, { token });
    assert.equal(old.json.status, 'dead');
    assert.equal(old.json.replayedBy, fresh.id);
    assert.equal(fresh.eventId, old.json.eventId);
    const { rows } = await api.db.query(
      'SELECT kind, filter, delivery_count FROM replays WHERE id = $1', [res.json.replayId]);
    assert.deepEqual(rows, [{ kind: 'single', filter: { deliveryId: deadId },
      delivery_count: 1 }]);
  });

  test('replaying the same delivery twice is 409 WHK_ERR_REPLAY_ALREADY_REPLAYED', async () => {
    const deadId = await deadDelivery();
    assert.equal((await api.request('POST', `/v1/deliveries/${deadId}/replay`,
      { token })).status, 202);
    const deliveries = await api.count('deliveries');
    const again = await api.request('POST', `/v1/deliveries/${deadId}/replay`, { token });
    assert.equal(again.status, 409);
    assert.equal(again.json.code, 'WHK_ERR_REPLAY_ALREADY_REPLAYED');
    assert.equal(await api.count('deliveries'), deliveries);
  });

  test('concurrent replays of one delivery create exactly one new delivery', async () => {
    const deadId = await deadDelivery();
    const answers = await Promise.all(Array.from({ length: 8 }, async () =>
      await api.request('POST', `/v1/deliveries/${deadId}/replay`, { token })));
    assert.equal(answers.filter((res) => res.status === 202).length, 1);
    assert.ok(answers.every((res) => res.status === 202 || res.status === 409));
    const { rows } = await api.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM deliveries WHERE replay_of = $1', [deadId]);
    assert.equal(rows[0]?.n, 1);
  });

  test('a delivery that is not dead cannot be replayed: 409 WHK_ERR_REPLAY_NOT_DEAD', async () => {
    const eventId = await publishOk(api, token, 'order.pending');
    const [scheduled] = await deliveryIdsOf(api, eventId);
    const res = await api.request('POST', `/v1/deliveries/${scheduled}/replay`, { token });
    assert.equal(res.status, 409);
    assert.equal(res.json.code, 'WHK_ERR_REPLAY_NOT_DEAD');
  });

  test('a replay of a replay that died too is allowed', async () => {
    const deadId = await deadDelivery();
    const first = await api.request('POST', `/v1/deliveries/${deadId}/replay`, { token });
    await markDead(api, first.json.delivery.id);
    const second = await api.request('POST',
      `/v1/deliveries/${first.json.delivery.id}/replay`, { token });
    assert.equal(second.status, 202);
    assert.equal(second.json.delivery.replayOf, first.json.delivery.id);
  });

  test('dead letters list the dead deliveries, most recently dead first', async () => {
    const other = await api.token('dead-list');
    const endpoint = (await createEndpoint(api, other)).id;
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const eventId = await publishOk(api, other, 'x.y');
      const [id] = await deliveryIdsOf(api, eventId);
      await markDead(api, id as string, new Date(Date.UTC(2030, 0, 1, 0, 0, i)));
      ids.push(id as string);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await api.request('GET', `/v1/dead-letters?limit=2${query}`, { token: other });
      assert.equal(page.status, 200);
      seen.push(...page.json.data.map((d: { id: string }) => d.id));
      for (const delivery of page.json.data) assert.equal(delivery.status, 'dead');
      cursor = page.json.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, [...ids].reverse());
    const ranged = await api.request('GET', `/v1/dead-letters?endpointId=${endpoint}`
      + '&since=2030-01-01T00:00:01Z&until=2030-01-01T00:00:02Z', { token: other });
    assert.deepEqual(ranged.json.data.map((d: { id: string }) => d.id), [ids[1]]);
    const none = await api.request('GET',
      '/v1/dead-letters?endpointId=0190a000-0000-7000-8000-000000000000', { token: other });
    assert.deepEqual(none.json, { data: [], nextCursor: null });
    const malformed = await api.request('GET', '/v1/dead-letters?endpointId=nope',
      { token: other });
    assert.equal(malformed.status, 400);
  });

  test('dead letters that died in the same microsecond page once each, by id', async () => {
    const other = await api.token('same-instant');
    await createEndpoint(api, other);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const [id] = await deliveryIdsOf(api, await publishOk(api, other, 'same.instant'));
      ids.push(id as string);
    }
    await api.db.query(`UPDATE deliveries SET status = 'dead',
      finished_at = '2032-01-01T00:00:00.123456Z' WHERE id = ANY($1::uuid[])`, [ids]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await api.request('GET', `/v1/dead-letters?limit=2${query}`, { token: other });
      seen.push(...page.json.data.map((d: { id: string }) => d.id));
      cursor = page.json.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, [...ids].sort().reverse());
  });

  test('a bulk replay replays the endpoint\'s unreplayed dead deliveries in range', async () => {
    const other = await api.token('bulk');
    const endpoint = (await createEndpoint(api, other)).id;
    const dead: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const [id] = await deliveryIdsOf(api, await publishOk(api, other, 'bulk.x'));
      await markDead(api, id as string, new Date(Date.UTC(2031, 0, 1, 0, 0, i)));
      dead.push(id as string);
    }
    await api.request('POST', `/v1/deliveries/${dead[0]}/replay`, { token: other });
    const res = await api.request('POST', '/v1/dead-letters/replay', { token: other,
      body: { endpointId: endpoint, until: '2031-01-01T00:00:03Z' } });
    assert.equal(res.status, 202, res.text);
    assert.equal(res.json.replayed, 2);
    const { rows } = await api.db.query<{ replay_of: string }>(
      `SELECT replay_of FROM deliveries WHERE replay_of = ANY($1::uuid[]) ORDER BY replay_of`,
      [dead]);
    assert.deepEqual(rows.map((row) => row.replay_of), dead.slice(0, 3).sort());
    const replay = await api.db.query('SELECT kind, filter, delivery_count FROM replays '
      + 'WHERE id = $1', [res.json.replayId]);
    assert.deepEqual(replay.rows, [{ kind: 'bulk', delivery_count: 2, filter: {
      endpointId: endpoint, since: null, until: '2031-01-01T00:00:03Z', limit: 1000 } }]);
    const again = await api.request('POST', '/v1/dead-letters/replay', { token: other,
      body: { endpointId: endpoint, limit: 10 } });
    assert.equal(again.json.replayed, 1);
    const nothing = await api.request('POST', '/v1/dead-letters/replay', { token: other,
      body: { endpointId: endpoint } });
    assert.equal(nothing.json.replayed, 0);
  });

  test('replays to a disabled endpoint are refused with 409 and change nothing', async () => {
    const other = await api.token('disabled-replay');
    const endpoint = (await createEndpoint(api, other)).id;
    const [id] = await deliveryIdsOf(api, await publishOk(api, other, 'z.z'));
    await markDead(api, id as string);
    await api.request('POST', `/v1/endpoints/${endpoint}/disable`, { token: other });
    const before = await api.count('deliveries');
    const single = await api.request('POST', `/v1/deliveries/${id}/replay`, { token: other });
    assert.equal(single.status, 409);
    assert.equal(single.json.code, 'WHK_ERR_REPLAY_ENDPOINT_DISABLED');
    const bulk = await api.request('POST', '/v1/dead-letters/replay',
      { token: other, body: { endpointId: endpoint } });
    assert.equal(bulk.status, 409);
    assert.equal(bulk.json.code, 'WHK_ERR_REPLAY_ENDPOINT_DISABLED');
    assert.equal(await api.count('deliveries'), before);
  });

  test('replays to a deleted endpoint are 404 and its dead letters are hidden', async () => {
    const other = await api.token('deleted-replay');
    const endpoint = (await createEndpoint(api, other)).id;
    const [id] = await deliveryIdsOf(api, await publishOk(api, other, 'z.z'));
    await markDead(api, id as string);
    await api.request('DELETE', `/v1/endpoints/${endpoint}`, { token: other });
    const single = await api.request('POST', `/v1/deliveries/${id}/replay`, { token: other });
    assert.equal(single.status, 404);
    const bulk = await api.request('POST', '/v1/dead-letters/replay',
      { token: other, body: { endpointId: endpoint } });
    assert.equal(bulk.status, 404);
    const list = await api.request('GET', '/v1/dead-letters', { token: other });
    assert.deepEqual(list.json.data, []);
  });
});

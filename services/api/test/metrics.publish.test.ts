import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { metricValue } from '@harborhook/lab/testing/metric-value';
import { publishOutcome } from '../src/metrics/publish-outcome.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, deliveryIdsOf, markDead, publish } from './support/fixtures.ts';

describe('api metrics', () => {
  let api: TestApi;
  before(async () => { api = await startTestApi(); });
  after(async () => { await api.close(); });

  test('every outcome and replay kind is exported at zero before any request', async () => {
    const scrape = await api.request('GET', '/metrics');
    assert.equal(scrape.status, 200, 'no token is needed');
    for (const outcome of ['accepted', 'duplicate', 'client_error', 'server_error',
      'rate_limited']) {
      assert.match(scrape.text, new RegExp(
        `^harborhook_publish_requests_total\\{outcome="${outcome}",service="api"\\} 0$`, 'm'));
    }
    assert.match(scrape.text, /^harborhook_replays_total\{kind="bulk",service="api"\} 0$/m);
    // The ingest SLO threshold is an exact bucket boundary.
    assert.match(scrape.text, /^harborhook_publish_duration_seconds_bucket\{le="0.25",/m);
  });

  test('publishes are counted by outcome, stored events and deliveries by count', async () => {
    const registry = api.handle.registry;
    const value = async (name: string, labels: Record<string, string> = {}) =>
      await metricValue(registry, name, labels);
    const token = await api.token('metered');
    await createEndpoint(api, token);
    const key = { 'idempotency-key': 'metered-1' };
    assert.equal((await publish(api, token, 'order.created', '{}', key)).status, 202);
    assert.equal((await publish(api, token, 'order.created', '{}', key)).status, 202);
    assert.equal((await publish(api, 'not-a-token', 'order.created', '{}')).status, 401);
    const batch = await api.request('POST', '/v1/events/batch', { token,
      body: { events: [{ type: 'a.b', payload: {} }, { type: 'a.c', payload: [] }] } });
    assert.equal(batch.status, 200, batch.text);

    assert.equal(await value('harborhook_publish_requests_total', { outcome: 'accepted' }), 2);
    assert.equal(await value('harborhook_publish_requests_total', { outcome: 'duplicate' }), 1);
    assert.equal(await value('harborhook_publish_requests_total',
      { outcome: 'client_error' }), 1);
    assert.equal(await value('harborhook_publish_duration_seconds_count',
      { outcome: 'accepted' }), 2);
    assert.equal(await value('harborhook_events_accepted_total'), 3);
    assert.equal(await value('harborhook_deliveries_created_total'), 3);

    const [eventId] = (await api.db.query<{ id: string }>(
      "SELECT id FROM events WHERE tenant_id = 'metered' ORDER BY created_at LIMIT 1")).rows
      .map((row) => row.id);
    const [deliveryId] = await deliveryIdsOf(api, eventId ?? '');
    await markDead(api, deliveryId ?? '');
    const replay = await api.request('POST', `/v1/deliveries/${deliveryId}/replay`, { token });
    assert.equal(replay.status, 202, replay.text);
    assert.equal(await value('harborhook_replays_total', { kind: 'single' }), 1);
    assert.equal(await value('harborhook_replays_total', { kind: 'bulk' }), 0);
  });

  test('each event\'s wait for its group commit, each group statement and its events are '
    + 'measured', async () => {
    const registry = api.handle.registry;
    const value = async (name: string, labels: Record<string, string> = {}) =>
      await metricValue(registry, name, labels) ?? Number.NaN;
    const before = {
      waits: await value('harborhook_publish_queue_wait_seconds_count'),
      events: await value('harborhook_publish_group_events_sum'),
      committed: await value('harborhook_publish_group_duration_seconds_count',
        { outcome: 'committed' }),
    };
    const token = await api.token('grouped');
    await createEndpoint(api, token);
    const answers = await Promise.all([1, 2, 3].map((n) =>
      publish(api, token, 'order.created', `{"n":${n}}`)));
    assert.deepEqual(answers.map((answer) => answer.status), [202, 202, 202]);
    assert.equal(await value('harborhook_publish_queue_wait_seconds_count') - before.waits, 3);
    assert.equal(await value('harborhook_publish_group_events_sum') - before.events, 3);
    const statements = await value('harborhook_publish_group_duration_seconds_count',
      { outcome: 'committed' }) - before.committed;
    assert.ok(statements >= 1 && statements <= 3, `${statements} statements for 3 events`);
    assert.equal(await value('harborhook_publish_group_duration_seconds_count',
      { outcome: 'failed' }), 0);
  });

  test('answers map to bounded outcomes', () => {
    assert.equal(publishOutcome(202, false), 'accepted');
    assert.equal(publishOutcome(202, true), 'duplicate');
    assert.equal(publishOutcome(200, false), 'accepted');
    assert.equal(publishOutcome(413, false), 'client_error');
    assert.equal(publishOutcome(429, false), 'rate_limited');
    assert.equal(publishOutcome(503, false), 'server_error');
  });
});

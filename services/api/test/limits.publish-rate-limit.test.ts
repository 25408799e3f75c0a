import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_SECRET_ENCRYPTION_ENV } from '@harborhook/lab/testing/test-secret-encryption';
import { readApiConfig } from '../src/config.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { publish } from './support/fixtures.ts';

/** A burst of one full batch, and a rate so low that nothing comes back during the test. */
const LIMITED = { PUBLISH_RATE_LIMIT_PER_SECOND: '0.001', PUBLISH_RATE_LIMIT_BURST: '100' };

function batchOf(count: number, prefix: string): { events: object[] } {
  return { events: Array.from({ length: count },
    (_, i) => ({ type: 'limit.test', payload: { marker: `${prefix}-${i}` } })) };
}

async function eventsOf(api: TestApi, tenant: string): Promise<number> {
  const { rows } = await api.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM events WHERE tenant_id = $1', [tenant]);
  return rows[0]?.n ?? 0;
}

describe('per-tenant publish rate limit', () => {
  let api: TestApi;
  before(async () => { api = await startTestApi({ env: LIMITED }); });
  after(async () => { await api.close(); });

  test('past the burst, publishes are 429 with Retry-After and store nothing', async () => {
    const token = await api.token('busy');
    const full = await api.request('POST', '/v1/events/batch',
      { token, body: batchOf(100, 'allowed') });
    assert.equal(full.status, 200, full.text);
    assert.ok(full.json.results.every((r: { status: string }) => r.status === 'accepted'));

    const single = await publish(api, token, 'limit.test', '{"refused":"single"}');
    assert.equal(single.status, 429, single.text);
    assert.deepEqual(Object.keys(single.json).sort(), ['code', 'error', 'message', 'statusCode']);
    assert.equal(single.json.code, 'WHK_ERR_RATE_LIMITED');
    assert.equal(single.json.statusCode, 429);
    assert.match(single.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);

    const batch = await api.request('POST', '/v1/events/batch',
      { token, body: batchOf(2, 'refused') });
    assert.equal(batch.status, 429, batch.text);
    assert.equal(batch.json.code, 'WHK_ERR_RATE_LIMITED');
    assert.match(batch.headers.get('retry-after') ?? '', /^[1-9][0-9]*$/);

    assert.equal(await eventsOf(api, 'busy'), 100);
  });

  test('another tenant is not affected by one that is throttled', async () => {
    const busy = await api.token('busy-2');
    await api.request('POST', '/v1/events/batch', { token: busy, body: batchOf(100, 'x') });
    assert.equal((await publish(api, busy, 'limit.test', '{}')).status, 429);

    const quiet = await api.token('quiet');
    const answer = await publish(api, quiet, 'limit.test', '{"fine":true}');
    assert.equal(answer.status, 202, answer.text);
    assert.equal(await eventsOf(api, 'quiet'), 1);
  });

  test('reads are not limited', async () => {
    const token = await api.token('busy-3');
    await api.request('POST', '/v1/events/batch', { token, body: batchOf(100, 'y') });
    const list = await api.request('GET', '/v1/events', { token });
    assert.equal(list.status, 200);
  });
});

describe('rate limit settings', () => {
  const base = { DATABASE_URL: 'postgres://127.0.0.1/x', AUTH_JWKS_FILE: 'k.json',
    AUTH_ISSUER: 'i', ...TEST_SECRET_ENCRYPTION_ENV };

  test('default generously, and 0 disables the limit', () => {
    const limits = readApiConfig(base).limits;
    assert.equal(limits.publishRatePerSecond, 1000);
    assert.equal(limits.publishBurst, 2000);
    assert.equal(readApiConfig({ ...base, PUBLISH_RATE_LIMIT_PER_SECOND: '0' }).limits
      .publishRatePerSecond, 0);
  });

  test('a burst smaller than a full batch is refused at start', () => {
    assert.throws(() => readApiConfig({ ...base, PUBLISH_RATE_LIMIT_BURST: '99' }),
      /PUBLISH_RATE_LIMIT_BURST must be at least 100/);
  });
});

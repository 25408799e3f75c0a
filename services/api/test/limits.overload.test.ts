import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { publish } from './support/fixtures.ts';

/** Any heap at all is "too much": the api is overloaded from its first memory sample on. */
const OVERLOADED = {
  API_OVERLOAD_MAX_HEAP_BYTES: '1',
  API_OVERLOAD_SAMPLE_INTERVAL: '10ms',
  API_OVERLOAD_RETRY_AFTER: '7s',
};

describe('an overloaded api', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi({ env: OVERLOADED });
    token = await api.token('pressed');
    await waitFor(async () => (await api.request('GET', '/v1/endpoints', { token })).status
      === 503, { what: 'the first memory sample to mark the api overloaded' });
  });
  after(async () => { await api.close(); });

  test('answers /v1 requests 503 WHK_ERR_OVERLOADED with Retry-After', async () => {
    const answer = await api.request('GET', '/v1/endpoints', { token });
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get('retry-after'), '7');
    assert.deepEqual(answer.json, { statusCode: 503, code: 'WHK_ERR_OVERLOADED',
      error: 'Service Unavailable',
      message: 'the api is overloaded; retry after the time in Retry-After' });
  });

  test('refuses before the token is checked, and stores nothing', async () => {
    const unauthenticated = await api.request('GET', '/v1/events');
    assert.equal(unauthenticated.status, 503);
    const published = await publish(api, token, 'pressure.test', '{}');
    assert.equal(published.status, 503);
    assert.equal(published.json.code, 'WHK_ERR_OVERLOADED');
    assert.equal(await api.count('events'), 0);
  });

  test('health probes keep answering', async () => {
    assert.equal((await api.request('GET', '/healthz')).status, 200);
    assert.equal((await api.request('GET', '/readyz')).status, 200);
  });
});

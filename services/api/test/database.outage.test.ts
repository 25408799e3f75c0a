import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '@harborhook/lab/env/free-port';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { publish } from './support/fixtures.ts';

describe('requests while the database is unreachable', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    // Nothing listens on a port that was free a moment ago: every connection is refused.
    api = await startTestApi({ env: {
      DATABASE_URL: `postgres://harborhook@127.0.0.1:${await freePort()}/nothing`,
    } });
    token = await api.token('outage');
  });
  after(async () => { await api.close(); });

  test('a read answers 503 WHK_ERR_DEPENDENCY_UNAVAILABLE without internals', async () => {
    const res = await api.request('GET', '/v1/endpoints', { token });
    assert.equal(res.status, 503);
    assert.deepEqual(res.json, { statusCode: 503, code: 'WHK_ERR_DEPENDENCY_UNAVAILABLE',
      error: 'Service Unavailable', message: 'the database is unavailable; try again later' });
  });

  test('a publish answers 503, never 202', async () => {
    const res = await publish(api, token, 'outage.test', '{}');
    assert.equal(res.status, 503);
    assert.equal(res.json.code, 'WHK_ERR_DEPENDENCY_UNAVAILABLE');
  });

  test('a batch rejects every item with WHK_ERR_DEPENDENCY_UNAVAILABLE', async () => {
    const res = await api.request('POST', '/v1/events/batch', { token, body: { events: [
      { type: 'a.b', payload: 1 }, { type: 'bad type', payload: 2 }, { type: 'a.b', payload: 3 },
    ] } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.results.map((r: { error: { code: string } }) => r.error.code),
      ['WHK_ERR_DEPENDENCY_UNAVAILABLE', 'WHK_ERR_REQUEST_INVALID',
        'WHK_ERR_DEPENDENCY_UNAVAILABLE']);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '@harborhook/lab/env/free-port';
import { startTestApi, type TestApi } from './support/test-api.ts';

describe('health probes', () => {
  let api: TestApi;
  before(async () => { api = await startTestApi(); });
  after(async () => { await api.close(); });

  test('liveness answers 200 without a token', async () => {
    const res = await api.request('GET', '/healthz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok' });
  });

  test('readiness answers 200 when the database answers', async () => {
    const res = await api.request('GET', '/readyz');
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ready' });
  });
});

describe('health probes without a database', () => {
  let api: TestApi;
  before(async () => {
    // A port that was free a moment ago: nothing listens there, so connecting is refused.
    const port = await freePort();
    api = await startTestApi({ env: {
      DATABASE_URL: `postgres://harborhook@127.0.0.1:${port}/nothing`,
      DATABASE_CONNECT_TIMEOUT: '1s',
    } });
  });
  after(async () => { await api.close(); });

  test('readiness answers 503 with WHK_ERR_DEPENDENCY_UNAVAILABLE', async () => {
    const res = await api.request('GET', '/readyz');
    assert.equal(res.status, 503);
    assert.equal(res.json.code, 'WHK_ERR_DEPENDENCY_UNAVAILABLE');
    assert.equal(res.json.statusCode, 503);
  });

  test('liveness still answers 200', async () => {
    assert.equal((await api.request('GET', '/healthz')).status, 200);
  });
});

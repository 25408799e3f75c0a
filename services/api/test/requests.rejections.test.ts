import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type ApiResponse, type TestApi } from './support/test-api.ts';
import { createEndpoint, publish } from './support/fixtures.ts';

const TABLES = ['endpoints', 'events', 'deliveries', 'idempotency_keys', 'replays'];

describe('rejected requests', () => {
  let api: TestApi;
  let token: string;
  let endpointId: string;
  before(async () => {
    api = await startTestApi({ env: { EVENT_MAX_BYTES: '1024' } });
    token = await api.token('strict');
    endpointId = (await createEndpoint(api, token)).id;
  });
  after(async () => { await api.close(); });

  async function counts(): Promise<number[]> {
    return await Promise.all(TABLES.map(async (table) => await api.count(table)));
  }

  /** Sends a request that must be refused with `status` and `code`, and change no row. */
  async function refused(status: number, code: string, send: () => Promise<ApiResponse>):
    Promise<ApiResponse> {
    const before = await counts();
    const res = await send();
    assert.equal(res.status, status, res.text);
    assert.equal(res.json.code, code);
    assert.equal(res.json.statusCode, status);
    assert.equal(typeof res.json.error, 'string');
    assert.equal(typeof res.json.message, 'string');
    assert.deepEqual(await counts(), before);
    return res;
  }

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    async () => await api.request('POST', path, { token, body, headers });

  test('malformed JSON is 400 WHK_ERR_REQUEST_MALFORMED_JSON', async () => {
    await refused(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', post('/v1/endpoints', '{"url":'));
    await refused(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', async () =>
      await publish(api, token, 'a.b', '{"a":1,}'));
    await refused(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', async () =>
      await publish(api, token, 'a.b', ''));
  });

  test('a body that is not UTF-8 or starts with a BOM is malformed', async () => {
    await refused(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', async () =>
      await api.request('POST', '/v1/events', { token, body: Buffer.from([0x22, 0xff, 0x22]),
        headers: { 'harborhook-event-type': 'a.b' } }));
    await refused(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', async () =>
      await api.request('POST', '/v1/events', { token,
        body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]),
        headers: { 'harborhook-event-type': 'a.b' } }));
  });

  test('the answer to malformed JSON never quotes the body', async () => {
    const res = await refused(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', async () =>
      await publish(api, token, 'a.b', '{"card":"4111-SECRET"'));
    assert.doesNotMatch(res.text, /SECRET/);
  });

  test('a wrong type is 400 WHK_ERR_REQUEST_INVALID and is never coerced', async () => {
    const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/endpoints',
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], enabled: 'true' }));
    assert.match(res.json.message, /enabled/);
    await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/endpoints',
      { url: 'http://127.0.0.1:9/x', eventTypes: '*' }));
    await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/dead-letters/replay',
      { endpointId, limit: '5' }));
  });

  test('an unknown field is 400 naming the field, not silently dropped', async () => {
    const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/endpoints',
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], tenantId: 'someone-else' }));
    assert.match(res.json.message, /tenantId/);
    await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
      await api.request('PATCH', `/v1/endpoints/${endpointId}`,
        { token, body: { secret: 'whsec_mine' } }));
  });

  test('an unknown or invalid query parameter is 400', async () => {
    for (const query of ['?tenant=other', '?limit=0', '?limit=101', '?limit=ten',
      '?cursor=bogus', '?since=yesterday']) {
      const res = await api.request('GET', `/v1/events${query}`, { token });
      assert.equal(res.status, 400, query);
      assert.equal(res.json.code, 'WHK_ERR_REQUEST_INVALID');
    }
  });

  test('a cursor from another list is refused', async () => {
    await createEndpoint(api, token);
    const page = await api.request('GET', '/v1/endpoints?limit=1', { token });
    assert.equal(typeof page.json.nextCursor, 'string');
    const res = await api.request('GET', `/v1/events?cursor=${page.json.nextCursor}`, { token });
    assert.equal(res.status, 400);
  });

  test('endpoint fields outside their rules are 400', async () => {
    const bad: Record<string, unknown>[] = [
      { url: 'ftp://127.0.0.1/x', eventTypes: ['*'] },
      { url: 'not a url', eventTypes: ['*'] },
      { url: `http://127.0.0.1/${'x'.repeat(2048)}`, eventTypes: ['*'] },
      { url: 'http://127.0.0.1:9/x', eventTypes: [] },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['order.**'] },
      { url: 'http://127.0.0.1:9/x', eventTypes: Array.from({ length: 51 }, (_, i) => `t${i}`) },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { 'Webhook-Id': 'x' } },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { Host: 'x' } },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { 'X-A': 'a\r\nB: b' } },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { 'bad name': 'x' } },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { 'X-A': '1', 'x-a': '2' } },
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'],
        headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v'])) },
    ];
    for (const body of bad) {
      await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/endpoints', body));
    }
    const named = await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/endpoints',
      { url: 'http://127.0.0.1:9/x', eventTypes: ['*'], headers: { 'bad name': 'x' } }));
    assert.match(named.json.message, /"bad name"/);
  });

  test('a body over EVENT_MAX_BYTES is 413 before it is parsed', async () => {
    await refused(413, 'WHK_ERR_REQUEST_TOO_LARGE', async () =>
      await publish(api, token, 'a.b', `{"pad":"${'x'.repeat(1100)}"}`));
    // Not even valid JSON: the size is checked first.
    await refused(413, 'WHK_ERR_REQUEST_TOO_LARGE', async () =>
      await publish(api, token, 'a.b', `{${'x'.repeat(2000)}`));
  });

  test('a body that is not application/json is 415', async () => {
    await refused(415, 'WHK_ERR_REQUEST_MEDIA_TYPE', async () =>
      await publish(api, token, 'a.b', '{}', { 'content-type': 'text/plain' }));
    await refused(415, 'WHK_ERR_REQUEST_MEDIA_TYPE', async () =>
      await publish(api, token, 'a.b', 'a=1', {
        'content-type': 'application/x-www-form-urlencoded' }));
    await refused(415, 'WHK_ERR_REQUEST_MEDIA_TYPE', async () =>
      await publish(api, token, 'a.b', '{}', {
        'content-type': 'application/json; charset=iso-8859-1' }));
    await refused(415, 'WHK_ERR_REQUEST_MEDIA_TYPE', post('/v1/endpoints', 'url=x',
      { 'content-type': 'text/plain' }));
  });

  test('application/json with charset=utf-8 is accepted', async () => {
    const res = await publish(api, token, 'a.b', '{}',
      { 'content-type': 'application/json; charset=UTF-8' });
    assert.equal(res.status, 202);
  });

  test('a publish without a body is 415', async () => {
    await refused(415, 'WHK_ERR_REQUEST_MEDIA_TYPE', async () =>
      await api.request('POST', '/v1/events', { token,
        headers: { 'harborhook-event-type': 'a.b' } }));
  });

  test('a body sent to a route that takes none is 400', async () => {
    await refused(400, 'WHK_ERR_REQUEST_INVALID', post(`/v1/endpoints/${endpointId}/disable`,
      { enabled: false }));
  });

  test('malformed, unknown and foreign ids are 404, never 400 or 500', async () => {
    for (const id of ['nope', '123', "1' OR '1'='1", '0190a000-0000-7000-8000-00000000000g',
      '0190a000-0000-7000-8000-000000000000']) {
      for (const path of [`/v1/endpoints/${encodeURIComponent(id)}`,
        `/v1/events/${encodeURIComponent(id)}`, `/v1/deliveries/${encodeURIComponent(id)}`]) {
        const res = await api.request('GET', path, { token });
        assert.equal(res.status, 404, path);
        assert.equal(res.json.code, 'WHK_ERR_RESOURCE_NOT_FOUND');
      }
    }
    await refused(404, 'WHK_ERR_RESOURCE_NOT_FOUND', post('/v1/dead-letters/replay',
      { endpointId: 'not-a-uuid' }));
  });

  test('an unknown route is 404 WHK_ERR_ROUTE_NOT_FOUND', async () => {
    for (const [method, path] of [['GET', '/v1/nothing'], ['PUT', '/v1/endpoints'],
      ['GET', '/']]) {
      const res = await api.request(method as string, path as string, { token });
      assert.equal(res.status, 404);
      assert.equal(res.json.code, 'WHK_ERR_ROUTE_NOT_FOUND');
    }
  });
});

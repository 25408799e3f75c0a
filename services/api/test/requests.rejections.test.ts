import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { pino } from 'pino';
import { createClientErrorHandler } from '../src/server/client-errors.ts';
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

  test('a JSON null sent to a route that takes none is 400 like any other body', async () => {
    const deliveryId = '0190a000-0000-7000-8000-000000000000';
    for (const [method, path] of [['POST', `/v1/endpoints/${endpointId}/disable`],
      ['POST', `/v1/endpoints/${endpointId}/enable`], ['DELETE', `/v1/endpoints/${endpointId}`],
      ['POST', `/v1/deliveries/${deliveryId}/replay`]] as const) {
      for (const body of ['null', ' null\n', '{}', '0', '""']) {
        const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
          await api.request(method, path, { token, body }));
        assert.match(res.json.message, /takes no request body/, `${method} ${path} ${body}`);
      }
    }
    const read = await api.request('GET', `/v1/endpoints/${endpointId}`, { token });
    assert.equal(read.json.enabled, true);
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

  const cursorOf = (list: string, ...key: string[]) =>
    Buffer.from(JSON.stringify([list, ...key]), 'utf8').toString('base64url');

  /** Timestamps Postgres refuses, or that do not name a real instant in years 1 to 9999. */
  const IMPOSSIBLE_TIMESTAMPS = ['0000-01-01T00:00:00Z', '0000-12-31T23:59:59Z',
    '2025-13-45T25:61:61Z', '2025-01-01T00:00:00+99:99', '2025-01-01T00:00:00+15:00',
    '2025-02-29T00:00:00Z', '2025-04-31T00:00:00Z', '2025-01-01T24:00:00Z',
    '2025-01-01T23:59:60Z', '10000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00',
    '9999-12-31T23:59:59-01:00', '2025-01-01T00:00:00', '2025-01-01 00:00:00Z'];

  test('a timestamp query parameter that is not a real instant is 400 naming it', async () => {
    for (const value of IMPOSSIBLE_TIMESTAMPS) {
      for (const [path, name] of [['/v1/events', 'since'], ['/v1/events', 'until'],
        ['/v1/dead-letters', 'since'], ['/v1/dead-letters', 'until']] as const) {
        const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
          await api.request('GET', `${path}?${name}=${encodeURIComponent(value)}`, { token }));
        assert.match(res.json.message, new RegExp(`^querystring/${name} must be`), value);
      }
    }
  });

  test('a bulk replay range that is not a real instant is 400 naming it', async () => {
    for (const value of IMPOSSIBLE_TIMESTAMPS) {
      const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', post('/v1/dead-letters/replay',
        { endpointId, since: value }));
      assert.match(res.json.message, /^body\/since must be/, value);
    }
  });

  test('timestamps at the edges of the accepted range are answered 200', async () => {
    for (const value of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999999Z',
      '2024-02-29T12:00:00.123456789+05:30', '2025-06-01t12:00:00z', '2025-01-01T00:00:00-12:00',
      '2025-01-01T00:00:00+14:00']) {
      for (const path of ['/v1/events', '/v1/dead-letters']) {
        const res = await api.request('GET',
          `${path}?since=${encodeURIComponent(value)}&until=${encodeURIComponent(value)}`,
          { token });
        assert.equal(res.status, 200, `${path} ${value}: ${res.text}`);
      }
    }
  });

  test('a forged dead-letters cursor with an impossible timestamp is 400, never 500', async () => {
    const id = '0190a000-0000-7000-8000-000000000000';
    for (const value of [...IMPOSSIBLE_TIMESTAMPS, '']) {
      const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
        await api.request('GET', `/v1/dead-letters?cursor=${cursorOf('dead-letters', value, id)}`,
          { token }));
      assert.match(res.json.message, /querystring\/cursor/, value);
    }
    const real = await api.request('GET',
      `/v1/dead-letters?cursor=${cursorOf('dead-letters', '2025-01-01T00:00:00.000000Z', id)}`,
      { token });
    assert.equal(real.status, 200, real.text);
  });

  test('a number in a querystring must be plain decimal digits', async () => {
    for (const limit of ['1e1', '0x10', '0b11', '0o7', '%2010', '%2B5', '5.0', '1_0', '-1',
      'Infinity', '']) {
      for (const path of ['/v1/events', '/v1/endpoints', '/v1/dead-letters',
        `/v1/endpoints/${endpointId}/deliveries`]) {
        const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
          await api.request('GET', `${path}?limit=${limit}`, { token }));
        assert.match(res.json.message, /^querystring\/limit /, `${path} ${limit}`);
      }
    }
    const repeated = await api.request('GET', '/v1/events?limit=1&limit=2', { token });
    assert.equal(repeated.status, 400);
    for (const limit of ['1', '05', '100']) {
      const res = await api.request('GET', `/v1/endpoints?limit=${limit}`, { token });
      assert.equal(res.status, 200, limit);
    }
  });

  test('a UUID query parameter that is not a UUID is 400, not an empty list', async () => {
    for (const value of ['zzz', '', `urn:uuid:${endpointId}`, `${endpointId}x`, "' OR 1=1"]) {
      const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
        await api.request('GET', `/v1/dead-letters?endpointId=${encodeURIComponent(value)}`,
          { token }));
      assert.match(res.json.message, /^querystring\/endpointId must be a UUID/, value);
    }
    const upper = await api.request('GET',
      `/v1/dead-letters?endpointId=${endpointId.toUpperCase()}`, { token });
    assert.equal(upper.status, 200);
  });

  test('a URL that is not valid percent-encoding is 400 and never echoed', async () => {
    for (const withToken of [token, undefined]) {
      const res = await refused(400, 'WHK_ERR_REQUEST_INVALID', async () =>
        await api.request('GET', '/v1/endpoints/%zz?secret=QUERY-SECRET', { token: withToken }));
      assert.equal(res.json.error, 'Bad Request');
      assert.doesNotMatch(res.text, /QUERY-SECRET|%zz|endpoints/);
    }
  });

  test('a path id too long to route is 404 like any other id that is not a UUID', async () => {
    for (const length of [101, 1000, 8000]) {
      for (const path of [`/v1/endpoints/${'a'.repeat(length)}`,
        `/v1/events/${'b'.repeat(length)}/deliveries`]) {
        const res = await refused(404, 'WHK_ERR_RESOURCE_NOT_FOUND', async () =>
          await api.request('GET', path, { token }));
        assert.ok(!res.text.includes('aaaa') && !res.text.includes('bbbb'), res.text);
      }
    }
  });

  /** Sends raw bytes on one connection; resolves with everything the api wrote back. */
  async function rawExchange(request: string): Promise<string> {
    const { hostname, port } = new URL(api.url);
    return await new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connect({ host: hostname, port: Number(port) }, () => {
        socket.end(request);
      });
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      // The api closes the connection after answering; a reset after the answer is fine.
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.on('error', (err) => { if (chunks.length === 0) reject(err); });
    });
  }

  function parseRaw(raw: string): { status: number; headers: string; body: any } {
    const [head = '', body = ''] = raw.split('\r\n\r\n');
    return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(),
      body: JSON.parse(body) };
  }

  test('headers larger than node accepts are 431 in the error shape', async () => {
    const raw = await rawExchange(`GET /v1/endpoints?secret=QUERY-SECRET HTTP/1.1\r\n`
      + `Host: 127.0.0.1\r\nX-Big: ${'HEADER-MARKER'.repeat(1400)}\r\n\r\n`);
    const answer = parseRaw(raw);
    assert.equal(answer.status, 431);
    assert.match(answer.headers, /content-type: application\/json/);
    assert.match(answer.headers, /connection: close/);
    assert.deepEqual(Object.keys(answer.body).sort(), ['code', 'error', 'message', 'statusCode']);
    assert.equal(answer.body.statusCode, 431);
    assert.equal(answer.body.code, 'WHK_ERR_REQUEST_HEADERS_TOO_LARGE');
    assert.doesNotMatch(raw, /QUERY-SECRET|HEADER-MARKER/);
  });

  test('bytes that are not HTTP are 400 in the error shape', async () => {
    const answer = parseRaw(await rawExchange('GET /v1/endpoints HTTP/1.1\r\nBad Header\r\n\r\n'));
    assert.equal(answer.status, 400);
    assert.equal(answer.body.code, 'WHK_ERR_REQUEST_INVALID');
    assert.equal(answer.body.statusCode, 400);
  });

  test('a client too slow with its headers is answered 408 in the error shape', async () => {
    // Node waits 60 s before it reports this; the handler is given the same error directly.
    const logged: string[] = [];
    const handler = createClientErrorHandler(pino({ level: 'info' },
      { write: (line: string) => { logged.push(line); } }));
    const server = createServer((socket: Socket) => {
      // The handler destroys the socket with the error, as node's HTTP server expects.
      socket.on('error', () => {});
      socket.once('data', () => {
        handler(Object.assign(new Error('Request timeout'),
          { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket);
      });
    });
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve); });
    const address = server.address() as { port: number };
    const raw = await new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      const client = connect({ host: '127.0.0.1', port: address.port }, () => {
        client.write('GET /v1/endpoints?QUERY-SECRET=1 HTTP/1.1\r\nHost: 127');
      });
      client.on('data', (chunk: Buffer) => chunks.push(chunk));
      client.on('error', () => {});
      client.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    });
    await new Promise((resolve) => { server.close(resolve); });
    const answer = parseRaw(raw);
    assert.equal(answer.status, 408);
    assert.deepEqual(answer.body, { statusCode: 408, code: 'WHK_ERR_REQUEST_TIMEOUT',
      error: 'Request Timeout', message: 'the request did not arrive in time' });
    assert.equal(logged.length, 1);
    assert.match(logged[0] as string, /"statusCode":408/);
    assert.doesNotMatch(logged.join(''), /QUERY-SECRET/);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { createLogger } from '@harborhook/shared/logger';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, publish } from './support/fixtures.ts';

describe('request logs', () => {
  const lines: string[] = [];
  let api: TestApi;
  let token: string;
  let secret: string;

  before(async () => {
    // The api's own logger: its serializers are part of what keeps these lines clean.
    const logger = createLogger('api', { level: 'info' },
      { write: (line: string) => { lines.push(line); } });
    api = await startTestApi({ logger });
    token = await api.token('logged');
    secret = (await createEndpoint(api, token, {
      headers: { Authorization: 'Bearer receiver-credential-77' } })).secret;
    await publish(api, token, 'log.test', '{"card":"PAYLOAD-MARKER-42"}',
      { 'idempotency-key': 'IDEM-MARKER-9' });
    await publish(api, token, 'log.test', '{"card":"PAYLOAD-MARKER-42"');
    await api.request('GET', '/v1/events?type=QUERY-MARKER-1', { token });
    await api.request('GET', '/v1/endpoints', { token: `${token}x` });
    await api.request('GET', '/v1/unknown?QUERY-MARKER-2=1', { token });
    // Requests that Fastify's router or node's HTTP parser refuse before any route runs.
    await api.request('GET', '/v1/endpoints/%zz?QUERY-MARKER-3=1', { token });
    await api.request('GET', `/v1/endpoints/${'PATH-MARKER'.repeat(20)}`, { token });
    await oversizedHeaders(api.url);
  });
  after(async () => { await api.close(); });

  test('one JSON line per request with id, method, route, status and duration', () => {
    const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request completed');
    assert.equal(requests.length, 8);
    const publishLine = requests.find((entry) => entry.route === '/v1/events'
      && entry.method === 'POST' && entry.statusCode === 202);
    assert.ok(publishLine);
    assert.equal(typeof publishLine.reqId, 'string');
    assert.equal(typeof publishLine.durationMs, 'number');
    assert.equal(publishLine.service, 'api');
    assert.ok(requests.some((entry) => entry.statusCode === 401));
    assert.ok(requests.some((entry) => entry.statusCode === 404
      && entry.route === '(no route)'));
  });

  test('requests refused before routing are logged too, without their URL', () => {
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const badUrl = entries.find((entry) => entry.msg === 'request completed'
      && entry.statusCode === 400 && entry.route === '(no route)');
    assert.ok(badUrl);
    assert.equal(badUrl.method, 'GET');
    assert.equal(typeof badUrl.durationMs, 'number');
    assert.equal(typeof badUrl.reqId, 'string');
    assert.ok(entries.some((entry) => entry.msg === 'request completed'
      && entry.statusCode === 404 && entry.route === '/v1/endpoints/:id'));
    const refused = entries.find((entry) => entry.msg === 'request refused before routing');
    assert.ok(refused);
    assert.equal(refused.statusCode, 431);
    assert.equal(refused.code, 'WHK_ERR_REQUEST_HEADERS_TOO_LARGE');
    assert.deepEqual(refused.err, { type: 'Error', code: 'HPE_HEADER_OVERFLOW' });
  });

  test('no token, secret, payload, header value or query string reaches the log', () => {
    const log = lines.join('');
    for (const forbidden of [token, secret, 'PAYLOAD-MARKER', 'receiver-credential',
      'QUERY-MARKER', 'IDEM-MARKER', 'Bearer', 'PATH-MARKER', 'HEADER-MARKER', '%zz']) {
      assert.ok(!log.includes(forbidden), `the log contains ${forbidden.slice(0, 20)}`);
    }
  });
});

/** A request whose headers pass node's 16 KiB limit; resolves once the api has closed it. */
async function oversizedHeaders(base: string): Promise<void> {
  const { hostname, port } = new URL(base);
  await new Promise<void>((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => {
      socket.end(`GET /v1/endpoints?QUERY-MARKER-4=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n`
        + `X-Big: ${'HEADER-MARKER'.repeat(1400)}\r\n\r\n`);
    });
    // The answer is read and dropped: an unread socket would never see the api close it.
    socket.resume();
    socket.on('error', () => {});
    socket.on('close', () => { resolve(); });
  });
}

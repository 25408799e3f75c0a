import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint, publish } from './support/fixtures.ts';

describe('request logs', () => {
  const lines: string[] = [];
  let api: TestApi;
  let token: string;
  let secret: string;

  before(async () => {
    const logger = pino({ level: 'info', base: { service: 'api' } },
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
  });
  after(async () => { await api.close(); });

  test('one JSON line per request with id, method, route, status and duration', () => {
    const requests = lines.map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request completed');
    assert.equal(requests.length, 6);
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

  test('no token, secret, payload, header value or query string reaches the log', () => {
    const log = lines.join('');
    for (const forbidden of [token, secret, 'PAYLOAD-MARKER', 'receiver-credential',
      'QUERY-MARKER', 'IDEM-MARKER', 'Bearer']) {
      assert.ok(!log.includes(forbidden), `the log contains ${forbidden.slice(0, 20)}`);
    }
  });
});

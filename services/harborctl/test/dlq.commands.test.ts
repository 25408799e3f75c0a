import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const ENDPOINT_ID = '0191c2d4-5e6f-7a8b-9c0d-00000000e001';
const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const DEAD = {
  id: '0191c2d4-5e6f-7a8b-9c0d-00000000d001',
  eventId: '0191c2d4-5e6f-7a8b-9c0d-00000000a001',
  endpointId: ENDPOINT_ID,
  status: 'dead',
  attemptCount: 8,
  nextAttemptAt: '2026-03-01T10:00:00.000Z',
  lastStatusCode: 503,
  lastErrorClass: 'http_5xx',
  replayOf: null,
  replayedBy: null,
  createdAt: '2026-03-01T09:00:00.000Z',
  finishedAt: '2026-03-01T10:00:00.000Z',
};

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('dlq list sends the filters and shows the dead deliveries', async () => {
  api.on('GET', '/v1/dead-letters', { json: { data: [DEAD], nextCursor: null } });
  const result = await runAgainst(api.url, ['dlq', 'list', '--endpoint', ENDPOINT_ID,
    '--since', '24h', '--until', '30m'], { now: NOW });

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.deepEqual(Object.fromEntries(req.query), {
    endpointId: ENDPOINT_ID,
    since: '2026-02-28T12:00:00.000Z',
    until: '2026-03-01T11:30:00.000Z',
  });
  assert.equal(result.stdout, [
    'ID                                    EVENT                                 ENDPOINT      '
      + '                        ATTEMPTS  LAST CODE  LAST ERROR  FINISHED                  '
      + 'REPLAYED BY',
    `${DEAD.id}  ${DEAD.eventId}  ${ENDPOINT_ID}  8         503        http_5xx    `
      + '2026-03-01T10:00:00.000Z  -',
    '',
  ].join('\n'));
});

test('an empty dead-letter queue says so on stderr and prints nothing', async () => {
  api.on('GET', '/v1/dead-letters', { json: { data: [], nextCursor: null } });
  const result = await runAgainst(api.url, ['dlq', 'list']);
  assert.equal(result.code, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'No dead deliveries found.\n');
  assert.equal(api.only().url, '/v1/dead-letters');
});

test('dlq replay POSTs the filter as JSON, limit as a number', async () => {
  api.on('POST', '/v1/dead-letters/replay', { status: 202,
    json: { replayId: '0191c2d4-5e6f-7a8b-9c0d-00000000f001', replayed: 12 } });
  const result = await runAgainst(api.url, ['dlq', 'replay', '--endpoint', ENDPOINT_ID,
    '--since', '6h', '--until', '2026-03-01T11:00:00Z', '--limit', '500'], { now: NOW });

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.method, 'POST');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.body.toString('utf8'), `{"endpointId":"${ENDPOINT_ID}",`
    + '"since":"2026-03-01T06:00:00.000Z","until":"2026-03-01T11:00:00Z","limit":500}');
  assert.equal(result.stdout,
    'replayId  0191c2d4-5e6f-7a8b-9c0d-00000000f001\nreplayed  12\n');
});

test('dlq replay sends only the endpoint when no filter is given; it needs --endpoint',
  async () => {
    api.on('POST', '/v1/dead-letters/replay', { status: 202,
      json: { replayId: '0191c2d4-5e6f-7a8b-9c0d-00000000f001', replayed: 0 } });
    const ok = await runAgainst(api.url, ['dlq', 'replay', '--endpoint', ENDPOINT_ID]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(api.only().body.toString('utf8'), `{"endpointId":"${ENDPOINT_ID}"}`);

    const missing = await runAgainst(api.url, ['dlq', 'replay', '--since', '1h']);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--endpoint is required/);
    assert.equal(api.requests.length, 1);
  });

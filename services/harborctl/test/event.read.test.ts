import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const ID = '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const EVENT = {
  id: ID,
  type: 'order.created',
  createdAt: '2026-03-01T11:00:00.000Z',
  payloadBytes: 17,
  payloadSha256: 'ab12',
  idempotencyKey: null,
};
const DELIVERY = {
  id: '0191c2d4-5e6f-7a8b-9c0d-00000000d001',
  eventId: ID,
  endpointId: '0191c2d4-5e6f-7a8b-9c0d-00000000e001',
  status: 'dead',
  attemptCount: 3,
  nextAttemptAt: '2026-03-01T11:05:00.000Z',
  lastStatusCode: 410,
  lastErrorClass: 'http_4xx',
  replayOf: null,
  replayedBy: null,
  createdAt: '2026-03-01T11:00:00.000Z',
  finishedAt: '2026-03-01T11:05:00.000Z',
};

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('event list passes the filters as query parameters; ages become timestamps', async () => {
  api.on('GET', '/v1/events', { json: { data: [EVENT], nextCursor: null } });
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  const result = await runAgainst(api.url, ['event', 'list', '--type', 'order.created',
    '--since', '2h', '--until', '2026-03-01T11:30:00Z', '--limit', '50'], { now });

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.deepEqual(Object.fromEntries(req.query), {
    type: 'order.created',
    since: '2026-03-01T10:00:00.000Z',
    until: '2026-03-01T11:30:00Z',
    limit: '50',
  });
  assert.equal(result.stdout, [
    'ID                                    TYPE           CREATED                   BYTES  '
      + 'IDEMPOTENCY KEY',
    `${ID}  order.created  2026-03-01T11:00:00.000Z  17     -`,
    '',
  ].join('\n'));
});

test('event list rejects a --limit that is not a positive whole number', async () => {
  for (const limit of ['0', '-1', '2.5', 'ten']) {
    const result = await runAgainst(api.url, ['event', 'list', `--limit=${limit}`]);
    assert.equal(result.code, 2, limit);
    assert.match(result.stderr, /--limit must be a positive whole number/);
  }
  assert.equal(api.requests.length, 0);
});

test('event get shows the event and a table of its deliveries', async () => {
  api.on('GET', `/v1/events/${ID}`, { json: { ...EVENT, deliveries: [DELIVERY] } });
  const result = await runAgainst(api.url, ['event', 'get', ID]);

  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, [
    `id              ${ID}`,
    'type            order.created',
    'createdAt       2026-03-01T11:00:00.000Z',
    'payloadBytes    17',
    'payloadSha256   ab12',
    'idempotencyKey  -',
    '',
    'Deliveries (1):',
    'ID                                    ENDPOINT                              STATUS  '
      + 'ATTEMPTS  LAST CODE  LAST ERROR  NEXT ATTEMPT',
    `${DELIVERY.id}  ${DELIVERY.endpointId}  dead    3         410        http_4xx    `
      + '2026-03-01T11:05:00.000Z',
    '',
  ].join('\n'));
});

test('event payload writes the stored bytes to stdout unchanged, whatever --output says',
  async () => {
    // Not even valid UTF-8: the command must not decode what it passes through.
    const bytes = Buffer.concat([Buffer.from('{"a": "'), Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}')]);
    api.on('GET', `/v1/events/${ID}/payload`, { body: bytes });
    for (const output of ['table', 'json']) {
      api.requests.length = 0;
      const result = await runAgainst(api.url, ['event', 'payload', ID, '--output', output]);
      assert.equal(result.code, 0, result.stderr);
      assert.ok(result.stdoutBytes.equals(bytes), output);
      assert.equal(api.only().url, `/v1/events/${ID}/payload`);
    }
  });

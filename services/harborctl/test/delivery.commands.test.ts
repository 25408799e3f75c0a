import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { apiError, FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const EVENT_ID = '0191c2d4-5e6f-7a8b-9c0d-00000000a001';
const ENDPOINT_ID = '0191c2d4-5e6f-7a8b-9c0d-00000000e001';
const ID = '0191c2d4-5e6f-7a8b-9c0d-00000000d001';
const DELIVERY = {
  id: ID,
  eventId: EVENT_ID,
  endpointId: ENDPOINT_ID,
  status: 'dead',
  attemptCount: 2,
  nextAttemptAt: '2026-03-01T11:05:00.000Z',
  lastStatusCode: null,
  lastErrorClass: 'timeout',
  replayOf: null,
  replayedBy: null,
  createdAt: '2026-03-01T11:00:00.000Z',
  finishedAt: '2026-03-01T11:05:00.000Z',
};
const ATTEMPTS = [
  { attemptNumber: 1, startedAt: '2026-03-01T11:00:01.000Z', durationMs: 10000,
    statusCode: null, errorClass: 'timeout', responseBodyPrefix: null, outcome: 'retry' },
  { attemptNumber: 2, startedAt: '2026-03-01T11:05:00.000Z', durationMs: 12,
    statusCode: 500, errorClass: 'http_5xx', responseBodyPrefix: 'oops\n\u001b[31mred',
    outcome: 'dead' },
];

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('delivery list --event asks the event\'s deliveries', async () => {
  api.on('GET', `/v1/events/${EVENT_ID}/deliveries`, { json: { data: [DELIVERY],
    nextCursor: null } });
  const result = await runAgainst(api.url, ['delivery', 'list', '--event', EVENT_ID]);

  assert.equal(result.code, 0, result.stderr);
  assert.equal(api.only().url, `/v1/events/${EVENT_ID}/deliveries`);
  assert.equal(api.only().headers.authorization, `Bearer ${TOKEN}`);
  assert.match(result.stdout, /^ID +ENDPOINT +STATUS +ATTEMPTS/);
  assert.ok(!result.stdout.includes('EVENT'), 'the event column would only repeat the event id');
});

test('delivery list --endpoint --status filters by status', async () => {
  api.on('GET', `/v1/endpoints/${ENDPOINT_ID}/deliveries`, { json: { data: [DELIVERY],
    nextCursor: null } });
  const result = await runAgainst(api.url, ['delivery', 'list', '--endpoint', ENDPOINT_ID,
    '--status', 'dead', '--limit', '5']);

  assert.equal(result.code, 0, result.stderr);
  assert.equal(api.only().url, `/v1/endpoints/${ENDPOINT_ID}/deliveries?status=dead&limit=5`);
  assert.match(result.stdout, /^ID +EVENT +STATUS/);
});

test('delivery list needs exactly one of --event and --endpoint', async () => {
  const cases: [string[], RegExp][] = [
    [[], /give --event or --endpoint/],
    [['--event', EVENT_ID, '--endpoint', ENDPOINT_ID], /--event and --endpoint cannot be used/],
    [['--event', EVENT_ID, '--status', 'dead'], /--status needs --endpoint/],
  ];
  for (const [flags, message] of cases) {
    const result = await runAgainst(api.url, ['delivery', 'list', ...flags]);
    assert.equal(result.code, 2, flags.join(' '));
    assert.match(result.stderr, message);
  }
  assert.equal(api.requests.length, 0);
});

test('delivery get shows the delivery and its attempts, control characters escaped',
  async () => {
    api.on('GET', `/v1/deliveries/${ID}`, { json: { ...DELIVERY, attempts: ATTEMPTS } });
    const result = await runAgainst(api.url, ['delivery', 'get', ID]);

    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^status +dead$/m);
    assert.match(result.stdout, /^lastStatusCode +-$/m);
    assert.ok(result.stdout.includes('\nAttempts (2):\n'
      + '#  STARTED                   DURATION  CODE  ERROR     OUTCOME  RESPONSE\n'
      + '1  2026-03-01T11:00:01.000Z  10000 ms  -     timeout   retry    -\n'
      + '2  2026-03-01T11:05:00.000Z  12 ms     500   http_5xx  dead     '
      + 'oops\\n\\u001b[31mred\n'), result.stdout);
    assert.ok(!result.stdout.includes('\u001b'), 'no raw escape reaches the terminal');
  });

test('delivery attempts lists the attempts; json is verbatim', async () => {
  const body = JSON.stringify({ data: ATTEMPTS });
  api.on('GET', `/v1/deliveries/${ID}/attempts`, { body });
  const table = await runAgainst(api.url, ['delivery', 'attempts', ID]);
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^#  STARTED/);
  const json = await runAgainst(api.url, ['delivery', 'attempts', ID, '-o', 'json']);
  assert.equal(json.stdout, `${body}\n`);
  assert.deepEqual(api.requests.map((r) => r.url),
    [`/v1/deliveries/${ID}/attempts`, `/v1/deliveries/${ID}/attempts`]);
});

test('delivery replay POSTs to the replay path and shows the new delivery', async () => {
  const replayed = { ...DELIVERY, id: '0191c2d4-5e6f-7a8b-9c0d-00000000d002',
    status: 'scheduled', attemptCount: 0, replayOf: ID, finishedAt: null };
  api.on('POST', `/v1/deliveries/${ID}/replay`, { status: 202, json: {
    replayId: '0191c2d4-5e6f-7a8b-9c0d-00000000f001', delivery: replayed } });
  const result = await runAgainst(api.url, ['delivery', 'replay', ID]);

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.method, 'POST');
  assert.equal(req.body.length, 0);
  assert.match(result.stdout, /^replayId  0191c2d4-5e6f-7a8b-9c0d-00000000f001\n\nNew delivery:\n/);
  assert.match(result.stdout, new RegExp(`^replayOf +${ID}$`, 'm'));
});

test('replaying a delivery that is not dead shows the conflict', async () => {
  api.on('POST', `/v1/deliveries/${ID}/replay`, { status: 409, json: apiError(409,
    'WHK_ERR_REPLAY_NOT_DEAD', 'delivery is delivered, only dead deliveries can be replayed') });
  const result = await runAgainst(api.url, ['delivery', 'replay', ID]);
  assert.equal(result.code, 1);
  assert.equal(result.stderr,
    'WHK_ERR_REPLAY_NOT_DEAD: delivery is delivered, only dead deliveries can be replayed\n');
});

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { apiError, FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const ACCEPTED = {
  id: '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  type: 'order.created',
  createdAt: '2026-03-01T12:00:00.000Z',
  deliveryCount: 2,
  duplicate: false,
};

// Spacing, key order, escapes, a number spelling and non-ASCII text that re-serializing would
// all change: the bytes sent must be these, not an equivalent JSON document.
const ODD_PAYLOAD = Buffer.from('{ "b":1.50,\n\t"a" : "caf\\u00e9 ☕",  "n":1e3 }\n', 'utf8');

let api: FakeApi;
let dir: string;
before(async () => {
  api = await FakeApi.start();
  dir = await mkdtemp(join(tmpdir(), 'harborctl-publish-'));
});
after(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  api.reset();
  api.on('POST', '/v1/events', { status: 202, json: ACCEPTED });
});

test('event publish --data sends the string as the body with the event-type header', async () => {
  const result = await runAgainst(api.url, ['event', 'publish', '--type', 'order.created',
    '--data', '{"orderId":"o_42", "total":1999}']);

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/v1/events');
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.headers['harborhook-event-type'], 'order.created');
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers['idempotency-key'], undefined);
  assert.equal(req.body.toString('utf8'), '{"orderId":"o_42", "total":1999}');
  assert.equal(result.stdout, [
    `id             ${ACCEPTED.id}`,
    'type           order.created',
    'createdAt      2026-03-01T12:00:00.000Z',
    'deliveryCount  2',
    'duplicate      false',
    '',
  ].join('\n'));
});

test('event publish --file sends the file\'s bytes unchanged', async () => {
  const path = join(dir, 'odd.json');
  await writeFile(path, ODD_PAYLOAD);
  const result = await runAgainst(api.url, ['event', 'publish', '--type', 'order.created',
    '--file', path, '--idempotency-key', 'order-42']);

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.ok(req.body.equals(ODD_PAYLOAD), req.body.toString('utf8'));
  assert.equal(req.headers['content-length'], String(ODD_PAYLOAD.length));
  assert.equal(req.headers['idempotency-key'], 'order-42');
});

test('event publish --file - reads the payload from stdin, byte for byte', async () => {
  const result = await runAgainst(api.url,
    ['event', 'publish', '--type', 'order.created', '--file', '-', '-o', 'json'],
    { stdin: ODD_PAYLOAD });

  assert.equal(result.code, 0, result.stderr);
  assert.ok(api.only().body.equals(ODD_PAYLOAD));
  assert.equal(result.stdout, `${JSON.stringify(ACCEPTED)}\n`);
});

test('a duplicate publish is reported on stderr, stdout stays the answer', async () => {
  api.on('POST', '/v1/events', { status: 202, json: { ...ACCEPTED, duplicate: true } });
  const result = await runAgainst(api.url, ['event', 'publish', '--type', 'order.created',
    '--data', '{}', '--idempotency-key', 'k1']);

  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^duplicate +true$/m);
  assert.match(result.stderr, /^Duplicate: this idempotency key was already used/);
});

test('event publish usage errors send nothing', async () => {
  const cases: [string[], RegExp][] = [
    [['event', 'publish', '--data', '{}'], /--type is required/],
    [['event', 'publish', '--type', 'a.b'], /give the payload with --data or --file/],
    [['event', 'publish', '--type', 'a.b', '--data', '{}', '--file', 'x.json'],
      /--data and --file cannot be used together/],
    [['event', 'publish', '--type', 'a.b', '--file', join(dir, 'missing.json')],
      /cannot read .*missing\.json: ENOENT/],
    [['event', 'publish', '--type', 'a\nb', '--data', '{}'],
      /Harborhook-Event-Type value has characters not allowed in an HTTP header/],
  ];
  for (const [argv, message] of cases) {
    const result = await runAgainst(api.url, argv);
    assert.equal(result.code, 2, argv.join(' '));
    assert.match(result.stderr, message);
  }
  assert.equal(api.requests.length, 0);
});

test('the API\'s verdict on a bad payload is shown as code: message', async () => {
  api.on('POST', '/v1/events', {
    status: 400,
    json: apiError(400, 'WHK_ERR_REQUEST_MALFORMED_JSON', 'the body is not valid JSON'),
  });
  const result = await runAgainst(api.url, ['event', 'publish', '--type', 'a.b',
    '--data', '{not json']);
  assert.equal(result.code, 1);
  assert.equal(api.only().body.toString('utf8'), '{not json');
  assert.equal(result.stderr, 'WHK_ERR_REQUEST_MALFORMED_JSON: the body is not valid JSON\n');
});

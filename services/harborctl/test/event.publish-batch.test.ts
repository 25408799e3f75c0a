import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const BATCH = Buffer.from('{"events": [\n'
  + '  {"type": "order.created", "payload": {"id" : 1,  "x":1.0}},\n'
  + '  {"type": "order.paid", "payload": [1, 2], "idempotencyKey": "p-1"},\n'
  + '  {"type": "bad type!", "payload": {}}\n'
  + ']}\n', 'utf8');

const RESULTS = {
  results: [
    { index: 0, status: 'accepted', id: '0191c2d4-5e6f-7a8b-9c0d-000000000001', deliveryCount: 2 },
    { index: 1, status: 'duplicate', id: '0191c2d4-5e6f-7a8b-9c0d-000000000002',
      deliveryCount: 1 },
    { index: 2, status: 'rejected',
      error: { code: 'WHK_ERR_REQUEST_INVALID', message: 'type must match pattern' } },
  ],
};

let api: FakeApi;
let dir: string;
let file: string;
before(async () => {
  api = await FakeApi.start();
  dir = await mkdtemp(join(tmpdir(), 'harborctl-batch-'));
  file = join(dir, 'batch.json');
  await writeFile(file, BATCH);
});
after(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => { api.reset(); });

test('publish-batch sends the file unchanged and exits 1 when an event was rejected',
  async () => {
    api.on('POST', '/v1/events/batch', { json: RESULTS });
    const result = await runAgainst(api.url, ['event', 'publish-batch', '--file', file]);

    const req = api.only();
    assert.equal(req.method, 'POST');
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.ok(req.body.equals(BATCH));
    assert.equal(result.code, 1);
    assert.equal(result.stdout, [
      '#  STATUS     ID                                    DELIVERIES  ERROR',
      '0  accepted   0191c2d4-5e6f-7a8b-9c0d-000000000001  2           -',
      '1  duplicate  0191c2d4-5e6f-7a8b-9c0d-000000000002  1           -',
      '2  rejected   -                                     -           '
        + 'WHK_ERR_REQUEST_INVALID: type must match pattern',
      '',
    ].join('\n'));
    assert.equal(result.stderr, '1 accepted, 1 duplicate, 1 rejected.\n');
  });

test('publish-batch from stdin with json output prints the answer and exits 0 when all passed',
  async () => {
    const accepted = { results: RESULTS.results.slice(0, 2) };
    api.on('POST', '/v1/events/batch', { json: accepted });
    const result = await runAgainst(api.url,
      ['event', 'publish-batch', '--file', '-', '--output', 'json'], { stdin: BATCH });

    assert.equal(result.code, 0, result.stderr);
    assert.ok(api.only().body.equals(BATCH));
    assert.equal(result.stdout, `${JSON.stringify(accepted)}\n`);
  });

test('publish-batch needs --file', async () => {
  const result = await runAgainst(api.url, ['event', 'publish-batch']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /--file is required/);
  assert.equal(api.requests.length, 0);
});

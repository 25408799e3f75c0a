import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const CREATED = {
  id: '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d',
  url: 'https://example.com/hooks',
  description: 'orders service',
  eventTypes: ['order.created', 'order.paid'],
  headers: { 'X-Team': 'payments' },
  enabled: true,
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:00.000Z',
  secret: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LWZvci10ZXN0cw==',
};

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('endpoint create POSTs /v1/endpoints with the token and the exact JSON body', async () => {
  api.on('POST', '/v1/endpoints', { status: 201, json: CREATED });
  const result = await runAgainst(api.url, ['endpoint', 'create',
    '--url', 'https://example.com/hooks', '--description', 'orders service',
    '--event-type', 'order.created,order.paid', '--header', 'X-Team: payments']);

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/v1/endpoints');
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.body.toString('utf8'), '{"url":"https://example.com/hooks",'
    + '"description":"orders service","eventTypes":["order.created","order.paid"],'
    + '"headers":{"X-Team":"payments"}}');
});

test('endpoint create prints the endpoint and then the secret, once, clearly marked', async () => {
  api.on('POST', '/v1/endpoints', { status: 201, json: CREATED });
  const result = await runAgainst(api.url, ['endpoint', 'create',
    '--url', 'https://example.com/hooks', '--event-type', 'order.*']);

  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^id +0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d$/m);
  assert.match(result.stdout, /^eventTypes +order\.created, order\.paid$/m);
  assert.ok(result.stdout.endsWith('\n\nSigning secret (shown only this once; store it now):\n\n'
    + `  ${CREATED.secret}\n`), result.stdout);
  assert.equal(result.stdout.split(CREATED.secret).length, 2, 'the secret appears exactly once');
  assert.equal(api.only().body.toString('utf8'),
    '{"url":"https://example.com/hooks","eventTypes":["order.*"]}');
});

test('endpoint create --output json prints the API answer verbatim, secret included', async () => {
  const body = `${JSON.stringify(CREATED, null, 1)}`;
  api.on('POST', '/v1/endpoints', { status: 201, body });
  const result = await runAgainst(api.url, ['endpoint', 'create', '-o', 'json',
    '--url', 'https://example.com/hooks', '--event-type', 'a.b', '--event-type', 'c.*',
    '--disabled']);

  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, `${body}\n`);
  assert.equal(api.only().body.toString('utf8'),
    '{"url":"https://example.com/hooks","eventTypes":["a.b","c.*"],"enabled":false}');
});

test('endpoint create without --url or --event-type is a usage error and sends nothing',
  async () => {
    const noUrl = await runAgainst(api.url, ['endpoint', 'create', '--event-type', 'a.b']);
    assert.equal(noUrl.code, 2);
    assert.match(noUrl.stderr, /^error: --url is required$/m);
    assert.match(noUrl.stderr, /harborctl help endpoint create/);

    const noTypes = await runAgainst(api.url, ['endpoint', 'create', '--url', 'https://x.test']);
    assert.equal(noTypes.code, 2);
    assert.match(noTypes.stderr, /--event-type is required/);

    const badHeader = await runAgainst(api.url, ['endpoint', 'create', '--url', 'https://x.test',
      '--event-type', 'a.b', '--header', 'no colon here']);
    assert.equal(badHeader.code, 2);
    assert.match(badHeader.stderr, /--header must look like "Name: value"/);
    assert.equal(api.requests.length, 0);
  });

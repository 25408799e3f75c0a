import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { apiError, FakeApi } from './support/fake-api.ts';
import { runAgainst, TOKEN } from './support/run-cli.ts';

const ID = '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const ENDPOINT = {
  id: ID,
  url: 'https://example.com/hooks',
  description: '',
  eventTypes: ['order.*'],
  headers: {},
  enabled: true,
  createdAt: '2026-03-01T12:00:00.000Z',
  updatedAt: '2026-03-01T12:00:00.000Z',
};

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('endpoint list prints aligned columns', async () => {
  const other = { ...ENDPOINT, id: '0191c2d4-5e6f-7a8b-9c0d-000000000002', enabled: false,
    url: 'https://b.example', eventTypes: ['*'], description: 'billing' };
  api.on('GET', '/v1/endpoints', { json: { data: [ENDPOINT, other], nextCursor: null } });
  const result = await runAgainst(api.url, ['endpoint', 'list']);

  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, [
    'ID                                    ENABLED  EVENT TYPES  URL                        '
      + 'DESCRIPTION',
    `${ID}  true     order.*      https://example.com/hooks  -`,
    '0191c2d4-5e6f-7a8b-9c0d-000000000002  false    *            https://b.example          '
      + 'billing',
    '',
  ].join('\n'));
  assert.equal(result.stderr, '');
  assert.equal(api.only().url, '/v1/endpoints');
});

test('endpoint get sends GET /v1/endpoints/:id and shows every field', async () => {
  api.on('GET', `/v1/endpoints/${ID}`, { json: ENDPOINT });
  const result = await runAgainst(api.url, ['endpoint', 'get', ID]);

  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, [
    `id           ${ID}`,
    'url          https://example.com/hooks',
    'description  -',
    'eventTypes   order.*',
    'headers      {}',
    'enabled      true',
    'createdAt    2026-03-01T12:00:00.000Z',
    'updatedAt    2026-03-01T12:00:00.000Z',
    '',
  ].join('\n'));
  assert.equal(api.only().headers.authorization, `Bearer ${TOKEN}`);
});

test('endpoint get refuses an id that would change the path, before sending', async () => {
  for (const id of ['..', 'a/b', '%2e%2e', '']) {
    const result = await runAgainst(api.url, ['endpoint', 'get', id]);
    assert.equal(result.code, 2, id);
    assert.match(result.stderr, /not a valid endpoint id/);
  }
  assert.equal(api.requests.length, 0);
});

test('endpoint update sends PATCH with only the fields given', async () => {
  api.on('PATCH', `/v1/endpoints/${ID}`, { json: { ...ENDPOINT, url: 'https://new.example' } });
  const result = await runAgainst(api.url, ['endpoint', 'update', ID,
    '--url', 'https://new.example', '--event-type', 'order.*', '--event-type', 'invoice.paid']);

  assert.equal(result.code, 0, result.stderr);
  const req = api.only();
  assert.equal(req.method, 'PATCH');
  assert.equal(req.body.toString('utf8'),
    '{"url":"https://new.example","eventTypes":["order.*","invoice.paid"]}');
  assert.match(result.stdout, /^url +https:\/\/new\.example$/m);
});

test('endpoint update --clear-headers sends an empty map; no change at all is refused',
  async () => {
    api.on('PATCH', `/v1/endpoints/${ID}`, { json: ENDPOINT });
    const cleared = await runAgainst(api.url, ['endpoint', 'update', ID, '--clear-headers']);
    assert.equal(cleared.code, 0, cleared.stderr);
    assert.equal(api.only().body.toString('utf8'), '{"headers":{}}');

    const nothing = await runAgainst(api.url, ['endpoint', 'update', ID]);
    assert.equal(nothing.code, 2);
    assert.match(nothing.stderr, /nothing to change/);
    assert.equal(api.requests.length, 1);
  });

test('endpoint disable and enable POST to their paths without a body', async () => {
  api.on('POST', `/v1/endpoints/${ID}/disable`, { json: { ...ENDPOINT, enabled: false } });
  api.on('POST', `/v1/endpoints/${ID}/enable`, { json: ENDPOINT });

  const disabled = await runAgainst(api.url, ['endpoint', 'disable', ID]);
  assert.equal(disabled.code, 0, disabled.stderr);
  assert.match(disabled.stdout, /^enabled +false$/m);
  const enabled = await runAgainst(api.url, ['endpoint', 'enable', ID]);
  assert.equal(enabled.code, 0, enabled.stderr);
  assert.match(enabled.stdout, /^enabled +true$/m);

  assert.deepEqual(api.requests.map((r) => `${r.method} ${r.url} ${r.body.length}`),
    [`POST /v1/endpoints/${ID}/disable 0`, `POST /v1/endpoints/${ID}/enable 0`]);
  assert.equal(api.requests[0]?.headers['content-type'], undefined);
});

test('endpoint delete needs --yes; with it, DELETE is sent', async () => {
  api.on('DELETE', `/v1/endpoints/${ID}`, { status: 204 });
  const refused = await runAgainst(api.url, ['endpoint', 'delete', ID]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /add --yes to delete endpoint/);
  assert.equal(api.requests.length, 0);

  const deleted = await runAgainst(api.url, ['endpoint', 'delete', ID, '--yes']);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(deleted.stdout, `Deleted endpoint ${ID}.\n`);
  assert.equal(api.only().method, 'DELETE');
});

test('endpoint get of an unknown id shows the API error code and exits 1', async () => {
  api.on('GET', `/v1/endpoints/${ID}`, {
    status: 404,
    json: apiError(404, 'WHK_ERR_RESOURCE_NOT_FOUND', `endpoint ${ID} not found`),
  });
  const result = await runAgainst(api.url, ['endpoint', 'get', ID]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `WHK_ERR_RESOURCE_NOT_FOUND: endpoint ${ID} not found\n`);
});

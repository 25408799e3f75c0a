import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint } from './support/fixtures.ts';

describe('endpoint management', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi();
    token = await api.token('ops');
  });
  after(async () => { await api.close(); });

  test('create answers 201 with the endpoint and its whsec_ signing secret', async () => {
    const res = await api.request('POST', '/v1/endpoints', { token, body: {
      url: 'https://127.0.0.1:8443/hooks', description: 'orders',
      eventTypes: ['order.*', 'invoice.paid'], headers: { Authorization: 'Bearer abc',
        'X-Team': 'billing' } } });
    assert.equal(res.status, 201);
    assert.match(res.json.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
    assert.equal(res.json.url, 'https://127.0.0.1:8443/hooks');
    assert.equal(res.json.description, 'orders');
    assert.deepEqual(res.json.eventTypes, ['order.*', 'invoice.paid']);
    assert.deepEqual(res.json.headers, { Authorization: 'Bearer abc', 'X-Team': 'billing' });
    assert.equal(res.json.enabled, true);
    assert.equal(res.json.signatureScheme, 'hmac-sha256');
    // The plaintext column is left empty: the secret is stored encrypted in endpoint_secrets.
    const { rows } = await api.db.query('SELECT secret, tenant_id FROM endpoints WHERE id = $1',
      [res.json.id]);
    assert.deepEqual(rows, [{ secret: null, tenant_id: 'ops' }]);
  });

  test('the secret is never returned by reads, lists or updates', async () => {
    const { id, secret } = await createEndpoint(api, token);
    const answers = [
      await api.request('GET', `/v1/endpoints/${id}`, { token }),
      await api.request('GET', '/v1/endpoints?limit=100', { token }),
      await api.request('PATCH', `/v1/endpoints/${id}`, { token, body: { description: 'x' } }),
      await api.request('POST', `/v1/endpoints/${id}/disable`, { token }),
    ];
    for (const res of answers) {
      assert.equal(res.status, 200);
      assert.ok(!res.text.includes(secret));
      assert.ok(!res.text.includes('secret'));
    }
  });

  test('read returns what was created', async () => {
    const { id } = await createEndpoint(api, token, { description: 'read me' });
    const res = await api.request('GET', `/v1/endpoints/${id}`, { token });
    assert.equal(res.status, 200);
    assert.equal(res.json.id, id);
    assert.equal(res.json.description, 'read me');
    assert.deepEqual(res.json.headers, {});
  });

  test('patch changes only the fields it names', async () => {
    const { id } = await createEndpoint(api, token, { description: 'before',
      headers: { 'X-One': '1' } });
    const res = await api.request('PATCH', `/v1/endpoints/${id}`, { token, body: {
      url: 'http://127.0.0.1:9/new', eventTypes: ['user.*'], headers: { 'X-Two': '2' } } });
    assert.equal(res.status, 200);
    assert.equal(res.json.url, 'http://127.0.0.1:9/new');
    assert.deepEqual(res.json.eventTypes, ['user.*']);
    assert.deepEqual(res.json.headers, { 'X-Two': '2' });
    assert.equal(res.json.description, 'before');
    assert.ok(res.json.updatedAt >= res.json.createdAt);
    const empty = await api.request('PATCH', `/v1/endpoints/${id}`, { token, body: {} });
    assert.equal(empty.status, 400);
  });

  test('disable and enable flip the flag', async () => {
    const { id } = await createEndpoint(api, token);
    const disabled = await api.request('POST', `/v1/endpoints/${id}/disable`, { token });
    assert.equal(disabled.json.enabled, false);
    const enabled = await api.request('POST', `/v1/endpoints/${id}/enable`, { token });
    assert.equal(enabled.json.enabled, true);
    const created = await createEndpoint(api, token, { enabled: false });
    const read = await api.request('GET', `/v1/endpoints/${created.id}`, { token });
    assert.equal(read.json.enabled, false);
  });

  test('delete answers 204, keeps the row, and hides the endpoint everywhere', async () => {
    const { id } = await createEndpoint(api, token);
    const res = await api.request('DELETE', `/v1/endpoints/${id}`, { token });
    assert.equal(res.status, 204);
    assert.equal(res.text, '');
    const { rows } = await api.db.query<{ gone: boolean }>(
      'SELECT deleted_at IS NOT NULL AS gone FROM endpoints WHERE id = $1', [id]);
    assert.deepEqual(rows, [{ gone: true }]);
    for (const [method, path] of [['GET', `/v1/endpoints/${id}`],
      ['PATCH', `/v1/endpoints/${id}`], ['POST', `/v1/endpoints/${id}/enable`],
      ['DELETE', `/v1/endpoints/${id}`], ['GET', `/v1/endpoints/${id}/deliveries`]] as const) {
      const body = method === 'PATCH' ? { description: 'x' } : undefined;
      const again = await api.request(method, path, { token, body });
      assert.equal(again.status, 404, `${method} ${path}`);
    }
    const list = await api.request('GET', '/v1/endpoints?limit=100', { token });
    assert.ok(!list.json.data.some((endpoint: { id: string }) => endpoint.id === id));
  });

  test('the list pages through every endpoint once, oldest first', async () => {
    const other = await api.token('paging');
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await createEndpoint(api, other)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '' : `&cursor=${cursor}`;
      const page = await api.request('GET', `/v1/endpoints?limit=2${query}`, { token: other });
      assert.equal(page.status, 200);
      assert.ok(page.json.data.length <= 2);
      seen.push(...page.json.data.map((endpoint: { id: string }) => endpoint.id));
      cursor = page.json.nextCursor;
    } while (cursor !== null);
    assert.deepEqual(seen, [...ids].sort());
  });

  /** Creating with, and changing to, `body` must both be 400 and leave the endpoint as it was. */
  async function refusedOnCreateAndPatch(body: string, message: RegExp): Promise<void> {
    const { id } = await createEndpoint(api, token);
    const before = await api.request('GET', `/v1/endpoints/${id}`, { token });
    const count = await api.count('endpoints');
    const url = body.startsWith('"url"') ? '' : '"url":"http://127.0.0.1:9/h",';
    const created = await api.request('POST', '/v1/endpoints', { token,
      body: `{${url}"eventTypes":["*"],${body}}` });
    const patched = await api.request('PATCH', `/v1/endpoints/${id}`, { token, body: `{${body}}` });
    for (const res of [created, patched]) {
      assert.equal(res.status, 400, `${body}: ${res.text}`);
      assert.equal(res.json.code, 'WHK_ERR_REQUEST_INVALID');
      assert.match(res.json.message, message, body);
    }
    assert.equal(await api.count('endpoints'), count);
    assert.deepEqual((await api.request('GET', `/v1/endpoints/${id}`, { token })).json,
      before.json);
  }

  test('a URL that the worker would not use exactly as stored is refused', async () => {
    const cases: [string, RegExp][] = [
      ['http://127.0.0.1:18501/a\r\nX-Injected: 1', /control characters/],
      ['http://127.0.0.1:18501/a\tb', /control characters/],
      [' http://127.0.0.1:18501/ ', /spaces/],
      ['http://127.0.0.1:18501/a b', /spaces/],
      ['http:///x', /must name a host/],
      ['http:/x', /must name a host/],
      ['http:x', /must name a host/],
      ['https:\\\\127.0.0.1\\x', /must name a host/],
      ['http://127.0.0.1:0/', /port 0/],
      ['http://user:pass@127.0.0.1:1/', /user name or password/],
      ['http://user@127.0.0.1:1/', /user name or password/],
      ['http://@127.0.0.1:1/', /user name or password/],
      ['http://127.0.0.1:1/x#frag', /fragment/],
      ['http://127.0.0.1:1/a\\b', /canonical form, which is "http:\/\/127\.0\.0\.1:1\/a\/b"/],
      ['http://127.0.0.1:80/x', /canonical form, which is "http:\/\/127\.0\.0\.1\/x"/],
      ['HTTP://LOCALHOST:1/x', /canonical form, which is "http:\/\/localhost:1\/x"/],
      ['http://127.0.0.1:1', /canonical form, which is "http:\/\/127\.0\.0\.1:1\/"/],
      ['http://127.0.0.1:1/./a/../b', /canonical form, which is "http:\/\/127\.0\.0\.1:1\/b"/],
      ['http://2130706433:1/', /canonical form, which is "http:\/\/127\.0\.0\.1:1\/"/],
      ['http://127.0.0.1:1/é', /canonical form, which is "http:\/\/127\.0\.0\.1:1\/%C3%A9"/],
      ['ftp://127.0.0.1/x', /http or https/],
      ['mailto:a@b.c', /http or https/],
      ['/relative', /absolute http or https URL/],
      ['http://127.0.0.1:65536/', /absolute http or https URL/],
    ];
    for (const [url, message] of cases) {
      await refusedOnCreateAndPatch(`"url":${JSON.stringify(url)}`, message);
    }
  });

  test('a canonical URL is stored, returned and delivered to exactly as sent', async () => {
    for (const url of ['https://127.0.0.1:8443/hooks?x=1&y=%20', 'http://[::1]:9/a/b/',
      'http://localhost:9/', 'https://hooks.example.com/path@with-at']) {
      const created = await api.request('POST', '/v1/endpoints', { token,
        body: { url, eventTypes: ['*'] } });
      assert.equal(created.status, 201, `${url}: ${created.text}`);
      assert.equal(created.json.url, url);
      const { rows } = await api.db.query<{ url: string }>(
        'SELECT url FROM endpoints WHERE id = $1', [created.json.id]);
      assert.equal(rows[0]?.url, url);
      const patched = await api.request('PATCH', `/v1/endpoints/${created.json.id}`,
        { token, body: { url } });
      assert.equal(patched.json.url, url);
    }
  });

  test('custom headers that frame the body or connection, or are not plain keys, are refused',
    async () => {
      const reserved = ['Content-Encoding', 'content-md5', 'Content-Language', 'Content-Range',
        'TE', 'Trailer', 'Upgrade', 'Keep-Alive', 'Proxy-Authorization', 'Proxy-Connection',
        'Expect', 'Connection', 'Transfer-Encoding', 'Harborhook-Delivery-Id', 'Webhook-Id'];
      for (const name of reserved) {
        await refusedOnCreateAndPatch(`"headers":{"${name}":"gzip"}`,
          new RegExp(`^body/headers/${name} is reserved`));
      }
      for (const name of ['__proto__', '__PROTO__', 'constructor', 'prototype']) {
        await refusedOnCreateAndPatch(`"headers":{"X-Ok":"1","${name}":"x"}`,
          new RegExp(`^body/headers/${name} is not allowed as a header name`));
      }
      await refusedOnCreateAndPatch('"headers":{"__proto__":{"polluted":"yes"}}', /headers/);
      // The api runs in this process: nothing reached Object.prototype.
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

  test('header names that only look special are kept as own, plain entries', async () => {
    const headers = { 'X-Proto': '1', Authorization: 'Bearer t', 'X-Content-Id': '2' };
    const created = await api.request('POST', '/v1/endpoints', { token,
      body: { url: 'http://127.0.0.1:9/h', eventTypes: ['*'], headers } });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.json.headers, headers);
    const read = await api.request('GET', `/v1/endpoints/${created.json.id}`, { token });
    assert.deepEqual(read.json.headers, headers);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetwork, type IpNetwork } from '@harborhook/shared/net/ip-network';
import {
  checkEndpointDestination, type DestinationPolicy, type Resolver,
} from '../src/validation/endpoint-destination.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';
import { createEndpoint } from './support/fixtures.ts';

/** Every kind of address the guard refuses, in the spellings a client might try. */
const BLOCKED_URLS = [
  'http://127.0.0.1:9/hook', 'http://127.1/', 'http://2130706433/', 'http://0177.0.0.1/',
  'http://0x7f.0.0.1/', 'http://017700000001/', 'http://127.0.0.1./', 'http://localhost:9/',
  'http://LOCALHOST./', 'http://api.localhost/', 'http://[::1]/', 'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/', 'http://[::127.0.0.1]/', 'http://[64:ff9b::127.0.0.1]/',
  'http://10.0.0.1/', 'http://172.16.0.1/', 'http://192.168.1.1/', 'http://[fd00::1]/',
  'http://169.254.169.254/latest/meta-data/', 'http://[fd00:ec2::254]/', 'http://[fe80::1]/',
  'http://169.254.1.1/', 'http://100.64.0.1/', 'http://224.0.0.1/', 'http://[ff02::1]/',
  'http://0.0.0.0/', 'http://0/', 'http://[::]/', 'http://198.18.0.1/', 'http://240.0.0.1/',
  'http://255.255.255.255/', 'https://192.0.2.1/', 'https://[2001:db8::1]/',
];

const LOOPBACK_ENV = { OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128' };

function assertBlocked(res: { status: number; json: any }, url: string): void {
  assert.equal(res.status, 400, url);
  assert.equal(res.json.code, 'WHK_ERR_ENDPOINT_URL_BLOCKED', url);
  assert.match(res.json.message, /^body\/url (points to|names) an? [a-z ]+ address; /, url);
  assert.ok(!res.json.message.includes(url), 'the message never quotes the URL');
}

describe('the SSRF guard when endpoints are saved, with nothing allowed', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi({ env: { OUTBOUND_ALLOWED_NETWORKS: '' } });
    token = await api.token('ops');
  });
  after(async () => { await api.close(); });

  test('POST refuses every blocked form and stores nothing', async () => {
    for (const url of BLOCKED_URLS) {
      const res = await api.request('POST', '/v1/endpoints',
        { token, body: { url, eventTypes: ['*'] } });
      assertBlocked(res, url);
    }
    assert.equal(await api.count('endpoints'), 0);
  });

  test('PATCH refuses every blocked form and keeps the old URL', async () => {
    // A public address literal: saving it sends nothing anywhere (no worker runs here).
    const { id } = await createEndpoint(api, token, { url: 'https://8.8.8.8/hook' });
    for (const url of BLOCKED_URLS) {
      assertBlocked(await api.request('PATCH', `/v1/endpoints/${id}`, { token, body: { url } }),
        url);
    }
    const res = await api.request('GET', `/v1/endpoints/${id}`, { token });
    assert.equal(res.json.url, 'https://8.8.8.8/hook');
  });

  test('the message names the kind of address', async () => {
    const res = await api.request('POST', '/v1/endpoints',
      { token, body: { url: 'http://169.254.169.254/', eventTypes: ['*'] } });
    assert.match(res.json.message, /^body\/url points to a cloud metadata address; /);
  });
});

describe('the SSRF guard when the allow-list covers loopback', () => {
  let api: TestApi;
  let token: string;
  before(async () => {
    api = await startTestApi({ env: LOOPBACK_ENV });
    token = await api.token('ops');
  });
  after(async () => { await api.close(); });

  test('loopback URLs are saved with POST and PATCH', async () => {
    const { id } = await createEndpoint(api, token, { url: 'http://127.0.0.1:9/hook' });
    for (const url of ['http://127.9.9.9:9/hook', 'http://[::1]:9/hook',
      'http://localhost:9/hook', 'http://[::ffff:7f00:1]:9/hook']) {
      const res = await api.request('PATCH', `/v1/endpoints/${id}`, { token, body: { url } });
      assert.equal(res.status, 200, url);
      assert.equal(res.json.url, url);
    }
  });

  test('odd spellings of an allowed address still have to be canonical', async () => {
    const res = await api.request('POST', '/v1/endpoints',
      { token, body: { url: 'http://2130706433/', eventTypes: ['*'] } });
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 'WHK_ERR_REQUEST_INVALID');
  });

  test('other internal networks and metadata stay refused', async () => {
    for (const url of ['http://10.0.0.1/', 'http://[fd00::1]/', 'http://169.254.169.254/']) {
      assertBlocked(await api.request('POST', '/v1/endpoints',
        { token, body: { url, eventTypes: ['*'] } }), url);
    }
  });
});

describe('host names at save time', () => {
  const loopbackOnly = ['127.0.0.0/8'].map((text) => parseNetwork(text) as IpNetwork);
  const resolvingTo = (...addresses: string[]): Resolver => async () => addresses;
  const unresolvable: Resolver = async () => { throw new Error('ENOTFOUND'); };
  const policy = (resolveOnSave: boolean): DestinationPolicy =>
    ({ allowedNetworks: [], resolveOnSave });

  test('are not resolved unless OUTBOUND_RESOLVE_ON_SAVE says so', async () => {
    let asked = 0;
    await checkEndpointDestination('https://hooks.example.test/x', policy(false),
      async () => { asked += 1; return ['127.0.0.1']; });
    assert.equal(asked, 0);
  });

  test('are refused when any address they resolve to is refused', async () => {
    await assert.rejects(checkEndpointDestination('https://hooks.example.test/x', policy(true),
      resolvingTo('8.8.8.8', '10.0.0.1')),
    (err: { code?: string; message?: string }) => err.code === 'WHK_ERR_ENDPOINT_URL_BLOCKED'
      && err.message?.startsWith('body/url resolves to a private address') === true);
    await checkEndpointDestination('https://hooks.example.test/x', policy(true),
      resolvingTo('8.8.8.8', '2606:4700::1'));
    await checkEndpointDestination('https://hooks.example.test/x',
      { allowedNetworks: loopbackOnly, resolveOnSave: true }, resolvingTo('127.0.0.2'));
  });

  test('that do not resolve are left to the worker', async () => {
    await checkEndpointDestination('https://hooks.example.test/x', policy(true), unresolvable);
  });
});

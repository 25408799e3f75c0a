import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { DEFAULT_API_URL, resolveConfig } from '../src/config.ts';
import { parseTimeoutMs, resolveTimeFilter } from '../src/durations.ts';
import { FakeApi } from './support/fake-api.ts';
import { runCli } from './support/run-cli.ts';

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => {
  api.reset();
  api.on('GET', '/v1/endpoints', { json: { data: [], nextCursor: null } });
  api.on('GET', '/base/v1/endpoints', { json: { data: [], nextCursor: null } });
});

test('with nothing set, the API is on loopback port 8080, table output, 30 s timeout', () => {
  assert.equal(DEFAULT_API_URL, 'http://127.0.0.1:8080');
  assert.deepEqual(resolveConfig({}, {}), {
    apiUrl: 'http://127.0.0.1:8080',
    token: undefined,
    output: 'table',
    timeoutMs: 30_000,
  });
});

test('the environment configures; flags win over it', () => {
  const env = {
    HARBORHOOK_API_URL: 'http://127.0.0.1:9000/',
    HARBORHOOK_TOKEN: 'env-token',
    HARBORHOOK_OUTPUT: 'json',
    HARBORHOOK_TIMEOUT: '5s',
  };
  assert.deepEqual(resolveConfig({}, env), {
    apiUrl: 'http://127.0.0.1:9000',
    token: 'env-token',
    output: 'json',
    timeoutMs: 5_000,
  });
  assert.deepEqual(resolveConfig({ 'api-url': 'http://127.0.0.1:9001', token: 'flag-token',
    output: 'table', timeout: '250ms' }, env), {
    apiUrl: 'http://127.0.0.1:9001',
    token: 'flag-token',
    output: 'table',
    timeoutMs: 250,
  });
  assert.equal(resolveConfig({}, { HARBORHOOK_TOKEN: '' }).token, undefined);
});

test('the token flag and variable reach the Authorization header, the flag first', async () => {
  await runCli(['endpoint', 'list', '--api-url', api.url], { env: { HARBORHOOK_TOKEN: 'e1' } });
  await runCli(['endpoint', 'list', '--api-url', api.url, '--token', 'f1'],
    { env: { HARBORHOOK_TOKEN: 'e1' } });
  assert.deepEqual(api.requests.map((r) => r.headers.authorization), ['Bearer e1', 'Bearer f1']);
});

test('an API URL with a path prefix keeps the prefix', async () => {
  const result = await runCli(['endpoint', 'list', '--api-url', `${api.url}/base/`]);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(api.only().url, '/base/v1/endpoints');
});

test('bad configuration is a usage error, from a flag or from the environment', async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [['--output', 'yaml'], {}, /--output must be table or json, not "yaml"/],
    [[], { HARBORHOOK_OUTPUT: 'xml' }, /--output must be table or json, not "xml"/],
    [['--timeout', '0'], {}, /--timeout must be a positive duration/],
    [['--timeout', 'soon'], {}, /--timeout must be a positive duration/],
    [['--api-url', 'localhost:8080'], {}, /--api-url must be http:\/\/ or https:\/\//],
    [['--api-url', 'not a url'], {}, /--api-url is not a URL/],
    [['--api-url', 'http://127.0.0.1:8080/?x=1'], {}, /must not have a query/],
  ];
  for (const [flags, env, message] of cases) {
    const result = await runCli(['endpoint', 'list', ...flags], { env });
    assert.equal(result.code, 2, flags.join(' '));
    assert.match(result.stderr, message);
  }
  assert.equal(api.requests.length, 0);
});

test('durations: --timeout units and relative --since ages', () => {
  assert.equal(parseTimeoutMs('500ms'), 500);
  assert.equal(parseTimeoutMs('10s'), 10_000);
  assert.equal(parseTimeoutMs('2m'), 120_000);
  assert.equal(parseTimeoutMs('1.5'), 1_500);
  assert.equal(parseTimeoutMs('-1s'), undefined);
  assert.equal(parseTimeoutMs('0ms'), undefined);
  const now = Date.parse('2026-03-01T12:00:00.000Z');
  assert.equal(resolveTimeFilter('90s', now), '2026-03-01T11:58:30.000Z');
  assert.equal(resolveTimeFilter('7d', now), '2026-02-22T12:00:00.000Z');
  assert.equal(resolveTimeFilter('2026-01-01T00:00:00+01:00', now), '2026-01-01T00:00:00+01:00');
});

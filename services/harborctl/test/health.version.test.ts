import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, beforeEach, test } from 'node:test';
import { apiError, FakeApi } from './support/fake-api.ts';
import { runAgainst, runCli } from './support/run-cli.ts';

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('health asks /healthz and /readyz without a token and exits 0 when both are ok',
  async () => {
    api.on('GET', '/healthz', { json: { status: 'ok' } });
    api.on('GET', '/readyz', { json: { status: 'ready' } });
    const result = await runAgainst(api.url, ['health']);

    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(api.requests.map((r) => [r.url, r.headers.authorization]),
      [['/healthz', undefined], ['/readyz', undefined]]);
    assert.equal(result.stdout, [
      'CHECK    HTTP  STATUS  DETAIL',
      'healthz  200   ok      ok',
      'readyz   200   ok      ready',
      '',
    ].join('\n'));
  });

test('health exits 1 when the API is alive but not ready, and says why', async () => {
  const notReady = apiError(503, 'WHK_ERR_DEPENDENCY_UNAVAILABLE', 'the database does not answer');
  api.on('GET', '/healthz', { json: { status: 'ok' } });
  api.on('GET', '/readyz', { status: 503, json: notReady });
  const table = await runAgainst(api.url, ['health']);
  assert.equal(table.code, 1);
  assert.match(table.stdout,
    /^readyz {3}503 {3}failing {2}WHK_ERR_DEPENDENCY_UNAVAILABLE: the database does not answer$/m);

  const json = await runAgainst(api.url, ['health', '--output', 'json']);
  assert.equal(json.code, 1);
  assert.deepEqual(JSON.parse(json.stdout), {
    healthz: { statusCode: 200, body: { status: 'ok' } },
    readyz: { statusCode: 503, body: notReady },
  });
});

test('version prints the package version, with or without a reachable API', async () => {
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as
    { version: string };
  const table = await runCli(['version']);
  assert.equal(table.code, 0);
  assert.equal(table.stdout, `harborctl ${pkg.version} (node ${process.version})\n`);
  const json = await runCli(['version', '-o', 'json']);
  assert.deepEqual(JSON.parse(json.stdout), { harborctl: pkg.version, node: process.version });
});

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { FakeApi, type RecordedRequest } from './support/fake-api.ts';
import { runAgainst } from './support/run-cli.ts';

function endpoint(n: number): Record<string, unknown> {
  return { id: `0191c2d4-5e6f-7a8b-9c0d-00000000000${n}`, url: `https://e${n}.example`,
    description: '', eventTypes: ['*'], headers: {}, enabled: true };
}

/** Three pages: cursor c1 after the first, c2 after the second, null after the third. */
function pages(req: RecordedRequest): { json: unknown } {
  const cursor = req.query.get('cursor');
  if (cursor === null) return { json: { data: [endpoint(1), endpoint(2)], nextCursor: 'c1' } };
  if (cursor === 'c1') return { json: { data: [endpoint(3)], nextCursor: 'c2' } };
  return { json: { data: [endpoint(4)], nextCursor: null } };
}

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => {
  api.reset();
  api.on('GET', '/v1/endpoints', pages);
});

test('one page: the rows, and a hint with the next cursor on stderr', async () => {
  const result = await runAgainst(api.url, ['endpoint', 'list', '--limit', '2']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout.trimEnd().split('\n').length, 3);
  assert.equal(result.stderr, 'More endpoints: add --cursor c1 (or --all)\n');
  assert.equal(api.only().url, '/v1/endpoints?limit=2');
});

test('--cursor asks for the page after it', async () => {
  const result = await runAgainst(api.url, ['endpoint', 'list', '--cursor', 'c1', '-o', 'json']);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(api.only().url, '/v1/endpoints?cursor=c1');
  assert.equal(result.stdout, `${JSON.stringify({ data: [endpoint(3)], nextCursor: 'c2' })}\n`);
});

test('--all follows nextCursor to the end and prints one table', async () => {
  const result = await runAgainst(api.url, ['endpoint', 'list', '--all', '--limit', '2']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(api.requests.map((r) => r.url), [
    '/v1/endpoints?limit=2',
    '/v1/endpoints?limit=2&cursor=c1',
    '/v1/endpoints?limit=2&cursor=c2',
  ]);
  const lines = result.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 5);
  assert.match(lines[0] ?? '', /^ID +ENABLED/);
  assert.equal(result.stderr, '');
});

test('--all --output json prints one document with every item', async () => {
  const result = await runAgainst(api.url, ['endpoint', 'list', '--all', '-o', 'json']);
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout),
    { data: [endpoint(1), endpoint(2), endpoint(3), endpoint(4)], nextCursor: null });
});

test('--all stops with an error when the API hands out the same cursor twice', async () => {
  api.on('GET', '/v1/endpoints', { json: { data: [endpoint(1)], nextCursor: 'same' } });
  const result = await runAgainst(api.url, ['endpoint', 'list', '--all']);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'HARBORCTL_BAD_RESPONSE: the API returned cursor same twice\n');
  assert.equal(api.requests.length, 2);
});

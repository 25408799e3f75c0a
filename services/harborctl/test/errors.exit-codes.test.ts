import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { apiError, FakeApi } from './support/fake-api.ts';
import { runAgainst, runCli } from './support/run-cli.ts';

const ID = '0191c2d4-5e6f-7a8b-9c0d-1e2f3a4b5c6d';
const SECRET_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2VjcmV0.c2lnbmF0dXJl';

let api: FakeApi;
before(async () => { api = await FakeApi.start(); });
after(async () => { await api.close(); });
beforeEach(() => { api.reset(); });

test('an API error prints code: message and its details on stderr, exit 1', async () => {
  api.on('POST', '/v1/endpoints', { status: 400, json: apiError(400, 'WHK_ERR_REQUEST_INVALID',
    'the request is invalid', ['body/url must be an http or https URL',
      'body/eventTypes/0 must match pattern']) });
  const result = await runAgainst(api.url, ['endpoint', 'create', '--url', 'ftp://x',
    '--event-type', 'A B']);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, 'WHK_ERR_REQUEST_INVALID: the request is invalid\n'
    + '  - body/url must be an http or https URL\n'
    + '  - body/eventTypes/0 must match pattern\n');
});

test('an answer that is not the API\'s error shape still exits 1 with the status', async () => {
  api.on('GET', '/v1/endpoints', { status: 502, body: '<html>bad gateway</html>',
    contentType: 'text/html' });
  const result = await runAgainst(api.url, ['endpoint', 'list']);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'HTTP_502: HTTP 502 Bad Gateway: <html>bad gateway</html>\n');
});

test('a 401 without any token adds a hint on how to give one', async () => {
  api.on('GET', '/v1/endpoints', { status: 401,
    json: apiError(401, 'WHK_ERR_AUTH_TOKEN_MISSING', 'no bearer token') });
  const result = await runCli(['endpoint', 'list', '--api-url', api.url]);
  assert.equal(result.code, 1);
  assert.equal(api.only().headers.authorization, undefined);
  assert.equal(result.stderr, 'WHK_ERR_AUTH_TOKEN_MISSING: no bearer token\n'
    + 'hint: no token was given; pass --token or set HARBORHOOK_TOKEN\n');
});

test('the token is sent but never printed, even if an answer echoes it', async () => {
  api.on('GET', `/v1/endpoints/${ID}`, { status: 401, json: apiError(401,
    'WHK_ERR_AUTH_TOKEN_INVALID', `token ${SECRET_TOKEN} has expired`) });
  const result = await runCli(['--token', SECRET_TOKEN, 'endpoint', 'get', ID,
    '--api-url', api.url]);
  assert.equal(api.only().headers.authorization, `Bearer ${SECRET_TOKEN}`);
  assert.equal(result.code, 1);
  assert.equal(result.stderr, 'WHK_ERR_AUTH_TOKEN_INVALID: token [token] has expired\n');
  assert.ok(!result.stdout.includes(SECRET_TOKEN));
});

test('a token typed after a misspelt flag is not echoed as an unknown command', async () => {
  const result = await runCli(['--tokn', SECRET_TOKEN, 'endpoint', 'list']);
  assert.equal(result.code, 2);
  assert.ok(!result.stderr.includes(SECRET_TOKEN), result.stderr);
  assert.match(result.stderr, /unknown option --tokn before the command/);
  const inline = await runCli([`--tokn=${SECRET_TOKEN}`, 'endpoint', 'list']);
  assert.ok(!inline.stderr.includes(SECRET_TOKEN), inline.stderr);
});

test('a refused connection exits 3 with the URL in the message', async () => {
  const closed = await FakeApi.start();
  const url = closed.url;
  await closed.close();
  const result = await runCli(['endpoint', 'list', '--api-url', url, '--token', SECRET_TOKEN]);
  assert.equal(result.code, 3);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `error: cannot connect to ${url}: connection refused; is the API `
    + 'running? (set --api-url or HARBORHOOK_API_URL)\n');
});

test('an API that does not answer within --timeout exits 3', async () => {
  api.on('GET', '/v1/endpoints', () => 'hang');
  const result = await runAgainst(api.url, ['endpoint', 'list', '--timeout', '200ms']);
  assert.equal(result.code, 3);
  assert.equal(result.stderr,
    `error: no answer from ${api.url} within 200 ms (see --timeout)\n`);
});

test('usage errors exit 2 and point at the help', async () => {
  const cases: [string[], string][] = [
    [['endpoint', 'lst'], 'error: unknown command "endpoint lst"\nRun \'harborctl help\' for '
      + 'usage.\n'],
    [['endpoint'], 'error: endpoint needs a command: create, list, get, update, disable, '
      + 'enable, delete\nRun \'harborctl help endpoint\' for usage.\n'],
    [['endpoint', 'list', '--bogus'], 'error: unknown option --bogus\nRun \'harborctl help '
      + 'endpoint list\' for usage.\n'],
    [['endpoint', 'get'], 'error: missing ID\nRun \'harborctl help endpoint get\' for usage.\n'],
    [['endpoint', 'get', ID, 'extra'], 'error: unexpected argument "extra"\nRun \'harborctl '
      + 'help endpoint get\' for usage.\n'],
    [['event', 'publish', '--type'], 'error: Option \'--type <value>\' argument missing\nRun '
      + '\'harborctl help event publish\' for usage.\n'],
  ];
  for (const [argv, stderr] of cases) {
    const result = await runAgainst(api.url, argv);
    assert.equal(result.code, 2, argv.join(' '));
    assert.equal(result.stderr, stderr);
    assert.equal(result.stdout, '');
  }
  assert.equal(api.requests.length, 0);
});

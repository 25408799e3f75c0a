import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { HarborhookError } from '../src/errors.ts';
import { createLogger } from '../src/logger.ts';

type Line = Record<string, unknown> & { msg: string };

function capture(): { lines: Line[]; text: () => string;
  logger: ReturnType<typeof createLogger>; } {
  const raw: string[] = [];
  const logger = createLogger('test', { level: 'trace' }, { write: (chunk: string) => {
    raw.push(chunk);
  } });
  return { logger, text: () => raw.join(''),
    get lines() { return raw.map((chunk) => JSON.parse(chunk) as Line); } };
}

/** A Postgres error as pg builds it: message and detail quote the value and the key. */
function databaseError(): pg.DatabaseError {
  const err = new pg.DatabaseError(
    'invalid input syntax for type uuid: "PG-MESSAGE-MARKER"', 0, 'error');
  Object.assign(err, { code: '22P02', severity: 'ERROR', table: 'events', column: 'id',
    detail: 'Key (id)=(PG-DETAIL-MARKER) already exists.', where: 'PG-WHERE-MARKER' });
  return err;
}

test('an error is logged by allow-listed fields: pg, system, node and undici errors '
  + 'keep their codes and lose texts that can quote data', async () => {
  const log = capture();
  const systemError = await readFile('/nonexistent/SYSTEM-PATH-MARKER').catch((e: unknown) => e);
  const nodeError = (() => {
    try { Buffer.from('x', 'NODE-MESSAGE-MARKER' as BufferEncoding); } catch (e) { return e; }
    return undefined;
  })();
  const syntaxError = (() => {
    try { JSON.parse('{"card":"JSON-MESSAGE-MARKER"'); } catch (e) { return e; }
    return undefined;
  })();
  const undiciError = Object.assign(new Error('Response status code 500: UNDICI-MARKER'), {
    name: 'ResponseError', code: 'UND_ERR_RESPONSE', statusCode: 500,
    body: 'UNDICI-BODY-MARKER', headers: { 'set-cookie': 'UNDICI-HEADER-MARKER' } });
  const wrapped = new TypeError('fetch failed', { cause: databaseError() });
  for (const err of [databaseError(), systemError, nodeError, syntaxError, undiciError,
    wrapped]) {
    log.logger.error({ err }, 'failed');
  }
  const errs = log.lines.map((line) => line.err);
  assert.deepEqual(errs, [
    { type: 'DatabaseError', code: '22P02', severity: 'ERROR', table: 'events', column: 'id' },
    { type: 'Error', code: 'ENOENT', errno: -2, syscall: 'open' },
    { type: 'TypeError', code: 'ERR_UNKNOWN_ENCODING' },
    { type: 'SyntaxError' },
    { type: 'Error', code: 'UND_ERR_RESPONSE' },
    { type: 'TypeError', message: 'fetch failed', cause: { type: 'DatabaseError',
      code: '22P02', severity: 'ERROR', table: 'events', column: 'id' } },
  ]);
  assert.doesNotMatch(log.text(), /MARKER/);
});

test('messages known to be safe are kept: bugs, platform errors, pg connection texts', () => {
  const log = capture();
  const bug = (() => {
    try { (undefined as unknown as { x: { y: number } }).x.y += 1; } catch (e) { return e; }
    return undefined;
  })();
  log.logger.error({ err: bug }, 'bug');
  log.logger.error({ err: new Error('Connection terminated unexpectedly') }, 'pg');
  log.logger.error({ err: new HarborhookError('WHK_ERR_DEPENDENCY_UNAVAILABLE',
    'the database is unavailable') }, 'platform');
  log.logger.info({ err: new HarborhookError('WHK_ERR_REQUEST_INVALID',
    'payload must not contain CLIENT-INPUT-MARKER') }, 'client');
  log.logger.error({ err: new Error('GET https://example.test/hook?token=QUERY-MARKER failed') },
    'quoted url');
  const messages = log.lines.map((line) => (line.err as { message?: string }).message);
  assert.match(messages[0] ?? '', /Cannot read properties of undefined/);
  assert.deepEqual(messages.slice(1), ['Connection terminated unexpectedly',
    'the database is unavailable', undefined,
    'GET https://example.test/hook?[redacted] failed']);
  assert.equal((log.lines[3]?.err as { code?: string }).code, 'WHK_ERR_REQUEST_INVALID');
  assert.doesNotMatch(log.text(), /MARKER/);
});

test('a request, reply or URL passed by any code is reduced to method, route, status, path',
  () => {
    const log = capture();
    const request = { method: 'POST', url: '/v1/events?token=REQ-QUERY-MARKER',
      routeOptions: { url: '/v1/events' }, body: { card: 'BODY-MARKER' },
      headers: { authorization: 'Bearer HEADER-MARKER', cookie: 'COOKIE-MARKER' } };
    log.logger.info({ req: request, res: { statusCode: 202, getHeaders: () => ({}) } }, 'req');
    log.logger.info({ url: 'https://user:PASSWORD-MARKER@example.test/p?t=URL-MARKER#f' }, 'url');
    log.logger.info({ headers: { 'x-api-key': 'KEY-MARKER' }, config: { secret: 'CFG-MARKER' },
      endpoint: { secret: 'NESTED-MARKER', headers: { a: 'NESTED-HEADER-MARKER' } } }, 'wall');
    const [req, url, wall] = log.lines;
    assert.deepEqual([req?.req, req?.res], [{ method: 'POST', route: '/v1/events' },
      { statusCode: 202 }]);
    assert.equal(url?.url, 'https://example.test/p');
    assert.deepEqual([wall?.headers, wall?.config, wall?.endpoint],
      ['[redacted]', '[redacted]', { secret: '[redacted]', headers: '[redacted]' }]);
    assert.doesNotMatch(log.text(), /MARKER/);
  });

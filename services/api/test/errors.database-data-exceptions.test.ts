import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { HarborhookError } from '@harborhook/shared/errors';
import { installErrorHandlers } from '../src/server/error-handler.ts';
import { toHarborhookError } from '../src/server/error-mapping.ts';
import { RequestLog } from '../src/server/request-log.ts';
import { startTestApi, type TestApi } from './support/test-api.ts';

/**
 * The safety net behind request validation: should a value that Postgres refuses (SQLSTATE
 * class 22) ever get past the checks, the client gets a 400 and the log keeps the value out.
 * A bare app with the api's error handlers runs the real queries against a real database.
 */
describe('Postgres data exceptions caused by request values', () => {
  const lines: string[] = [];
  let api: TestApi;
  let app: FastifyInstance;

  before(async () => {
    api = await startTestApi();
    const logger = pino({ level: 'info' }, { write: (line: string) => { lines.push(line); } });
    app = Fastify({ loggerInstance: logger as FastifyBaseLogger, logController: new RequestLog() });
    installErrorHandlers(app);
    // No schema on purpose: this route passes the raw query value straight to Postgres.
    app.get<{ Querystring: { value: string; type: string } }>('/probe', async (request) => {
      const cast = request.query.type === 'uuid' ? 'uuid' : 'timestamptz';
      await api.db.query(`SELECT $1::${cast}`, [request.query.value]);
      return { ok: true };
    });
    app.get('/broken', async () => await api.db.query('SELECT * FROM no_such_table'));
    // A local setting in one implicit transaction: the pooled connection keeps its own.
    app.get('/slow', async () => await api.db.query(
      "SELECT set_config('statement_timeout', '50', true); SELECT pg_sleep(1)"));
    app.get('/overloaded', async () => {
      throw new HarborhookError('WHK_ERR_OVERLOADED', 'too many publishes are waiting');
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await api.close();
  });

  test('an out-of-range or malformed value is 400 WHK_ERR_REQUEST_INVALID, not 500', async () => {
    for (const [type, value] of [['timestamptz', '0000-01-01T00:00:00Z-VALUE-MARKER'],
      ['timestamptz', '0000-01-01T00:00:00Z'], ['timestamptz', '2025-13-45T25:61:61Z'],
      ['timestamptz', '2025-01-01T00:00:00+99:99'], ['uuid', 'VALUE-MARKER']]) {
      const res = await app.inject({ method: 'GET', url: '/probe',
        query: { type: type as string, value: value as string } });
      assert.equal(res.statusCode, 400, `${value}: ${res.body}`);
      const body = res.json();
      assert.deepEqual(Object.keys(body).sort(), ['code', 'error', 'message', 'statusCode']);
      assert.equal(body.code, 'WHK_ERR_REQUEST_INVALID');
      assert.doesNotMatch(res.body, /VALUE-MARKER|0000-01-01|2025-/);
    }
  });

  test('its log line has the SQLSTATE, never the value', () => {
    const warnings = lines.map((line) => JSON.parse(line) as Record<string, any>)
      .filter((entry) => entry.msg === 'the database refused a value from the request');
    assert.equal(warnings.length, 5);
    const states = warnings.map((entry) => entry.cause.code as string);
    assert.ok(states.every((state) => state.startsWith('22')), states.join());
    assert.ok(!lines.some((line) => line.includes('VALUE-MARKER') || line.includes('0000-01')));
    assert.ok(!lines.some((line) => line.includes('"level":50')), 'nothing logged as an error');
  });

  test('other database errors stay 500 WHK_ERR_INTERNAL', async () => {
    const res = await app.inject({ method: 'GET', url: '/broken' });
    assert.equal(res.statusCode, 500);
    assert.equal(res.json().code, 'WHK_ERR_INTERNAL');
    // 42P01 undefined_table is a fault of the query, not of the request.
    const err = await api.db.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    assert.equal(toHarborhookError(err).code, 'WHK_ERR_INTERNAL');
  });

  test('a statement timeout is 503 WHK_ERR_DEPENDENCY_UNAVAILABLE: try again later', async () => {
    const res = await app.inject({ method: 'GET', url: '/slow' });
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().code, 'WHK_ERR_DEPENDENCY_UNAVAILABLE');
  });

  test('an overload refusal without its own Retry-After gets one', async () => {
    const res = await app.inject({ method: 'GET', url: '/overloaded' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json().code, 'WHK_ERR_OVERLOADED');
    assert.equal(res.headers['retry-after'], '1');
  });
});

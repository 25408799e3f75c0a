import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EnvReader, parseDurationMs } from '../src/config/env-reader.ts';
import { readDatabaseConfig, readNsqConfig } from '../src/config/common.ts';
import { isHarborhookError } from '../src/errors.ts';

test('a bad configuration fails once with every problem listed', () => {
  const env = new EnvReader({
    DATABASE_POOL_MAX: 'many',
    DATABASE_CONNECT_TIMEOUT: '5 parsecs',
    NSQD_TCP_ADDRESS: 'http://127.0.0.1:4150',
    NSQ_TOPIC: 'has spaces',
  });
  const config = { database: readDatabaseConfig(env), nsq: readNsqConfig(env) };
  assert.throws(() => env.finish(config), (err: unknown) => {
    assert.ok(isHarborhookError(err));
    assert.equal(err.code, 'WHK_ERR_CONFIG_INVALID');
    const details = err.details ?? [];
    assert.equal(details.length, 5);
    for (const name of ['DATABASE_URL', 'DATABASE_POOL_MAX', 'DATABASE_CONNECT_TIMEOUT',
      'NSQD_TCP_ADDRESS', 'NSQ_TOPIC']) {
      assert.ok(details.some((line) => line.startsWith(name)), `${name} is reported`);
      assert.ok(err.message.includes(name));
    }
    return true;
  });
});

test('a valid configuration is returned deep-frozen with defaults filled in', () => {
  const env = new EnvReader({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db',
    DATABASE_POOL_MAX: '7' });
  const config = env.finish({ database: readDatabaseConfig(env), nsq: readNsqConfig(env) });
  assert.equal(config.database.poolMax, 7);
  assert.equal(config.database.connectTimeoutMs, 5_000);
  assert.equal(config.nsq.topic, 'harborhook_deliveries');
  assert.ok(Object.isFrozen(config.database));
  assert.throws(() => { (config.database as { poolMax: number }).poolMax = 1; });
});

test('durations accept units and bare milliseconds and refuse anything else', () => {
  const cases: [string, number | undefined][] = [
    ['250ms', 250], ['5s', 5_000], ['2m', 120_000], ['1h', 3_600_000], ['1d', 86_400_000],
    ['1500', 1_500], ['0.5s', 500], ['5 s', undefined], ['-1s', undefined], ['abc', undefined],
    ['', undefined], ['1w', undefined],
  ];
  for (const [text, expected] of cases) assert.equal(parseDurationMs(text), expected, text);
});

test('blank variables count as unset', () => {
  const env = new EnvReader({ LOG_LEVEL: '   ' });
  assert.equal(env.string('LOG_LEVEL', 'info'), 'info');
});

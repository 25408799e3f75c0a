import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isHarborhookError } from '@harborhook/shared/errors';
import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { readApiConfig } from '../src/config.ts';
import { loadKeySet } from '../src/auth/key-set.ts';

const MINIMAL = {
  DATABASE_URL: 'postgres://127.0.0.1:5432/harborhook',
  AUTH_JWKS_FILE: '/etc/harborhook/jwks.json',
  AUTH_ISSUER: 'https://issuer.invalid/',
  SECRET_ENCRYPTION_KEYS: generateEncryptionKeyEntry('k1'),
  SECRET_ENCRYPTION_ACTIVE_KEY: 'k1',
};

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    readApiConfig(env);
  } catch (err) {
    assert.ok(isHarborhookError(err));
    assert.equal(err.code, 'WHK_ERR_CONFIG_INVALID');
    return err.details ?? [];
  }
  assert.fail('configuration was accepted');
}

describe('reading the api configuration', () => {
  test('the minimal environment gives the documented defaults', () => {
    const config = readApiConfig(MINIMAL);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 8080);
    assert.equal(config.eventMaxBytes, 262_144);
    assert.equal(config.batchMaxBytes, 4 * 1024 * 1024);
    assert.equal(config.idempotencyKeyTtlMs, 86_400_000);
    assert.equal(config.shutdownGraceMs, 30_000);
    assert.deepEqual(config.auth, {
      jwks: { kind: 'file', path: '/etc/harborhook/jwks.json' },
      issuer: 'https://issuer.invalid/', audience: 'harborhook-api', tenantClaim: 'tenant_id',
      clockToleranceSeconds: 5,
    });
    assert.equal(config.database.poolMax, 10);
    assert.equal(config.publishGroup.maxConcurrent, 3);
    assert.equal(config.publishGroup.stallMs, 3);
    assert.equal(config.log.level, 'info');
    assert.ok(Object.isFrozen(config.auth));
  });

  test('every setting can be changed', () => {
    const config = readApiConfig({
      ...MINIMAL, AUTH_JWKS_FILE: '', AUTH_JWKS_URL: 'https://keys.invalid/jwks.json',
      API_HOST: '::1', API_PORT: '0', EVENT_MAX_BYTES: '1000', BATCH_MAX_BYTES: '5000',
      AUTH_AUDIENCE: 'aud', AUTH_TENANT_CLAIM: 'org_id', AUTH_CLOCK_TOLERANCE: '250ms',
      IDEMPOTENCY_KEY_TTL: '1h', SHUTDOWN_GRACE: '5s', LOG_LEVEL: 'warn',
    });
    assert.deepEqual(config.auth.jwks, { kind: 'url', url: 'https://keys.invalid/jwks.json' });
    assert.equal(config.host, '::1');
    assert.equal(config.port, 0);
    assert.equal(config.eventMaxBytes, 1000);
    assert.equal(config.batchMaxBytes, 5000);
    assert.equal(config.auth.audience, 'aud');
    assert.equal(config.auth.tenantClaim, 'org_id');
    assert.equal(config.auth.clockToleranceSeconds, 0.25);
    assert.equal(config.idempotencyKeyTtlMs, 3_600_000);
    assert.equal(config.shutdownGraceMs, 5_000);
  });

  test('every problem is listed at once', () => {
    const problems = problemsOf({ API_PORT: '70000', EVENT_MAX_BYTES: 'big',
      AUTH_CLOCK_TOLERANCE: 'soon' });
    const text = problems.join('\n');
    for (const name of ['DATABASE_URL', 'AUTH_ISSUER', 'AUTH_JWKS_FILE or AUTH_JWKS_URL',
      'API_PORT', 'EVENT_MAX_BYTES', 'AUTH_CLOCK_TOLERANCE']) {
      assert.match(text, new RegExp(name), name);
    }
  });

  test('as many group commits at once as pool connections is refused, naming both settings',
    () => {
      const problems = problemsOf({ ...MINIMAL, DATABASE_POOL_MAX: '3',
        PUBLISH_GROUP_CONCURRENCY: '3' });
      assert.match(problems.join('\n'),
        /PUBLISH_GROUP_CONCURRENCY \(3\) must be below DATABASE_POOL_MAX \(3\)/);
      assert.equal(readApiConfig({ ...MINIMAL, DATABASE_POOL_MAX: '4',
        PUBLISH_GROUP_CONCURRENCY: '3' }).publishGroup.maxConcurrent, 3);
    });

  test('both JWKS sources at once is refused', () => {
    const problems = problemsOf({ ...MINIMAL, AUTH_JWKS_URL: 'https://keys.invalid/jwks' });
    assert.match(problems.join('\n'), /both set/);
  });

  test('a JWKS URL must be http or https', () => {
    const problems = problemsOf({ ...MINIMAL, AUTH_JWKS_FILE: '',
      AUTH_JWKS_URL: 'file:///etc/passwd' });
    assert.match(problems.join('\n'), /AUTH_JWKS_URL must be an http\(s\) URL/);
  });
});

describe('loading the token signing keys', () => {
  test('a missing, unreadable or empty JWKS file stops the start with WHK_ERR_CONFIG_INVALID',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'harborhook-jwks-'));
      try {
        await writeFile(join(dir, 'empty.json'), '{"keys":[]}');
        await writeFile(join(dir, 'broken.json'), '{"keys":');
        for (const name of ['missing.json', 'empty.json', 'broken.json']) {
          await assert.rejects(loadKeySet({ kind: 'file', path: join(dir, name) }),
            (err: unknown) => isHarborhookError(err) && err.code === 'WHK_ERR_CONFIG_INVALID'
              && err.message.includes('AUTH_JWKS_FILE'), name);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
});

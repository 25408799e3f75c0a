import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { EnvReader } from '../src/config/env-reader.ts';
import { readSecretEncryptionConfig } from '../src/config/secret-encryption.ts';
import { SecretKeyring } from '../src/secrets/keyring.ts';

const key = (): string => randomBytes(32).toString('base64');

test('a sealed secret opens to the same text under the same endpoint id', () => {
  const ring = new SecretKeyring({ keys: { k1: key() }, activeKeyId: 'k1' });
  const sealed = ring.seal('whsec_abc', 'endpoint-1');
  assert.equal(sealed.keyId, 'k1');
  assert.equal(sealed.nonce.length, 12);
  assert.ok(!sealed.ciphertext.includes(Buffer.from('whsec_abc')));
  assert.equal(ring.open(sealed, 'endpoint-1'), 'whsec_abc');
  assert.notDeepEqual(ring.seal('whsec_abc', 'endpoint-1').nonce, sealed.nonce);
});

test('an unknown key id does not open, and the error names only the kid', () => {
  const secretKey = key();
  const ring = new SecretKeyring({ keys: { k1: secretKey }, activeKeyId: 'k1' });
  const sealed = ring.seal('whsec_abc', 'e');
  assert.throws(() => ring.open({ ...sealed, keyId: 'k9' }, 'e'), (err: Error) =>
    err.message.includes('"k9"') && !err.message.includes(secretKey));
  const other = new SecretKeyring({ keys: { k1: key() }, activeKeyId: 'k1' });
  assert.throws(() => other.open(sealed, 'e'), /failed authentication/);
});

test('a tampered ciphertext, nonce, tag or context does not open', () => {
  const ring = new SecretKeyring({ keys: { k1: key() }, activeKeyId: 'k1' });
  const sealed = ring.seal('whsec_abc', 'e');
  const flip = (bytes: Buffer, at: number): Buffer => {
    const copy = Buffer.from(bytes);
    copy[at] = (copy[at] ?? 0) ^ 1;
    return copy;
  };
  assert.throws(() => ring.open({ ...sealed, ciphertext: flip(sealed.ciphertext, 0) }, 'e'));
  assert.throws(() => ring.open({ ...sealed, ciphertext: flip(sealed.ciphertext,
    sealed.ciphertext.length - 1) }, 'e'));
  assert.throws(() => ring.open({ ...sealed, nonce: flip(sealed.nonce, 3) }, 'e'));
  assert.throws(() => ring.open(sealed, 'another-endpoint'));
  assert.throws(() => ring.open({ ...sealed, ciphertext: sealed.ciphertext.subarray(0, 8) },
    'e'));
});

test('after a key rotation old kids still open and new secrets use the active kid', () => {
  const [k1, k2] = [key(), key()];
  const before = new SecretKeyring({ keys: { k1 }, activeKeyId: 'k1' });
  const old = before.seal('whsec_old', 'e');
  const after = new SecretKeyring({ keys: { k1, k2 }, activeKeyId: 'k2' });
  assert.equal(after.open(old, 'e'), 'whsec_old');
  const fresh = after.seal('whsec_new', 'e');
  assert.equal(fresh.keyId, 'k2');
  assert.throws(() => before.open(fresh, 'e'), /"k2" is not configured/);
});

test('configuration lists every problem without quoting a key', () => {
  const bad = 'AAAA';
  const reader = new EnvReader({ SECRET_ENCRYPTION_KEYS: `k1:${bad},k1:${key()},noColon,`
    + `k2:${key()}`, SECRET_ENCRYPTION_ACTIVE_KEY: 'k3' });
  readSecretEncryptionConfig(reader);
  assert.throws(() => reader.finish({}), (err: Error & { details?: string[] }) => {
    const details = err.details ?? [];
    assert.equal(details.length, 3, details.join('\n'));
    assert.ok(details.every((line) => !line.includes(bad)));
    assert.ok(details.some((line) => line.includes('SECRET_ENCRYPTION_ACTIVE_KEY "k3"')));
    return true;
  });
  const missing = new EnvReader({});
  readSecretEncryptionConfig(missing);
  assert.throws(() => missing.finish({}), /SECRET_ENCRYPTION_KEYS is required/);
  const good = new EnvReader({ SECRET_ENCRYPTION_KEYS: `a:${key()}, b:${key()}`,
    SECRET_ENCRYPTION_ACTIVE_KEY: 'b' });
  const config = readSecretEncryptionConfig(good);
  good.finish({});
  assert.deepEqual(Object.keys(config.keys), ['a', 'b']);
});

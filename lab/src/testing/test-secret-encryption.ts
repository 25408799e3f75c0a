import { generateEncryptionKeyEntry, SecretKeyring } from
  '@harborhook/shared/secrets/keyring';

/**
 * One encryption key per test process, generated at run time (never committed): the api and
 * workers a test starts get it through SECRET_ENCRYPTION_KEYS, and fixtures that write
 * endpoints straight into the database seal their secrets with it.
 */
export const TEST_SECRET_ENCRYPTION_KEY_ID = 'test-1';
export const TEST_SECRET_ENCRYPTION_KEYS = generateEncryptionKeyEntry(
  TEST_SECRET_ENCRYPTION_KEY_ID);

export const TEST_SECRET_ENCRYPTION_ENV: Readonly<Record<string, string>> = {
  SECRET_ENCRYPTION_KEYS: TEST_SECRET_ENCRYPTION_KEYS,
  SECRET_ENCRYPTION_ACTIVE_KEY: TEST_SECRET_ENCRYPTION_KEY_ID,
};

export function testKeyring(): SecretKeyring {
  const [kid, key] = TEST_SECRET_ENCRYPTION_KEYS.split(':') as [string, string];
  return new SecretKeyring({ keys: { [kid]: key }, activeKeyId: kid });
}

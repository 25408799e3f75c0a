import type { EnvReader } from './env-reader.ts';

/** The keys that encrypt endpoint signing secrets at rest, by key id (kid). */
export interface SecretEncryptionConfig {
  /** kid → base64 of 32 key bytes. Every kid listed can decrypt. */
  keys: Record<string, string>;
  /** The kid that encrypts new secrets. */
  activeKeyId: string;
}

const KID = /^[A-Za-z0-9._-]{1,64}$/;
const KEY_BYTES = 32;

/**
 * SECRET_ENCRYPTION_KEYS (`kid:base64,kid:base64`) and SECRET_ENCRYPTION_ACTIVE_KEY. Problems
 * never quote a key's value, only its kid and position.
 */
export function readSecretEncryptionConfig(env: EnvReader): SecretEncryptionConfig {
  const raw = env.requiredString('SECRET_ENCRYPTION_KEYS',
    'comma-separated kid:base64 entries of 32-byte keys that encrypt endpoint secrets');
  const keys: Record<string, string> = {};
  const entries = raw === '' ? [] : raw.split(',').map((entry) => entry.trim());
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    const kid = colon < 0 ? '' : entry.slice(0, colon);
    const value = colon < 0 ? '' : entry.slice(colon + 1);
    if (!KID.test(kid)) {
      env.problem(`SECRET_ENCRYPTION_KEYS entry ${index + 1} must be kid:base64 with a kid of `
        + 'letters, digits, . _ -');
    } else if (Object.hasOwn(keys, kid)) {
      env.problem(`SECRET_ENCRYPTION_KEYS names kid "${kid}" twice`);
    } else if (!isBase64Key(value)) {
      env.problem(`SECRET_ENCRYPTION_KEYS key "${kid}" must be base64 of exactly ${KEY_BYTES} `
        + 'bytes');
    } else {
      keys[kid] = value;
    }
  });
  const activeKeyId = env.requiredString('SECRET_ENCRYPTION_ACTIVE_KEY',
    'the kid of SECRET_ENCRYPTION_KEYS that encrypts new secrets');
  if (activeKeyId !== '' && raw !== '' && !Object.hasOwn(keys, activeKeyId)) {
    env.problem(`SECRET_ENCRYPTION_ACTIVE_KEY "${activeKeyId}" is not a kid of `
      + 'SECRET_ENCRYPTION_KEYS');
  }
  return { keys, activeKeyId };
}

function isBase64Key(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  return Buffer.from(value, 'base64').length === KEY_BYTES;
}

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretEncryptionConfig } from '../config/secret-encryption.ts';

/** A secret as stored: which key encrypted it, the GCM nonce, and ciphertext + 16-byte tag. */
export interface SealedSecret {
  keyId: string;
  nonce: Buffer;
  ciphertext: Buffer;
}

const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under the configured keys. New secrets use the active kid; any configured kid
 * decrypts, so keys can be rotated by adding a new kid, making it active, and re-encrypting.
 * `context` (the endpoint id) is authenticated data: a ciphertext copied onto another endpoint's
 * row does not decrypt there.
 */
export class SecretKeyring {
  readonly #keys: ReadonlyMap<string, Buffer>;
  readonly activeKeyId: string;

  constructor(config: Readonly<SecretEncryptionConfig>) {
    this.#keys = new Map(Object.entries(config.keys)
      .map(([kid, value]) => [kid, Buffer.from(value, 'base64')]));
    if (!this.#keys.has(config.activeKeyId)) {
      throw new Error(`the active secret encryption key "${config.activeKeyId}" is not configured`);
    }
    this.activeKeyId = config.activeKeyId;
  }

  /** Every configured kid: what can be decrypted. */
  get keyIds(): string[] {
    return [...this.#keys.keys()];
  }

  seal(plaintext: string, context: string): SealedSecret {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key(this.activeKeyId), nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return { keyId: this.activeKeyId, nonce,
      ciphertext: Buffer.concat([body, cipher.getAuthTag()]) };
  }

  /** Throws when the kid is unknown or the ciphertext, nonce or context was altered. */
  open(sealed: SealedSecret, context: string): string {
    if (sealed.ciphertext.length < TAG_BYTES) throw new Error('sealed secret is too short');
    const body = sealed.ciphertext.subarray(0, sealed.ciphertext.length - TAG_BYTES);
    const tag = sealed.ciphertext.subarray(sealed.ciphertext.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.#key(sealed.keyId), sealed.nonce);
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
    } catch {
      throw new Error(`a secret sealed with key "${sealed.keyId}" failed authentication`);
    }
  }

  #key(keyId: string): Buffer {
    const key = this.#keys.get(keyId);
    if (key === undefined) {
      throw new Error(`secret encryption key "${keyId}" is not configured; add it to `
        + 'SECRET_ENCRYPTION_KEYS to decrypt secrets sealed with it');
    }
    return key;
  }
}

/** A fresh `kid:base64` entry for SECRET_ENCRYPTION_KEYS (tests and the dev command). */
export function generateEncryptionKeyEntry(kid: string): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

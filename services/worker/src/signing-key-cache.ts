import type { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import type { SealedJson } from './queries/claim-delivery.ts';

/** Opened secrets remembered; a few hundred bytes each. */
const MAX_ENTRIES = 10_000;

/**
 * Endpoint signing secrets, opened once per sealed value instead of once per delivery: the
 * same ciphertext under the same key and endpoint always opens to the same secret, so the
 * sealed value itself is the cache key. A rotated or retired secret is simply no longer
 * returned by the claim query; its entry ages out. Bounded: the oldest entry goes when full.
 */
export class SigningKeyCache {
  readonly #keyring: SecretKeyring;
  readonly #opened = new Map<string, string>();

  constructor(keyring: SecretKeyring) {
    this.#keyring = keyring;
  }

  /** Throws as SecretKeyring.open does when the secret cannot be opened (never cached). */
  open(sealed: SealedJson, endpointId: string): string {
    const key = `${endpointId}/${sealed.keyId}/${sealed.nonce}/${sealed.ciphertext}`;
    const known = this.#opened.get(key);
    if (known !== undefined) return known;
    const secret = this.#keyring.open({ keyId: sealed.keyId,
      nonce: Buffer.from(sealed.nonce, 'base64'),
      ciphertext: Buffer.from(sealed.ciphertext, 'base64') }, endpointId);
    if (this.#opened.size >= MAX_ENTRIES) {
      const oldest = this.#opened.keys().next();
      if (oldest.done !== true) this.#opened.delete(oldest.value);
    }
    this.#opened.set(key, secret);
    return secret;
  }
}

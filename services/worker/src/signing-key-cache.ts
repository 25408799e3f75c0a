import { prepareSigningKey, type SigningKey } from '@harborhook/shared/delivery/signing';
import type { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import type { SealedJson } from './queries/claim-delivery.ts';

/** Opened keys remembered; a few hundred bytes each. */
const MAX_ENTRIES = 10_000;

/**
 * Endpoint signing keys, opened and made into KeyObjects once per sealed value instead of once
 * per delivery: the same ciphertext under the same key and endpoint always opens to the same
 * secret, so the sealed value itself is the cache key. A rotated or retired secret is simply
 * no longer returned by the claim query; its entry ages out. Bounded: the oldest goes when full.
 */
export class SigningKeyCache {
  readonly #keyring: SecretKeyring;
  readonly #opened = new Map<string, SigningKey>();

  constructor(keyring: SecretKeyring) {
    this.#keyring = keyring;
  }

  /** Throws as SecretKeyring.open does when the secret cannot be opened (never cached). */
  open(sealed: SealedJson, endpointId: string): SigningKey {
    const key = `${endpointId}/${sealed.scheme}/${sealed.keyId}/${sealed.nonce}/`
      + sealed.ciphertext;
    return this.#remembered(key, () => prepareSigningKey(sealed.scheme,
      this.#keyring.open({ keyId: sealed.keyId, nonce: Buffer.from(sealed.nonce, 'base64'),
        ciphertext: Buffer.from(sealed.ciphertext, 'base64') }, endpointId)));
  }

  /** A plaintext secret from before encryption at rest, prepared the same way. */
  plaintext(secret: string, endpointId: string): SigningKey {
    return this.#remembered(`${endpointId}/plaintext/${secret}`,
      () => prepareSigningKey('hmac-sha256', secret));
  }

  #remembered(key: string, open: () => SigningKey): SigningKey {
    const known = this.#opened.get(key);
    if (known !== undefined) return known;
    const opened = open();
    if (this.#opened.size >= MAX_ENTRIES) {
      const oldest = this.#opened.keys().next();
      if (oldest.done !== true) this.#opened.delete(oldest.value);
    }
    this.#opened.set(key, opened);
    return opened;
  }
}

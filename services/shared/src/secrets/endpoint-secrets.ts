import type pg from 'pg';
import { uuidv7 } from '../ids.ts';
import { generateEd25519KeyPair } from '../delivery/ed25519-keys.ts';
import { generateEndpointSecret, type SignatureScheme } from '../delivery/signing.ts';
import type { SealedSecret, SecretKeyring } from './keyring.ts';

/** Anything that runs a query: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.ClientBase, 'query'>;

/** A new key: the secret that signs, and for Ed25519 the public key the receiver verifies with. */
export interface NewSigningSecret {
  scheme: SignatureScheme;
  secret: string;
  publicKey: string | undefined;
}

export function newSigningSecret(scheme: SignatureScheme): NewSigningSecret {
  if (scheme === 'ed25519') {
    const pair = generateEd25519KeyPair();
    return { scheme, secret: pair.privateKey, publicKey: pair.publicKey };
  }
  return { scheme, secret: generateEndpointSecret(), publicKey: undefined };
}

/** Encrypts the secret (bound to its endpoint id) and stores it as a current key. */
export async function storeSigningSecret(db: Queryable, keyring: SecretKeyring,
  endpointId: string, key: NewSigningSecret): Promise<{ createdAt: Date }> {
  const sealed = keyring.seal(key.secret, endpointId);
  const { rows } = await db.query<{ created_at: Date }>(
    `INSERT INTO endpoint_secrets (id, endpoint_id, scheme, key_id, nonce, ciphertext, public_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING created_at`,
    [uuidv7(), endpointId, key.scheme, sealed.keyId, sealed.nonce, sealed.ciphertext,
      key.publicKey ?? null]);
  return { createdAt: (rows[0] as { created_at: Date }).created_at };
}

/** A stored row as SQL returns it, before decryption. */
export interface SealedSecretRow {
  scheme: SignatureScheme;
  key_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
}

export function sealedOf(row: SealedSecretRow): SealedSecret {
  return { keyId: row.key_id, nonce: row.nonce, ciphertext: row.ciphertext };
}

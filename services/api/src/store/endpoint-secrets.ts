import { withTransaction, type Pool } from '@harborhook/shared/db/pool';
import type { SignatureScheme } from '@harborhook/shared/delivery/signing';
import {
  newSigningSecret, sealedOf, storeSigningSecret, type SealedSecretRow,
} from '@harborhook/shared/secrets/endpoint-secrets';
import type { SecretKeyring } from '@harborhook/shared/secrets/keyring';

/**
 * One key as a tenant may see it: an HMAC secret itself, but for Ed25519 only the public key
 * (the private key never leaves Harborhook).
 */
export interface VisibleKey {
  scheme: SignatureScheme;
  secret?: string;
  publicKey?: string;
  createdAt: string;
  /** null while current; the end of the overlap for a key a rotation replaced. */
  expiresAt: string | null;
}

interface KeyRow extends SealedSecretRow {
  public_key: string | null;
  created_at: Date;
  expires_at: Date | null;
}

function visible(keyring: SecretKeyring, endpointId: string, row: KeyRow): VisibleKey {
  const base = { scheme: row.scheme, createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null };
  return row.scheme === 'ed25519'
    ? { ...base, publicKey: row.public_key ?? '' }
    : { ...base, secret: keyring.open(sealedOf(row), endpointId) };
}

/** The endpoint's keys that still sign, newest first; undefined when it is not the tenant's. */
export async function readCurrentKeys(pool: Pool, keyring: SecretKeyring, tenantId: string,
  endpointId: string): Promise<VisibleKey[] | undefined> {
  const { rows } = await pool.query<KeyRow & { endpoint_id: string }>(
    `SELECT e.id AS endpoint_id, s.scheme, s.key_id, s.nonce, s.ciphertext, s.public_key,
            s.created_at, s.expires_at
     FROM endpoints e
     LEFT JOIN endpoint_secrets s ON s.endpoint_id = e.id
       AND (s.expires_at IS NULL OR s.expires_at > now())
     WHERE e.tenant_id = $1 AND e.id = $2 AND e.deleted_at IS NULL
     ORDER BY s.created_at DESC, s.id DESC`, [tenantId, endpointId]);
  if (rows.length === 0) return undefined;
  return rows.filter((row) => row.scheme !== null)
    .map((row) => visible(keyring, endpointId, row));
}

export interface Rotation {
  key: VisibleKey;
  /** When the keys it replaced stop signing (now for an overlap of 0). */
  previousExpiresAt: string;
}

/**
 * Most keys an endpoint signs with at once: the new one and four in their overlap. Without a
 * bound, 3,000 rotations with a 30-day overlap made every delivery carry 3,001 signatures (a
 * 150 KB header receivers refuse) and kept a worker's CPU busy signing them.
 */
export const MAX_SIGNING_KEYS = 5;

/**
 * Makes a new key of the endpoint's scheme (or of `newScheme`, which becomes the endpoint's)
 * the current one at once; the keys it replaces keep signing until `overlapMs` from now (never
 * longer than they already would). Keys already expired are deleted, and so are the oldest
 * beyond MAX_SIGNING_KEYS. The endpoint row is locked, so concurrent rotations queue up.
 */
export async function rotateKey(pool: Pool, keyring: SecretKeyring, tenantId: string,
  endpointId: string, overlapMs: number, newScheme?: SignatureScheme):
  Promise<Rotation | undefined> {
  return await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ signature_scheme: SignatureScheme; until: Date }>(
      `SELECT signature_scheme, now() + $3::double precision * interval '1 millisecond' AS until
       FROM endpoints WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL FOR UPDATE`,
      [tenantId, endpointId, overlapMs]);
    const endpoint = rows[0];
    if (endpoint === undefined) return undefined;
    await client.query(`DELETE FROM endpoint_secrets WHERE endpoint_id = $1
      AND expires_at IS NOT NULL AND expires_at <= now()`, [endpointId]);
    await client.query(`UPDATE endpoint_secrets SET expires_at = least(expires_at, $2)
      WHERE endpoint_id = $1`, [endpointId, endpoint.until]);
    if (newScheme !== undefined) {
      await client.query('UPDATE endpoints SET signature_scheme = $2, updated_at = now() '
        + 'WHERE id = $1', [endpointId, newScheme]);
    }
    const key = newSigningSecret(newScheme ?? endpoint.signature_scheme);
    const { createdAt } = await storeSigningSecret(client, keyring, endpointId, key);
    // Every current key signs every attempt: beyond MAX_SIGNING_KEYS, the oldest stop now.
    await client.query(`DELETE FROM endpoint_secrets WHERE endpoint_id = $1 AND id NOT IN (
        SELECT id FROM endpoint_secrets WHERE endpoint_id = $1
        ORDER BY created_at DESC, id DESC LIMIT $2)`, [endpointId, MAX_SIGNING_KEYS]);
    const shown = key.scheme === 'ed25519' ? { publicKey: key.publicKey ?? '' }
      : { secret: key.secret };
    return {
      key: { scheme: key.scheme, ...shown, createdAt: createdAt.toISOString(), expiresAt: null },
      previousExpiresAt: endpoint.until.toISOString(),
    };
  });
}

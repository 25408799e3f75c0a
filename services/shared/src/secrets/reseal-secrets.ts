import { withTransaction, type Pool } from '../db/pool.ts';
import type { SecretKeyring } from './keyring.ts';

const BATCH = 100;

interface SealedRow {
  id: string;
  endpoint_id: string;
  key_id: string;
  nonce: Buffer;
  ciphertext: Buffer;
}

/**
 * Re-encrypts stored secrets sealed under a kid that is configured but no longer active, so an
 * old encryption key can be removed once this has run. Rows under a kid that is not configured
 * are left alone (they cannot be read). Safe from several processes at once (SKIP LOCKED).
 * Returns how many rows were re-encrypted.
 */
export async function resealUnderActiveKey(pool: Pool, keyring: SecretKeyring):
  Promise<number> {
  const older = keyring.keyIds.filter((kid) => kid !== keyring.activeKeyId);
  let resealed = 0;
  for (;;) {
    const moved = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<SealedRow>(
        `SELECT id, endpoint_id, key_id, nonce, ciphertext FROM endpoint_secrets
         WHERE key_id = ANY($1::text[]) ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [older, BATCH]);
      for (const row of rows) {
        const plaintext = keyring.open({ keyId: row.key_id, nonce: row.nonce,
          ciphertext: row.ciphertext }, row.endpoint_id);
        const sealed = keyring.seal(plaintext, row.endpoint_id);
        await client.query(`UPDATE endpoint_secrets SET key_id = $2, nonce = $3, ciphertext = $4
          WHERE id = $1`, [row.id, sealed.keyId, sealed.nonce, sealed.ciphertext]);
      }
      return rows.length;
    });
    resealed += moved;
    if (moved < BATCH) return resealed;
  }
}

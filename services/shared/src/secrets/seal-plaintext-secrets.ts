import { withTransaction, type Pool } from '../db/pool.ts';
import type { SecretKeyring } from './keyring.ts';
import { storeSigningSecret } from './endpoint-secrets.ts';

const BATCH = 100;

/**
 * Moves secrets written before encryption at rest (plaintext in endpoints.secret) into
 * endpoint_secrets, encrypted, and clears the column, one endpoint per transaction. SQL alone
 * cannot do it because the key lives in configuration. Safe to run from several processes at
 * once (SKIP LOCKED) and again at every start: it finds nothing once done. Returns the count.
 */
export async function sealPlaintextSecrets(pool: Pool, keyring: SecretKeyring): Promise<number> {
  let sealed = 0;
  for (;;) {
    const moved = await withTransaction(pool, async (client) => {
      const { rows } = await client.query<{ id: string; secret: string }>(
        `SELECT id, secret FROM endpoints WHERE secret IS NOT NULL
         ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, [BATCH]);
      for (const row of rows) {
        await storeSigningSecret(client, keyring, row.id,
          { scheme: 'hmac-sha256', secret: row.secret, publicKey: undefined });
      }
      await client.query('UPDATE endpoints SET secret = NULL WHERE id = ANY($1::uuid[])',
        [rows.map((row) => row.id)]);
      return rows.length;
    });
    sealed += moved;
    if (moved < BATCH) return sealed;
  }
}

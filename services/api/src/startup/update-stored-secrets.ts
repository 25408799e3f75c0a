import { createPool } from '@harborhook/shared/db/pool';
import type { Logger } from '@harborhook/shared/logger';
import { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import { resealUnderActiveKey } from '@harborhook/shared/secrets/reseal-secrets';
import { sealPlaintextSecrets } from '@harborhook/shared/secrets/seal-plaintext-secrets';
import type { ApiConfig } from '../config.ts';

/**
 * The start-up step that brings stored secrets up to date: secrets stored in plaintext before
 * encryption at rest (migration 0002) are encrypted and the plaintext cleared, and secrets
 * sealed under an older configured kid are re-encrypted under the active one. A failure is
 * logged and the api starts anyway; the worker still signs with either, and the next start
 * tries again. Counts are logged, never values.
 */
export async function updateStoredSecrets(config: Readonly<ApiConfig>,
  logger: Logger): Promise<void> {
  const pool = createPool({ ...config.database, poolMax: 1 }, logger, 'harborhook-api-secrets');
  const keyring = new SecretKeyring(config.secretEncryption);
  try {
    const sealed = await sealPlaintextSecrets(pool, keyring);
    if (sealed > 0) {
      logger.info({ count: sealed }, 'encrypted endpoint secrets stored in plaintext');
    }
    const resealed = await resealUnderActiveKey(pool, keyring);
    if (resealed > 0) {
      logger.info({ count: resealed, keyId: keyring.activeKeyId },
        're-encrypted endpoint secrets under the active key');
    }
  } catch (err) {
    logger.error({ err },
      'could not bring stored endpoint secrets up to date; will try again at the next start');
  } finally {
    await pool.end();
  }
}

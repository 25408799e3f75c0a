import { createPool } from '@harborhook/shared/db/pool';
import { errorFields } from '@harborhook/shared/error-fields';
import type { Logger } from '@harborhook/shared/logger';
import { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import { sealPlaintextSecrets } from '@harborhook/shared/secrets/seal-plaintext-secrets';
import type { ApiConfig } from '../config.ts';

/**
 * The start-up step that finishes migration 0002: secrets stored in plaintext before
 * encryption at rest are encrypted and the plaintext cleared. A failure is logged and the api
 * starts anyway; the worker still signs with such a secret, and the next start tries again.
 */
export async function sealLeftoverPlaintextSecrets(config: Readonly<ApiConfig>,
  logger: Logger): Promise<void> {
  const pool = createPool({ ...config.database, poolMax: 1 }, logger, 'harborhook-api-seal');
  try {
    const count = await sealPlaintextSecrets(pool, new SecretKeyring(config.secretEncryption));
    if (count > 0) logger.info({ count }, 'encrypted endpoint secrets stored in plaintext');
  } catch (err) {
    logger.warn({ err: errorFields(err) },
      'could not encrypt plaintext endpoint secrets; will try again at the next start');
  } finally {
    await pool.end();
  }
}

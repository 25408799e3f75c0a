import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { HarborhookError } from '@harborhook/shared/errors';
import type { Logger } from '@harborhook/shared/logger';
import type { JwksSource } from '../config.ts';
import { loadJwksFile } from './jwks-file.ts';

/** Remote key sets are cached; a token with an unknown kid refetches at most this often. */
const REMOTE_OPTIONS = { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 };

/**
 * The keys tokens are verified against. A file is read at start and again when it changes
 * (jwks-file.ts); a URL is fetched on first use and cached.
 */
export async function loadKeySet(source: JwksSource, logger?: Logger): Promise<JWTVerifyGetKey> {
  if (source.kind === 'url') return createRemoteJWKSet(new URL(source.url), REMOTE_OPTIONS);
  try {
    return await loadJwksFile(source.path, logger);
  } catch (err) {
    throw new HarborhookError('WHK_ERR_CONFIG_INVALID',
      `AUTH_JWKS_FILE "${source.path}" is not a readable JSON Web Key Set: `
      + (err as Error).message);
  }
}

import { readFile } from 'node:fs/promises';
import { createLocalJWKSet, createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { HarborhookError } from '@harborhook/shared/errors';
import type { JwksSource } from '../config.ts';

/** Remote key sets are cached; a token with an unknown kid refetches at most this often. */
const REMOTE_OPTIONS = { timeoutDuration: 5_000, cooldownDuration: 30_000, cacheMaxAge: 600_000 };

/**
 * The keys tokens are verified against. A file is read once at start (a rotated file needs a
 * restart); a URL is fetched on first use and cached.
 */
export async function loadKeySet(source: JwksSource): Promise<JWTVerifyGetKey> {
  if (source.kind === 'url') return createRemoteJWKSet(new URL(source.url), REMOTE_OPTIONS);
  try {
    const jwks = JSON.parse(await readFile(source.path, 'utf8')) as Parameters<
      typeof createLocalJWKSet>[0];
    // An empty set would start an api that refuses every token.
    if (!Array.isArray(jwks.keys) || jwks.keys.length === 0) throw new Error('it has no keys');
    return createLocalJWKSet(jwks);
  } catch (err) {
    throw new HarborhookError('WHK_ERR_CONFIG_INVALID',
      `AUTH_JWKS_FILE "${source.path}" is not a readable JSON Web Key Set: `
      + (err as Error).message);
  }
}

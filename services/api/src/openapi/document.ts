import { createPool } from '@harborhook/shared/db/pool';
import { HarborhookError } from '@harborhook/shared/errors';
import { createLogger } from '@harborhook/shared/logger';
import { generateEncryptionKeyEntry } from '@harborhook/shared/secrets/keyring';
import { readApiConfig } from '../config.ts';
import { buildServer } from '../app.ts';

/**
 * The OpenAPI document the server generates from its route schemas. It is built from a server
 * that never connects anywhere: the pool is created but not used, and no token is accepted.
 */
export async function generateOpenApiDocument(): Promise<unknown> {
  const config = readApiConfig({
    DATABASE_URL: 'postgres://127.0.0.1:1/unused',
    AUTH_JWKS_FILE: 'unused.json',
    AUTH_ISSUER: 'unused',
    // A throw-away key: the document needs a valid configuration, never a real secret.
    SECRET_ENCRYPTION_KEYS: generateEncryptionKeyEntry('unused'),
    SECRET_ENCRYPTION_ACTIVE_KEY: 'unused',
  });
  const logger = createLogger('api', { level: 'silent' });
  const pool = createPool(config.database, logger, 'harborhook-openapi');
  const verifier = {
    verify: () => Promise.reject(new HarborhookError('WHK_ERR_AUTH_TOKEN_INVALID', 'unused')),
  };
  const app = await buildServer({ config, pool, verifier, logger });
  try {
    return app.swagger();
  } finally {
    await app.close();
    await pool.end();
  }
}

/** The committed form: two-space JSON with a final newline. */
export function formatOpenApiDocument(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

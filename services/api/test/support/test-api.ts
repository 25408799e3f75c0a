import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createDevSigner, DEV_AUDIENCE, DEV_ISSUER, mintToken, type DevSigner, type TokenRequest,
} from '@harborhook/lab/auth/dev-keys';
import { createTestDatabase } from '@harborhook/lab/testing/shared-postgres';
import { TEST_SECRET_ENCRYPTION_ENV } from '@harborhook/lab/testing/test-secret-encryption';
import { createLogger, type Logger } from '@harborhook/shared/logger';
import { readApiConfig } from '../../src/config.ts';
import { startApi, type ApiHandle } from '../../src/app.ts';

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

export interface RequestOptions {
  token?: string | undefined;
  /** An object is sent as JSON; a string or Buffer is sent as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface TestApi {
  url: string;
  /** The api itself, for tests of its lifecycle; `close` below also closes it. */
  handle: ApiHandle;
  databaseUrl: string;
  /** A separate pool for looking at (and arranging) rows directly. */
  db: pg.Pool;
  signer: DevSigner;
  token(tenant: string, scopes?: readonly string[], extra?: Partial<TokenRequest>):
    Promise<string>;
  request(method: string, path: string, options?: RequestOptions): Promise<ApiResponse>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface TestApiOptions {
  env?: Record<string, string>;
  logger?: Logger;
}

/** A real api on a fresh, migrated database, trusting a dev signing key written to a file. */
export async function startTestApi(options: TestApiOptions = {}): Promise<TestApi> {
  const databaseUrl = await createTestDatabase();
  const signer = await createDevSigner();
  const dir = await mkdtemp(join(tmpdir(), 'harborhook-api-test-'));
  const jwksFile = join(dir, 'jwks.json');
  await writeFile(jwksFile, JSON.stringify(signer.jwks));
  const config = readApiConfig({
    DATABASE_URL: databaseUrl, API_HOST: '127.0.0.1', API_PORT: '0',
    AUTH_JWKS_FILE: jwksFile, AUTH_ISSUER: DEV_ISSUER, AUTH_AUDIENCE: DEV_AUDIENCE,
    // Fixtures register loopback URLs, which the SSRF guard refuses unless allowed.
    OUTBOUND_ALLOWED_NETWORKS: '127.0.0.0/8,::1/128',
    ...TEST_SECRET_ENCRYPTION_ENV,
    // Tests are never throttled or refused as overloaded unless they ask to be.
    PUBLISH_RATE_LIMIT_PER_SECOND: '0', API_OVERLOAD_MAX_EVENT_LOOP_DELAY: '0',
    ...options.env,
  });
  const api = await startApi(config,
    { logger: options.logger ?? createLogger('api', { level: 'silent' }) });
  const db = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  return {
    url: api.url,
    handle: api,
    databaseUrl,
    db,
    signer,
    token: async (tenant, scopes, extra = {}) =>
      await mintToken(signer, { tenant, ...(scopes === undefined ? {} : { scopes }), ...extra }),
    request: async (method, path, requestOptions = {}) =>
      await send(api.url, method, path, requestOptions),
    count: async (table) => {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      return rows[0]?.n ?? 0;
    },
    close: async () => {
      await api.close();
      await db.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function send(base: string, method: string, path: string, options: RequestOptions):
  Promise<ApiResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | Buffer | undefined;
  if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
    body = options.body;
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
  }
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(base + path, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

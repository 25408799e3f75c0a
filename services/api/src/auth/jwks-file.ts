import { open, stat } from 'node:fs/promises';
import { createLocalJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '@harborhook/shared/logger';

/** A request looks at the file (one fstat) when the last look is at least this old. */
export const JWKS_FILE_CHECK_INTERVAL_MS = 1_000;
/** A file that could not be read or is not a usable set is read again at most this often. */
export const JWKS_FILE_RETRY_INTERVAL_MS = 1_000;

interface LoadedSet {
  getKey: ReturnType<typeof createLocalJWKSet>;
  /** Device, inode, size and times of the file as read: a change to any of them is a change. */
  identity: string;
  kids: string[];
}

/** Why a parsed file cannot be trusted as a key set, or undefined when it can. */
function problemOf(jwks: unknown): string | undefined {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  // An empty set would refuse every token.
  if (!Array.isArray(keys) || keys.length === 0) return 'it has no keys';
  for (const key of keys as unknown[]) {
    if (typeof key !== 'object' || key === null || typeof (key as { kty?: unknown }).kty
      !== 'string') return 'a key has no "kty"';
    // A published private key is a leak, not a configuration.
    if ('d' in key) return 'a key contains private key material ("d")';
  }
  return undefined;
}

/** V8's parse errors quote the text; a key file's text stays out of logs and messages. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`it is not valid JSON (${text.length} characters)`);
  }
}

/** Reads identity and text through one handle, so both describe the same file. */
async function readSet(path: string): Promise<LoadedSet> {
  const handle = await open(path, 'r');
  try {
    const s = await handle.stat({ bigint: true });
    const identity = `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
    const jwks = parseJson(await handle.readFile('utf8'));
    const problem = problemOf(jwks);
    if (problem !== undefined) throw new Error(problem);
    const keys = (jwks as JSONWebKeySet).keys;
    return { getKey: createLocalJWKSet(jwks as JSONWebKeySet), identity,
      kids: keys.map((key) => key.kid ?? '(no kid)') };
  } finally {
    await handle.close();
  }
}

async function identityOf(path: string): Promise<string> {
  try {
    const s = await stat(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch {
    return 'unreadable';
  }
}

/**
 * The keys of a JWKS file, picked up again while the api runs so keys rotate without a restart.
 * The file is read at start (an unusable file stops the start). Afterwards it is read again when
 * it changed, noticed two ways: a request looks (one stat) when the last look is a second old,
 * and a token naming a kid the set lacks looks at once before it is refused. An unchanged file
 * is never read again, and an unusable one (mid-write, empty, gone) keeps the last good set and
 * is retried at most once a second.
 */
export async function loadJwksFile(path: string, logger?: Logger): Promise<JWTVerifyGetKey> {
  let current = await readSet(path);
  let lastCheck = Date.now();
  let lastFailure = { at: -Infinity, identity: '', reason: '' };
  let checking: Promise<void> | undefined;

  async function check(): Promise<void> {
    lastCheck = Date.now();
    const identity = await identityOf(path);
    if (identity === current.identity) return;
    if (identity === lastFailure.identity
      && Date.now() - lastFailure.at < JWKS_FILE_RETRY_INTERVAL_MS) return;
    try {
      current = await readSet(path);
      lastFailure = { at: -Infinity, identity: '', reason: '' };
      logger?.info({ kids: current.kids }, 'token signing keys reloaded from AUTH_JWKS_FILE');
    } catch (err) {
      const reason = (err as Error).message;
      // One warning per broken version of the file, not one per second.
      if (identity !== lastFailure.identity || reason !== lastFailure.reason) {
        logger?.warn({ reason, kids: current.kids },
          'AUTH_JWKS_FILE is not a usable key set; keeping the last good keys');
      }
      lastFailure = { at: Date.now(), identity, reason };
    }
  }

  /** Concurrent requests share one look at the file. */
  async function checkOnce(): Promise<void> {
    checking ??= check().finally(() => { checking = undefined; });
    await checking;
  }

  return async (header, token) => {
    if (Date.now() - lastCheck >= JWKS_FILE_CHECK_INTERVAL_MS) await checkOnce();
    try {
      return await current.getKey(header, token);
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ERR_JWKS_NO_MATCHING_KEY') throw err;
      await checkOnce();
      return await current.getKey(header, token);
    }
  };
}

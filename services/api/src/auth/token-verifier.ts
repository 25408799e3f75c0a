import {
  decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey,
} from 'jose';
import { HarborhookError } from '@harborhook/shared/errors';
import type { AuthConfig } from '../config.ts';
import type { Principal } from './scopes.ts';
import { VerifiedTokenCache } from './verified-token-cache.ts';

/** Verified tokens remembered (verified-token-cache.ts); each entry is about 1 KB. */
const CACHED_TOKENS = 5_000;

export interface TokenVerifier {
  /** The principal a bearer token proves; throws a 401 (or 503 if keys cannot be fetched). */
  verify(token: string): Promise<Principal>;
}

const TENANT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Why jose refused a token, in words a client can act on (never the token itself). */
const REASONS: Record<string, string> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the token signature does not verify',
  ERR_JWKS_NO_MATCHING_KEY: 'no trusted key matches the token',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the token does not say which trusted key signed it',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token algorithm is not allowed (use RS256 or ES256)',
  ERR_JOSE_NOT_SUPPORTED: 'the token uses an unsupported algorithm or key',
  ERR_JWS_INVALID: 'the token is malformed',
  ERR_JWT_INVALID: 'the token is malformed',
};

function invalid(reason: string): HarborhookError {
  return new HarborhookError('WHK_ERR_AUTH_TOKEN_INVALID', `the bearer token is not accepted: `
    + reason);
}

function rejection(err: unknown, remoteKeys: boolean): Error {
  const { code, claim } = (err ?? {}) as { code?: unknown; claim?: unknown };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    return invalid(`its "${String(claim)}" claim is missing or not accepted`);
  }
  const reason = typeof code === 'string' ? REASONS[code] : undefined;
  if (reason !== undefined) return invalid(reason);
  if (remoteKeys) {
    return new HarborhookError('WHK_ERR_DEPENDENCY_UNAVAILABLE',
      'the token signing keys could not be fetched; try again later');
  }
  return err instanceof Error ? err : new Error(String(err));
}

function principalFrom(payload: JWTPayload, tenantClaim: string): Principal {
  const tenantId = payload[tenantClaim];
  if (typeof tenantId !== 'string' || !TENANT_ID.test(tenantId)) {
    throw invalid(`its "${tenantClaim}" claim must be 1 to 128 characters of A-Z a-z 0-9 . _ : -`);
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  return { tenantId, scopes: new Set(scope.split(' ').filter((s) => s !== '')) };
}

/**
 * Whether every segment is base64url exactly as an encoder writes it. A decoder ignores the
 * unused low bits of a segment's last character, so a token has several spellings that verify
 * alike; each would be remembered apart, and anything that tells tokens apart by their text
 * (a deny list, a log search) would be fooled.
 */
function isCanonical(token: string): boolean {
  return token.split('.').every((segment) =>
    Buffer.from(segment, 'base64url').toString('base64url') === segment);
}

export function createTokenVerifier(config: AuthConfig, keys: JWTVerifyGetKey): TokenVerifier {
  const options = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: ['RS256', 'ES256'],
    clockTolerance: config.clockToleranceSeconds,
    requiredClaims: ['exp'],
  };
  const remoteKeys = config.jwks.kind === 'url';
  const cache = new VerifiedTokenCache(CACHED_TOKENS);
  const toleranceMs = config.clockToleranceSeconds * 1000;

  /** The key the set gives for this token now, or undefined if it gives none. */
  async function currentKey(token: string): Promise<unknown> {
    try {
      const header = decodeProtectedHeader(token);
      return await keys(header as Parameters<JWTVerifyGetKey>[0],
        { payload: '', signature: '' } as Parameters<JWTVerifyGetKey>[1]);
    } catch {
      return undefined;
    }
  }

  return {
    async verify(token: string): Promise<Principal> {
      if (!isCanonical(token)) throw invalid('the token is malformed');
      const key = await currentKey(token);
      if (key !== undefined) {
        const hit = cache.lookup(token, key, Date.now(), toleranceMs);
        if (hit !== undefined) return hit;
      }
      let result;
      try {
        result = await jwtVerify(token, keys, options);
      } catch (err) {
        throw rejection(err, remoteKeys);
      }
      const principal = principalFrom(result.payload, config.tenantClaim);
      if (key !== undefined && result.key === key && typeof result.payload.exp === 'number') {
        cache.remember(token, { principal, key, expiresAtMs: result.payload.exp * 1000 });
      }
      return principal;
    },
  };
}

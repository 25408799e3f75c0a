import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JWK } from 'jose';
import {
  createDevSigner, DEV_AUDIENCE, DEV_ISSUER, mintToken, type DevSigner,
} from '@harborhook/lab/auth/dev-keys';
import { waitFor } from '@harborhook/lab/env/wait-for';
import { loadKeySet } from '../src/auth/key-set.ts';
import { createTokenVerifier, type TokenVerifier } from '../src/auth/token-verifier.ts';
import { VerifiedTokenCache } from '../src/auth/verified-token-cache.ts';
import type { AuthConfig } from '../src/config.ts';

const principal = { tenantId: 'acme', scopes: new Set(['events:publish']) };

describe('the verified-token cache', () => {
  test('a hit needs the same key object and an unexpired token', () => {
    const cache = new VerifiedTokenCache(10);
    const key = {};
    cache.remember('t', { principal, key, expiresAtMs: 10_000 });
    assert.equal(cache.lookup('t', key, 9_000, 0), principal);
    assert.equal(cache.lookup('t', key, 10_500, 1_000), principal, 'within the tolerance');
    assert.equal(cache.lookup('t', {}, 9_000, 0), undefined, 'another key object misses');
    assert.equal(cache.lookup('t', key, 9_000, 0), undefined, 'and the entry is gone');
    cache.remember('t', { principal, key, expiresAtMs: 10_000 });
    assert.equal(cache.lookup('t', key, 10_001, 0), undefined, 'expired');
  });

  test('holds at most its bound, dropping the oldest entry first', () => {
    const cache = new VerifiedTokenCache(2);
    const key = {};
    for (const token of ['a', 'b', 'c']) {
      cache.remember(token, { principal, key, expiresAtMs: 10_000 });
    }
    assert.equal(cache.size, 2);
    assert.equal(cache.lookup('a', key, 0, 0), undefined);
    assert.equal(cache.lookup('c', key, 0, 0), principal);
  });
});

describe('a verifier with remembered tokens', () => {
  let dir: string;
  let file: string;
  let first: DevSigner;
  let second: DevSigner;
  let verifier: TokenVerifier;

  async function trust(...signers: DevSigner[]): Promise<void> {
    await writeFile(`${file}.tmp`,
      JSON.stringify({ keys: signers.flatMap((s) => s.jwks.keys as JWK[]) }));
    await rename(`${file}.tmp`, file);
  }
  const accepts = async (token: string): Promise<boolean> =>
    await verifier.verify(token).then(() => true, () => false);

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'harborhook-token-cache-'));
    file = join(dir, 'jwks.json');
    first = await createDevSigner('RS256');
    second = await createDevSigner('ES256');
    await trust(first, second);
    const config: AuthConfig = { jwks: { kind: 'file', path: file }, issuer: DEV_ISSUER,
      audience: DEV_AUDIENCE, tenantClaim: 'tenant_id', clockToleranceSeconds: 0 };
    verifier = createTokenVerifier(config, await loadKeySet(config.jwks));
  });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('a token verified before its key was removed is refused after', async () => {
    const token = await mintToken(first, { tenant: 'acme' });
    assert.equal(await accepts(token), true);
    assert.equal(await accepts(token), true);
    await trust(second);
    await waitFor(async () => !await accepts(token),
      { what: 'the remembered token of the removed key to be refused', timeoutMs: 10_000 });
    assert.equal(await accepts(await mintToken(second, { tenant: 'acme' })), true);
  });

  test('a remembered token is refused once it expires', async () => {
    const token = await mintToken(second, { tenant: 'acme', ttlSeconds: 1 });
    assert.equal(await accepts(token), true);
    await waitFor(async () => !await accepts(token),
      { what: 'the expired token to be refused', timeoutMs: 10_000 });
  });

  test('the same token verified twice gives the same tenant and scopes', async () => {
    const token = await mintToken(second, { tenant: 'acme', scopes: ['events:publish'] });
    const once = await verifier.verify(token);
    const twice = await verifier.verify(token);
    assert.equal(twice.tenantId, 'acme');
    assert.deepEqual([...twice.scopes], [...once.scopes]);
  });
});

describe('token spellings', () => {
  test('a signature spelled another way (unused low bits changed) is refused, not remembered',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'harborhook-token-spelling-'));
      try {
        const signer = await createDevSigner('RS256');
        const file = join(dir, 'jwks.json');
        await writeFile(file, JSON.stringify(signer.jwks));
        const config: AuthConfig = { jwks: { kind: 'file', path: file }, issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE, tenantClaim: 'tenant_id', clockToleranceSeconds: 0 };
        const verifier = createTokenVerifier(config, await loadKeySet(config.jwks));
        const token = await mintToken(signer, { tenant: 'acme' });
        assert.equal((await verifier.verify(token)).tenantId, 'acme');
        // 256 signature bytes leave 2 unused bits in the last of 342 characters.
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
        const last = alphabet.indexOf(token.at(-1) ?? 'A');
        const respelled = token.slice(0, -1) + alphabet[last ^ 1];
        assert.deepEqual(Buffer.from(respelled.split('.')[2]!, 'base64url'),
          Buffer.from(token.split('.')[2]!, 'base64url'), 'the same signature bytes');
        await assert.rejects(verifier.verify(respelled),
          (err: { code?: string }) => err.code === 'WHK_ERR_AUTH_TOKEN_INVALID');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createPublicKey } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import {
  createDevSigner, DEV_AUDIENCE, DEV_ISSUER, mintToken, type DevSigner,
} from '@harborhook/lab/auth/dev-keys';
import { freePort } from '@harborhook/lab/env/free-port';
import { startTestApi, type TestApi } from './support/test-api.ts';

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('bearer token verification', () => {
  let api: TestApi;
  before(async () => { api = await startTestApi(); });
  after(async () => { await api.close(); });

  async function expect401(token: string | undefined, code: string, reason?: RegExp):
    Promise<void> {
    const res = await api.request('GET', '/v1/endpoints', { token });
    assert.equal(res.status, 401, res.text);
    assert.equal(res.json.code, code);
    assert.equal(res.json.statusCode, 401);
    assert.equal(res.json.error, 'Unauthorized');
    if (reason !== undefined) assert.match(res.json.message, reason);
    // The answer says why, never repeating the token.
    if (token !== undefined && token.length > 8) assert.ok(!res.text.includes(token));
  }

  /** A token of the api's key with the claims a test chooses. */
  async function signed(claims: Record<string, unknown>, exp: number | string = '1h'):
    Promise<string> {
    return await new SignJWT({ tenant_id: 'acme', scope: 'endpoints:manage', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: api.signer.kid })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime(exp)
      .sign(api.signer.privateKey);
  }

  test('a valid token reads its tenant\'s endpoints', async () => {
    const res = await api.request('GET', '/v1/endpoints', { token: await api.token('acme') });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { data: [], nextCursor: null });
  });

  test('no Authorization header is 401 WHK_ERR_AUTH_TOKEN_MISSING', async () => {
    await expect401(undefined, 'WHK_ERR_AUTH_TOKEN_MISSING');
  });

  test('a non-Bearer Authorization header is 401 WHK_ERR_AUTH_TOKEN_MISSING', async () => {
    const res = await api.request('GET', '/v1/endpoints',
      { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    assert.equal(res.status, 401);
    assert.equal(res.json.code, 'WHK_ERR_AUTH_TOKEN_MISSING');
  });

  test('a token signed by an untrusted key with the same kid is 401 (forged)', async () => {
    const forger = await createDevSigner();
    const token = await mintToken({ ...forger, kid: api.signer.kid }, { tenant: 'acme' });
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a token whose signature bytes were altered is 401', async () => {
    const token = await api.token('acme');
    const [header, payload] = token.split('.');
    const altered = `${header}.${payload}.${Buffer.alloc(256, 7).toString('base64url')}`;
    await expect401(altered, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a token with an unknown kid is 401', async () => {
    const stranger = await createDevSigner();
    await expect401(await mintToken(stranger, { tenant: 'acme' }), 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('an expired token is 401', async () => {
    const token = await new SignJWT({ tenant_id: 'acme', scope: 'endpoints:manage' })
      .setProtectedHeader({ alg: 'RS256', kid: api.signer.kid })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(api.signer.privateKey);
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a token without exp is 401', async () => {
    const token = await new SignJWT({ tenant_id: 'acme', scope: 'endpoints:manage' })
      .setProtectedHeader({ alg: 'RS256', kid: api.signer.kid })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE)
      .sign(api.signer.privateKey);
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a token for another audience is 401', async () => {
    await expect401(await api.token('acme', undefined, { audience: 'someone-else' }),
      'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a token from another issuer is 401', async () => {
    await expect401(await api.token('acme', undefined, { issuer: 'evil-issuer' }),
      'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a token without the tenant claim is 401', async () => {
    const token = await new SignJWT({ scope: 'endpoints:manage' })
      .setProtectedHeader({ alg: 'RS256', kid: api.signer.kid })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h')
      .sign(api.signer.privateKey);
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a tenant claim with forbidden characters or over 128 characters is 401', async () => {
    await expect401(await api.token('acme/evil'), 'WHK_ERR_AUTH_TOKEN_INVALID');
    await expect401(await api.token('a'.repeat(129)), 'WHK_ERR_AUTH_TOKEN_INVALID');
    await expect401(await api.token(''), 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('an unsigned token (alg none) is 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
      tenant_id: 'acme', scope: 'endpoints:manage', iss: DEV_ISSUER, aud: DEV_AUDIENCE,
      exp: now + 3600 })}.`;
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('an HS256 token signed with the public key as secret is 401', async () => {
    const jwk = api.signer.jwks.keys[0];
    const secret = new TextEncoder().encode(JSON.stringify(jwk));
    const token = await new SignJWT({ tenant_id: 'acme', scope: 'endpoints:manage' })
      .setProtectedHeader({ alg: 'HS256', kid: api.signer.kid })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h')
      .sign(secret);
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('garbage in the bearer token is 401', async () => {
    await expect401('not-a-jwt', 'WHK_ERR_AUTH_TOKEN_INVALID');
  });

  test('a malformed JWT (bad header, two parts, payload not JSON) is 401', async () => {
    const token = await api.token('acme');
    const [header, payload, signature] = token.split('.');
    for (const malformed of [`e30x.${payload}.${signature}`, `${header}.${payload}`,
      `${header}.${Buffer.from('not json').toString('base64url')}.${signature}`,
      `${header}..${signature}`]) {
      await expect401(malformed, 'WHK_ERR_AUTH_TOKEN_INVALID');
    }
  });

  test('a token that is not valid yet (nbf beyond the clock tolerance) is 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await signed({ nbf: now + 600 }), 'WHK_ERR_AUTH_TOKEN_INVALID', /"nbf"/);
  });

  test('a token whose nbf is within the clock tolerance (5 s) is accepted', async () => {
    const token = await signed({ nbf: Math.floor(Date.now() / 1000) + 2 });
    assert.equal((await api.request('GET', '/v1/endpoints', { token })).status, 200);
  });

  test('the refusals say why: expired, issuer, audience, tenant claim, unknown key', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expect401(await signed({}, now - 3600), 'WHK_ERR_AUTH_TOKEN_INVALID', /expired/);
    await expect401(await api.token('acme', undefined, { issuer: 'evil' }),
      'WHK_ERR_AUTH_TOKEN_INVALID', /"iss"/);
    await expect401(await api.token('acme', undefined, { audience: 'other' }),
      'WHK_ERR_AUTH_TOKEN_INVALID', /"aud"/);
    await expect401(await signed({ tenant_id: undefined }), 'WHK_ERR_AUTH_TOKEN_INVALID',
      /"tenant_id"/);
    await expect401(await mintToken(await createDevSigner(), { tenant: 'acme' }),
      'WHK_ERR_AUTH_TOKEN_INVALID', /no trusted key/);
  });

  test('an HS256 token signed with the public key\'s PEM as secret is 401', async () => {
    const pem = createPublicKey({ key: api.signer.jwks.keys[0] as JWK & { kty: string },
      format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const token = await new SignJWT({ tenant_id: 'acme', scope: 'endpoints:manage' })
      .setProtectedHeader({ alg: 'HS256', kid: api.signer.kid })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h')
      .sign(new TextEncoder().encode(String(pem)));
    await expect401(token, 'WHK_ERR_AUTH_TOKEN_INVALID', /algorithm/);
  });

  test('a token without the route\'s scope is 403 WHK_ERR_AUTH_SCOPE_MISSING', async () => {
    const token = await api.token('acme', ['events:publish', 'deliveries:read']);
    const res = await api.request('GET', '/v1/endpoints', { token });
    assert.equal(res.status, 403);
    assert.equal(res.json.code, 'WHK_ERR_AUTH_SCOPE_MISSING');
    assert.match(res.json.message, /endpoints:manage/);
  });

  test('each scope opens only its own routes', async () => {
    const publishOnly = await api.token('acme', ['events:publish']);
    const published = await api.request('POST', '/v1/events', { token: publishOnly, body: '{}',
      headers: { 'harborhook-event-type': 'a.b' } });
    assert.equal(published.status, 202);
    const read = await api.request('GET', '/v1/events', { token: publishOnly });
    assert.equal(read.status, 403);
    const readOnly = await api.token('acme', ['deliveries:read']);
    assert.equal((await api.request('GET', '/v1/events', { token: readOnly })).status, 200);
    const replay = await api.request('POST', '/v1/dead-letters/replay',
      { token: readOnly, body: { endpointId: '0190a000-0000-7000-8000-000000000000' } });
    assert.equal(replay.status, 403);
  });

  test('authentication happens before the body is looked at', async () => {
    const res = await api.request('POST', '/v1/events',
      { body: '{not json', headers: { 'harborhook-event-type': 'a.b' } });
    assert.equal(res.status, 401);
    assert.equal(await api.count('events'), 1);
  });
});

describe('bearer tokens verified against a JWKS URL', () => {
  let api: TestApi;
  let jwksServer: Server;
  let signer: DevSigner;
  let esKey: CryptoKey;

  before(async () => {
    signer = await createDevSigner();
    const es = await generateKeyPair('ES256', { extractable: true });
    esKey = es.privateKey;
    const esJwk = { ...await exportJWK(es.publicKey), kid: 'es-1', alg: 'ES256' };
    jwksServer = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [...signer.jwks.keys, esJwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const port = (jwksServer.address() as AddressInfo).port;
    api = await startTestApi({ env: {
      AUTH_JWKS_FILE: '', AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
    } });
  });
  after(async () => {
    await api.close();
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  test('an RS256 token signed by a key the URL serves is accepted', async () => {
    const res = await api.request('GET', '/v1/endpoints',
      { token: await mintToken(signer, { tenant: 'acme' }) });
    assert.equal(res.status, 200);
  });

  test('an ES256 token signed by a key the URL serves is accepted', async () => {
    const token = await new SignJWT({ tenant_id: 'acme', scope: 'endpoints:manage' })
      .setProtectedHeader({ alg: 'ES256', kid: 'es-1' })
      .setIssuer(DEV_ISSUER).setAudience(DEV_AUDIENCE).setExpirationTime('1h')
      .sign(esKey);
    assert.equal((await api.request('GET', '/v1/endpoints', { token })).status, 200);
  });

  test('a token signed by a key the URL does not serve is 401', async () => {
    const stranger = await createDevSigner();
    const res = await api.request('GET', '/v1/endpoints',
      { token: await mintToken(stranger, { tenant: 'acme' }) });
    assert.equal(res.status, 401);
    assert.equal(res.json.code, 'WHK_ERR_AUTH_TOKEN_INVALID');
  });
});

describe('bearer tokens when the JWKS URL does not answer', () => {
  let api: TestApi;
  before(async () => {
    api = await startTestApi({ env: {
      AUTH_JWKS_FILE: '', AUTH_JWKS_URL: `http://127.0.0.1:${await freePort()}/jwks.json`,
    } });
  });
  after(async () => { await api.close(); });

  test('a request is 503 WHK_ERR_DEPENDENCY_UNAVAILABLE, not 401', async () => {
    const res = await api.request('GET', '/v1/endpoints', { token: await api.token('acme') });
    assert.equal(res.status, 503);
    assert.equal(res.json.code, 'WHK_ERR_DEPENDENCY_UNAVAILABLE');
  });
});

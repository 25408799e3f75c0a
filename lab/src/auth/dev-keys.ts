import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, SignJWT, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A development signing key: an RS256 key pair generated on this machine, whose public half the
 * api trusts through a JWKS file. Nothing here is ever committed; production tokens come from
 * the operator's own identity provider.
 */
export const DEV_ISSUER = 'harborhook-dev';
export const DEV_AUDIENCE = 'harborhook-api';
export const ALL_SCOPES = ['events:publish', 'endpoints:manage', 'endpoints:secrets',
  'deliveries:read', 'deliveries:replay'] as const;
export type Scope = (typeof ALL_SCOPES)[number];

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

export interface DevSigner {
  kid: string;
  jwks: { keys: JWK[] };
  privateKey: PrivateKey;
}

export async function createDevSigner(): Promise<DevSigner> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `dev-${randomBytes(4).toString('hex')}`;
  const jwk = { ...await exportJWK(publicKey), kid, alg: 'RS256', use: 'sig' };
  return { kid, jwks: { keys: [jwk] }, privateKey };
}

export interface TokenRequest {
  tenant: string;
  scopes?: readonly string[];
  /** Lifetime in seconds. */
  ttlSeconds?: number;
  issuer?: string;
  audience?: string;
}

export async function mintToken(signer: DevSigner, request: TokenRequest): Promise<string> {
  return await new SignJWT({
    tenant_id: request.tenant,
    scope: (request.scopes ?? ALL_SCOPES).join(' '),
  })
    .setProtectedHeader({ alg: 'RS256', kid: signer.kid })
    .setIssuer(request.issuer ?? DEV_ISSUER)
    .setAudience(request.audience ?? DEV_AUDIENCE)
    .setSubject(`dev:${request.tenant}`)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 3600}s`)
    .sign(signer.privateKey);
}

/** Files under `dir`: jwks.json (public, read by the api) and signing-key.pem (private, 0600). */
export async function saveDevSigner(signer: DevSigner, dir: string): Promise<{ jwksFile: string }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const jwksFile = join(dir, 'jwks.json');
  await writeFile(jwksFile, JSON.stringify(signer.jwks, null, 2));
  await writeFile(join(dir, 'signing-key.pem'), await exportPKCS8(signer.privateKey),
    { mode: 0o600 });
  await writeFile(join(dir, 'kid'), signer.kid);
  return { jwksFile };
}

export async function loadDevSigner(dir: string): Promise<DevSigner> {
  const pem = await readFile(join(dir, 'signing-key.pem'), 'utf8');
  const jwks = JSON.parse(await readFile(join(dir, 'jwks.json'), 'utf8')) as { keys: JWK[] };
  const kid = (await readFile(join(dir, 'kid'), 'utf8')).trim();
  return { kid, jwks, privateKey: await importPKCS8(pem, 'RS256', { extractable: true }) };
}

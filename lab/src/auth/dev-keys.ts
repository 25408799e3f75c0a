import { SignJWT, type JWK } from 'jose';
import { createKeyRing, jwksFileOf, loadSigningKey, readPublishedJwks } from './key-ring.ts';
import {
  generateSigningKey, type PrivateKey, type SigningAlgorithm,
} from './signing-key.ts';

/**
 * A development signing key: an RS256 or ES256 key pair generated on this machine, whose public
 * half the api trusts through a JWKS file. Nothing here is ever committed; production tokens come
 * from the operator's own identity provider. Rotation of these keys: key-ring.ts.
 */
export const DEV_ISSUER = 'harborhook-dev';
export const DEV_AUDIENCE = 'harborhook-api';
export const ALL_SCOPES = ['events:publish', 'endpoints:manage', 'endpoints:secrets',
  'deliveries:read', 'deliveries:replay'] as const;
export type Scope = (typeof ALL_SCOPES)[number];

export interface DevSigner {
  kid: string;
  alg: SigningAlgorithm;
  /** The public set that trusts this key (for a saved key ring, every published key). */
  jwks: { keys: JWK[] };
  privateKey: PrivateKey;
}

export async function createDevSigner(alg: SigningAlgorithm = 'RS256'): Promise<DevSigner> {
  const key = await generateSigningKey(alg);
  return { kid: key.kid, alg, jwks: { keys: [key.publicJwk] }, privateKey: key.privateKey };
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
    .setProtectedHeader({ alg: signer.alg, kid: signer.kid })
    .setIssuer(request.issuer ?? DEV_ISSUER)
    .setAudience(request.audience ?? DEV_AUDIENCE)
    .setSubject(`dev:${request.tenant}`)
    .setIssuedAt()
    .setExpirationTime(`${request.ttlSeconds ?? 3600}s`)
    .sign(signer.privateKey);
}

/** A new key ring in `dir` whose one (current) key is the signer's. */
export async function saveDevSigner(signer: DevSigner, dir: string): Promise<{ jwksFile: string }> {
  const publicJwk = signer.jwks.keys.find((key) => key.kid === signer.kid);
  if (publicJwk === undefined) throw new Error(`the signer's JWKS lacks its kid ${signer.kid}`);
  await createKeyRing(dir, { kid: signer.kid, alg: signer.alg, privateKey: signer.privateKey,
    publicJwk });
  return { jwksFile: jwksFileOf(dir) };
}

/** The signer for the current key of `dir` (or the named key), with the published set. */
export async function loadDevSigner(dir: string, kid?: string): Promise<DevSigner> {
  const key = await loadSigningKey(dir, kid);
  return { kid: key.kid, alg: key.alg, jwks: await readPublishedJwks(dir),
    privateKey: key.privateKey };
}

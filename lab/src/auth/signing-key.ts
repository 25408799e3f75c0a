import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from 'jose';
import { randomBytes } from 'node:crypto';

/** The algorithms the api accepts, so the only ones the lab signs with. */
export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/** One token signing key pair: the private half signs, the public JWK goes in the JWKS. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: PrivateKey;
  /** The public key as published: kty and key fields plus kid, alg and use. */
  publicJwk: JWK;
}

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}

/** A kid that says what the key is and is unique enough for a handful of keys at once. */
function newKid(alg: SigningAlgorithm): string {
  return `dev-${alg.toLowerCase()}-${randomBytes(4).toString('hex')}`;
}

export async function generateSigningKey(alg: SigningAlgorithm = 'RS256'): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const kid = newKid(alg);
  return { kid, alg, privateKey,
    publicJwk: { ...await exportJWK(publicKey), kid, alg, use: 'sig' } };
}

export async function privateKeyPem(key: SigningKey): Promise<string> {
  return await exportPKCS8(key.privateKey);
}

export async function signingKeyFromPem(pem: string, publicJwk: JWK): Promise<SigningKey> {
  const { kid, alg } = publicJwk;
  if (kid === undefined || alg === undefined || !isSigningAlgorithm(alg)) {
    throw new Error('the public key has no kid or an algorithm other than RS256 and ES256');
  }
  return { kid, alg, publicJwk, privateKey: await importPKCS8(pem, alg, { extractable: true }) };
}

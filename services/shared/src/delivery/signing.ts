import { createHmac, createPrivateKey, randomBytes, sign } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` followed by base64 of the raw key bytes. */
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export const SIGNATURE_SCHEMES = ['hmac-sha256', 'ed25519'] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

/**
 * One key an endpoint signs with. For `hmac-sha256` the secret is `whsec_…`; for `ed25519` it
 * is the private key as base64 PKCS#8 DER (ed25519-keys.ts).
 */
export interface SigningKey {
  scheme: SignatureScheme;
  secret: string;
}

export function generateEndpointSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export function secretKeyBytes(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

export interface SignedContent {
  webhookId: string;
  /** Unix seconds; fresh on every attempt. */
  timestamp: number;
  body: Buffer;
}

export interface SignatureInput extends SignedContent {
  secret: string;
}

function signedBytes(content: SignedContent): Buffer {
  return Buffer.concat([Buffer.from(`${content.webhookId}.${content.timestamp}.`), content.body]);
}

/** The `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` entry of `webhook-signature`. */
export function signV1(input: SignatureInput): string {
  const mac = createHmac('sha256', secretKeyBytes(input.secret));
  mac.update(signedBytes(input));
  return `v1,${mac.digest('base64')}`;
}

/** The `v1a,<base64 Ed25519 signature of "id.timestamp.body">` entry. */
export function signV1a(input: SignatureInput): string {
  const key = createPrivateKey({ key: Buffer.from(input.secret, 'base64'), format: 'der',
    type: 'pkcs8' });
  return `v1a,${sign(null, signedBytes(input), key).toString('base64')}`;
}

/**
 * Every key's entry, space-separated: during a rotation's overlap a receiver holding either
 * the old or the new key finds one entry it can verify.
 */
export function signatureHeader(keys: readonly SigningKey[], content: SignedContent): string {
  return keys.map((key) => key.scheme === 'ed25519'
    ? signV1a({ ...content, secret: key.secret })
    : signV1({ ...content, secret: key.secret })).join(' ');
}

/** The three Standard Webhooks headers for one attempt. */
export function webhookHeaders(input: SignedContent & { keys: readonly SigningKey[] }):
  Record<string, string> {
  if (input.keys.length === 0) throw new Error('no signing key: a webhook is never sent unsigned');
  return {
    'webhook-id': input.webhookId,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signatureHeader(input.keys, input),
  };
}

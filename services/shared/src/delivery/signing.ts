import { createHmac, randomBytes } from 'node:crypto';

/** Standard Webhooks secrets: `whsec_` followed by base64 of the raw key bytes. */
const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function generateEndpointSecret(): string {
  return SECRET_PREFIX + randomBytes(SECRET_BYTES).toString('base64');
}

export function secretKeyBytes(secret: string): Buffer {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  return Buffer.from(encoded, 'base64');
}

export interface SignatureInput {
  secret: string;
  webhookId: string;
  /** Unix seconds; fresh on every attempt. */
  timestamp: number;
  body: Buffer;
}

/** The `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` entry of `webhook-signature`. */
export function signV1(input: SignatureInput): string {
  const mac = createHmac('sha256', secretKeyBytes(input.secret));
  mac.update(`${input.webhookId}.${input.timestamp}.`);
  mac.update(input.body);
  return `v1,${mac.digest('base64')}`;
}

/** The three Standard Webhooks headers for one attempt. */
export function webhookHeaders(input: SignatureInput): Record<string, string> {
  return {
    'webhook-id': input.webhookId,
    'webhook-timestamp': String(input.timestamp),
    'webhook-signature': signV1(input),
  };
}

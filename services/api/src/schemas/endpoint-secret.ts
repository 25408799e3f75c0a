import { nullableTimestamp, timestamp } from './common.ts';

/** One key that signs deliveries; Ed25519 keys show only their public half. */
const signingKey = {
  type: 'object',
  additionalProperties: false,
  required: ['scheme', 'createdAt', 'expiresAt'],
  properties: {
    scheme: { type: 'string', enum: ['hmac-sha256', 'ed25519'] },
    secret: { type: 'string', description: 'hmac-sha256: the secret (`whsec_…`)' },
    publicKey: { type: 'string', description: 'ed25519: base64 of the raw 32-byte public key' },
    createdAt: timestamp,
    expiresAt: { ...nullableTimestamp,
      description: 'null while current; when a rotation set it, the key stops signing then' },
  },
} as const;

export const endpointKeysResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  description: 'The keys that sign deliveries now, newest first (two during a rotation overlap)',
  properties: { data: { type: 'array', items: signingKey } },
} as const;

export const rotateSecretBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    overlapSeconds: { type: 'integer', minimum: 0, maximum: 30 * 86_400,
      description: 'How long the replaced keys keep signing (default SECRET_ROTATION_OVERLAP)' },
  },
} as const;

export const rotationResponse = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'previousExpiresAt'],
  properties: {
    key: { ...signingKey, description: 'The new key, signing from now' },
    previousExpiresAt: { ...timestamp, description: 'When the replaced keys stop signing' },
  },
} as const;

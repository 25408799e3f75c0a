import { EVENT_FILTER_PATTERN } from '@harborhook/shared/delivery/event-types';
import { SIGNATURE_SCHEMES } from '@harborhook/shared/delivery/signing';
import { timestamp, uuidString } from './common.ts';

/** HTTP token syntax (RFC 9110) for custom header names. */
export const HEADER_NAME_PATTERN = "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$";
/** Header values: tab, visible ASCII, space and obs-text; never CR, LF or NUL. */
export const HEADER_VALUE_PATTERN = '^[\\t\\x20-\\x7E\\x80-\\xFF]*$';

const url = { type: 'string', minLength: 1, maxLength: 2048,
  description: 'Where deliveries are POSTed: an http or https URL with a host, already in its '
    + 'canonical form (as WHATWG URL writes it), without credentials, fragment or port 0',
} as const;
const description = { type: 'string', maxLength: 1000 } as const;
const eventTypes = {
  type: 'array', minItems: 1, maxItems: 50, uniqueItems: true,
  description: 'Filters: exact types (`order.created`), prefixes (`order.*`) or `*`',
  items: { type: 'string', maxLength: 130, pattern: EVENT_FILTER_PATTERN },
} as const;
const headers = {
  type: 'object', maxProperties: 20,
  description: 'Extra headers sent with every delivery; Harborhook\'s own, connection, '
    + 'content-* and proxy-* headers are refused (docs/api.md lists them)',
  propertyNames: { maxLength: 256, pattern: HEADER_NAME_PATTERN },
  additionalProperties: { type: 'string', maxLength: 4096, pattern: HEADER_VALUE_PATTERN },
} as const;
const enabled = { type: 'boolean' } as const;
export const signatureScheme = {
  type: 'string', enum: SIGNATURE_SCHEMES,
  description: '`hmac-sha256` (Standard Webhooks `v1`, the default) or `ed25519` (`v1a`)',
} as const;

export const createEndpointBody = {
  type: 'object',
  additionalProperties: false,
  required: ['url', 'eventTypes'],
  properties: { url, description, eventTypes, headers, enabled, signatureScheme },
} as const;

export const updateEndpointBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { url, description, eventTypes, headers, enabled, signatureScheme },
} as const;

const endpointProperties = {
  id: uuidString,
  url: { type: 'string' },
  description: { type: 'string' },
  eventTypes: { type: 'array', items: { type: 'string' } },
  headers: { type: 'object', additionalProperties: { type: 'string' } },
  enabled: { type: 'boolean' },
  signatureScheme,
  createdAt: timestamp,
  updatedAt: timestamp,
} as const;

const endpointRequired = ['id', 'url', 'description', 'eventTypes', 'headers', 'enabled',
  'signatureScheme', 'createdAt', 'updatedAt'];

export const endpointSchema = {
  $id: 'Endpoint',
  description: 'An endpoint (its secret is shown only with the endpoints:secrets scope)',
  type: 'object',
  additionalProperties: false,
  required: endpointRequired,
  properties: endpointProperties,
} as const;

/** The create answer (and a PATCH that changed the scheme) carries the new key; reads never do. */
export const createdEndpointSchema = {
  $id: 'CreatedEndpoint',
  description: 'The endpoint; after a create or a change of `signatureScheme` also the new '
    + 'key: its signing secret (hmac-sha256) or public key (ed25519)',
  type: 'object',
  additionalProperties: false,
  required: endpointRequired,
  properties: {
    ...endpointProperties,
    secret: { type: 'string', description: 'hmac-sha256: the signing secret (`whsec_…`)' },
    publicKey: { type: 'string',
      description: 'ed25519: base64 of the 32-byte public key that verifies `v1a` signatures' },
  },
} as const;

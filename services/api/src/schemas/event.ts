import { EVENT_TYPE_MAX_LENGTH, EVENT_TYPE_PATTERN } from '@harborhook/shared/delivery/event-types';
import { timestamp, uuidString } from './common.ts';

export const eventTypeString = {
  type: 'string', minLength: 1, maxLength: EVENT_TYPE_MAX_LENGTH, pattern: EVENT_TYPE_PATTERN,
  description: 'Dot-separated event type, like `order.created`',
} as const;

/** 1 to 255 printable ASCII characters. */
export const idempotencyKeyString = {
  type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7E]+$',
  description: 'Repeating a request with the same key within the key\'s lifetime publishes once',
} as const;

export const publishHeaders = {
  type: 'object',
  required: ['harborhook-event-type'],
  properties: {
    'harborhook-event-type': eventTypeString,
    'idempotency-key': idempotencyKeyString,
  },
} as const;

export const publishBody = {
  description: 'Any JSON text. It is stored and delivered byte for byte as sent.',
} as const;

export const publishResultSchema = {
  $id: 'PublishResult',
  description: 'The stored event',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'createdAt', 'deliveryCount', 'duplicate'],
  properties: {
    id: uuidString,
    type: { type: 'string' },
    createdAt: timestamp,
    deliveryCount: { type: 'integer', description: 'Deliveries created by the first publish' },
    duplicate: { type: 'boolean', description: 'True when an idempotency key replayed' },
  },
} as const;

const eventProperties = {
  id: uuidString,
  type: { type: 'string' },
  createdAt: timestamp,
  payloadBytes: { type: 'integer' },
  payloadSha256: { type: 'string', description: 'Hex SHA-256 of the stored payload bytes' },
  idempotencyKey: { type: ['string', 'null'] },
} as const;

const eventRequired = Object.keys(eventProperties);

export const eventSummarySchema = {
  $id: 'EventSummary',
  description: 'An event\'s metadata',
  type: 'object',
  additionalProperties: false,
  required: eventRequired,
  properties: eventProperties,
} as const;

export const eventDetailSchema = {
  $id: 'EventDetail',
  description: 'An event\'s metadata and its deliveries',
  type: 'object',
  additionalProperties: false,
  required: [...eventRequired, 'deliveries'],
  properties: { ...eventProperties, deliveries: { type: 'array', items: { $ref: 'Delivery#' } } },
} as const;

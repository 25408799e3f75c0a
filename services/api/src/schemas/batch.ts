import { eventTypeString, idempotencyKeyString } from './event.ts';
import { uuidString } from './common.ts';

export const BATCH_MAX_ITEMS = 100;

/** One event of a batch. An item that does not match is rejected alone; the others go on. */
export const batchItemSchema = {
  $id: 'BatchEventItem',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'payload'],
  properties: {
    type: eventTypeString,
    payload: { description: 'Any JSON value; stored byte for byte as written in the request' },
    idempotencyKey: idempotencyKeyString,
  },
} as const;

/** The envelope: a malformed envelope is a 400 and nothing is stored. */
export const batchBody = {
  type: 'object',
  additionalProperties: false,
  required: ['events'],
  properties: {
    events: {
      type: 'array',
      minItems: 1,
      maxItems: BATCH_MAX_ITEMS,
      description: 'BatchEventItem objects; each is validated and published on its own',
      items: {},
    },
  },
} as const;

export const batchResultSchema = {
  $id: 'BatchResult',
  description: 'One result per item, in request order',
  type: 'object',
  additionalProperties: false,
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['index', 'status'],
        properties: {
          index: { type: 'integer' },
          status: { type: 'string', enum: ['accepted', 'duplicate', 'rejected'] },
          id: uuidString,
          deliveryCount: { type: 'integer' },
          error: {
            type: 'object',
            additionalProperties: false,
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
} as const;

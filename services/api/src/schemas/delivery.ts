import { nullableTimestamp, timestamp, uuidString } from './common.ts';

export const DELIVERY_STATUSES = ['scheduled', 'queued', 'attempting', 'delivered',
  'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

const nullableUuid = { type: ['string', 'null'], format: 'uuid' } as const;
const nullableInt = { type: ['integer', 'null'] } as const;
const nullableString = { type: ['string', 'null'] } as const;

const deliveryProperties = {
  id: uuidString,
  eventId: uuidString,
  endpointId: uuidString,
  status: { type: 'string', enum: DELIVERY_STATUSES },
  attemptCount: { type: 'integer' },
  nextAttemptAt: {
    ...nullableTimestamp,
    description: 'When the next attempt is due; null unless the delivery is scheduled',
  },
  lastStatusCode: nullableInt,
  lastErrorClass: nullableString,
  replayOf: nullableUuid,
  replayedBy: nullableUuid,
  createdAt: timestamp,
  finishedAt: nullableTimestamp,
} as const;

const deliveryRequired = Object.keys(deliveryProperties);

export const deliverySchema = {
  $id: 'Delivery',
  description: 'One event for one endpoint',
  type: 'object',
  additionalProperties: false,
  required: deliveryRequired,
  properties: deliveryProperties,
} as const;

export const attemptSchema = {
  $id: 'Attempt',
  description: 'One HTTP attempt of a delivery',
  type: 'object',
  additionalProperties: false,
  required: ['attemptNumber', 'startedAt', 'durationMs', 'statusCode', 'errorClass',
    'responseBodyPrefix', 'outcome'],
  properties: {
    attemptNumber: { type: 'integer' },
    startedAt: timestamp,
    durationMs: { type: 'integer' },
    statusCode: nullableInt,
    errorClass: nullableString,
    responseBodyPrefix: nullableString,
    outcome: { type: 'string', enum: ['delivered', 'retry', 'dead'] },
  },
} as const;

export const deliveryDetailSchema = {
  $id: 'DeliveryDetail',
  description: 'A delivery with all its attempts',
  type: 'object',
  additionalProperties: false,
  required: [...deliveryRequired, 'attempts'],
  properties: {
    ...deliveryProperties,
    attempts: { type: 'array', items: { $ref: 'Attempt#' } },
  },
} as const;

export const attemptListSchema = {
  description: 'The attempts of a delivery, in order',
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: { data: { type: 'array', items: { $ref: 'Attempt#' } } },
} as const;

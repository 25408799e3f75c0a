import { timestampInput, uuidString } from './common.ts';

export const bulkReplayBody = {
  type: 'object',
  additionalProperties: false,
  required: ['endpointId'],
  properties: {
    endpointId: { type: 'string', description: 'The endpoint whose dead deliveries to replay' },
    since: timestampInput('Only deliveries that died at or after this time'),
    until: timestampInput('Only deliveries that died before this time'),
    limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
  },
} as const;

export const singleReplayResultSchema = {
  $id: 'SingleReplayResult',
  description: 'The replay and its new, scheduled delivery',
  type: 'object',
  additionalProperties: false,
  required: ['replayId', 'delivery'],
  properties: { replayId: uuidString, delivery: { $ref: 'Delivery#' } },
} as const;

export const bulkReplayResultSchema = {
  $id: 'BulkReplayResult',
  description: 'The replay and how many deliveries it created',
  type: 'object',
  additionalProperties: false,
  required: ['replayId', 'replayed'],
  properties: { replayId: uuidString, replayed: { type: 'integer' } },
} as const;

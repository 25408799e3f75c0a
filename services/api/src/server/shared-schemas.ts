import type { FastifyInstance } from 'fastify';
import { errorBodySchema } from '../schemas/common.ts';
import { createdEndpointSchema, endpointSchema } from '../schemas/endpoint.ts';
import {
  attemptSchema, deliveryDetailSchema, deliverySchema,
} from '../schemas/delivery.ts';
import { eventDetailSchema, eventSummarySchema, publishResultSchema } from '../schemas/event.ts';
import { batchItemSchema, batchResultSchema } from '../schemas/batch.ts';
import { bulkReplayResultSchema, singleReplayResultSchema } from '../schemas/replay.ts';

/** Named schemas: referenced by responses (`Endpoint#`) and listed in the OpenAPI components. */
const SHARED = [errorBodySchema, endpointSchema, createdEndpointSchema, deliverySchema,
  attemptSchema, deliveryDetailSchema, eventSummarySchema, eventDetailSchema,
  publishResultSchema, batchItemSchema, batchResultSchema, singleReplayResultSchema,
  bulkReplayResultSchema];

export function addSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED) app.addSchema(schema);
}

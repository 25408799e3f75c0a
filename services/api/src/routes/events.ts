import type { FastifyInstance } from 'fastify';
import { tenantDb } from '../auth/tenant-db.ts';
import type { Pool } from '@harborhook/shared/db/pool';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import {
  errorResponses, idParams, noQuery, pageOf, paginationProperties, timestampInput,
} from '../schemas/common.ts';
import { eventTypeString } from '../schemas/event.ts';
import { found, resourceId } from '../server/resource-id.ts';
import { findEvent, findPayload, listEvents, type EventFilter } from '../store/events.ts';
import { deliveriesOfEvent, pageOfEventDeliveries } from '../store/deliveries.ts';

const tags = ['events'];
const config = { scope: SCOPES.readDeliveries };
const security = [{ bearerAuth: [] }];

const listQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    type: eventTypeString,
    since: timestampInput('Only events created at or after this time'),
    until: timestampInput('Only events created before this time'),
    ...paginationProperties,
  },
} as const;

const pageQuery = { type: 'object', additionalProperties: false,
  properties: paginationProperties } as const;

export function eventRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Querystring: EventFilter }>('/v1/events', {
    config,
    schema: {
      tags, security, summary: 'List events, newest first', querystring: listQuery,
      response: { 200: pageOf('EventSummary'), ...errorResponses(400) },
    },
  }, async (request) => await listEvents(tenantDb(pool, request),
    tenantOf(request), request.query));

  app.get<{ Params: { id: string } }>('/v1/events/:id', {
    config,
    schema: {
      tags, security, summary: 'Read an event\'s metadata and its deliveries',
      params: idParams, querystring: noQuery,
      response: { 200: { $ref: 'EventDetail#' }, ...errorResponses(400, 404) },
    },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const event = found(await findEvent(tenantDb(pool, request), tenantId,
      resourceId(request.params.id, 'event')), 'event');
    return { ...event, deliveries: await deliveriesOfEvent(tenantDb(pool, request),
      tenantId, event.id) };
  });

  app.get<{ Params: { id: string } }>('/v1/events/:id/payload', {
    config,
    schema: {
      tags, security, summary: 'The payload exactly as it was published',
      params: idParams, querystring: noQuery,
      response: {
        200: { description: 'The stored bytes, unchanged',
          content: { 'application/json': { schema: {} } } },
        ...errorResponses(400, 404),
      },
    },
  }, async (request, reply) => {
    const payload = found(await findPayload(tenantDb(pool, request), tenantOf(request),
      resourceId(request.params.id, 'event')), 'event');
    return await reply.type('application/json').send(payload);
  });

  app.get<{ Params: { id: string }; Querystring: { limit: number; cursor?: string } }>(
    '/v1/events/:id/deliveries', {
      config,
      schema: {
        tags, security, summary: 'The deliveries of an event, oldest first',
        params: idParams, querystring: pageQuery,
        response: { 200: pageOf('Delivery'), ...errorResponses(400, 404) },
      },
    }, async (request) => {
      const tenantId = tenantOf(request);
      const event = found(await findEvent(tenantDb(pool, request), tenantId,
        resourceId(request.params.id, 'event')), 'event');
      return await pageOfEventDeliveries(tenantDb(pool, request),
        tenantId, event.id, request.query.limit,
        request.query.cursor);
    });
}

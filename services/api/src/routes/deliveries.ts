import type { FastifyInstance } from 'fastify';
import { tenantDb } from '../auth/tenant-db.ts';
import type { Pool } from '@harborhook/shared/db/pool';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import {
  errorResponses, idParams, noQuery, pageOf, paginationProperties,
} from '../schemas/common.ts';
import { attemptListSchema, DELIVERY_STATUSES } from '../schemas/delivery.ts';
import { found, resourceId } from '../server/resource-id.ts';
import { findEndpoint } from '../store/endpoints.ts';
import {
  findDelivery, pageOfEndpointDeliveries, type EndpointDeliveryFilter,
} from '../store/deliveries.ts';
import { attemptsOf } from '../store/attempts.ts';

const tags = ['deliveries'];
const config = { scope: SCOPES.readDeliveries };
const security = [{ bearerAuth: [] }];

const endpointDeliveriesQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { status: { type: 'string', enum: DELIVERY_STATUSES }, ...paginationProperties },
} as const;

export function deliveryRoutes(app: FastifyInstance, pool: Pool): void {
  app.get<{ Params: { id: string } }>('/v1/deliveries/:id', {
    config,
    schema: {
      tags, security, summary: 'Read a delivery with all its attempts',
      params: idParams, querystring: noQuery,
      response: { 200: { $ref: 'DeliveryDetail#' }, ...errorResponses(400, 404) },
    },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const delivery = found(await findDelivery(tenantDb(pool, request), tenantId,
      resourceId(request.params.id, 'delivery')), 'delivery');
    return { ...delivery, attempts: await attemptsOf(tenantDb(pool, request),
      tenantId, delivery.id) };
  });

  app.get<{ Params: { id: string } }>('/v1/deliveries/:id/attempts', {
    config,
    schema: {
      tags, security, summary: 'The attempts of a delivery, in order',
      params: idParams, querystring: noQuery,
      response: { 200: attemptListSchema, ...errorResponses(400, 404) },
    },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const delivery = found(await findDelivery(tenantDb(pool, request), tenantId,
      resourceId(request.params.id, 'delivery')), 'delivery');
    return { data: await attemptsOf(tenantDb(pool, request), tenantId, delivery.id) };
  });

  app.get<{ Params: { id: string }; Querystring: EndpointDeliveryFilter }>(
    '/v1/endpoints/:id/deliveries', {
      config,
      schema: {
        tags, security, summary: 'The deliveries to an endpoint, newest first',
        params: idParams, querystring: endpointDeliveriesQuery,
        response: { 200: pageOf('Delivery'), ...errorResponses(400, 404) },
      },
    }, async (request) => {
      const tenantId = tenantOf(request);
      const endpoint = found(await findEndpoint(tenantDb(pool, request), tenantId,
        resourceId(request.params.id, 'endpoint')), 'endpoint');
      return await pageOfEndpointDeliveries(tenantDb(pool, request),
        tenantId, endpoint.id, request.query);
    });
}

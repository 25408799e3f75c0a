import type { FastifyInstance } from 'fastify';
import { tenantDb } from '../auth/tenant-db.ts';
import type { Pool } from '@harborhook/shared/db/pool';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import {
  errorResponses, idParams, noQuery, pageOf, paginationProperties, timestampInput,
  uuidString,
} from '../schemas/common.ts';
import { bulkReplayBody } from '../schemas/replay.ts';
import { resourceId } from '../server/resource-id.ts';
import { rejectBody } from '../server/no-body.ts';
import { listDeadLetters, type DeadLetterFilter } from '../store/dead-letters.ts';
import {
  replayDeadLetters, replayDelivery, type BulkReplayRequest,
} from '../store/replays.ts';
import type { ApiMetrics } from '../metrics/api-metrics.ts';

const tags = ['dead letters'];
const security = [{ bearerAuth: [] }];

const deadLetterQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    endpointId: { ...uuidString, description: 'Only this endpoint\'s dead deliveries' },
    since: timestampInput('Only deliveries that died at or after this time'),
    until: timestampInput('Only deliveries that died before this time'),
    ...paginationProperties,
  },
} as const;

export function replayRoutes(app: FastifyInstance, pool: Pool,
  metrics: ApiMetrics): void {
  app.get<{ Querystring: DeadLetterFilter }>('/v1/dead-letters', {
    config: { scope: SCOPES.readDeliveries },
    schema: {
      tags, security, summary: 'Dead deliveries, most recently dead first',
      querystring: deadLetterQuery,
      response: { 200: pageOf('Delivery'), ...errorResponses(400) },
    },
  }, async (request) => {
    // The schema has checked that it is a UUID, in either letter case.
    const endpointId = request.query.endpointId?.toLowerCase();
    return await listDeadLetters(tenantDb(pool, request),
      tenantOf(request), { ...request.query, endpointId });
  });

  app.post<{ Params: { id: string } }>('/v1/deliveries/:id/replay', {
    config: { scope: SCOPES.replay },
    preValidation: rejectBody,
    schema: {
      tags, security, summary: 'Replay one dead delivery as a new delivery',
      params: idParams, querystring: noQuery,
      response: {
        202: { description: 'The new, scheduled delivery',
          $ref: 'SingleReplayResult#' },
        ...errorResponses(400, 404, 409, 413, 415),
      },
    },
  }, async (request, reply) => {
    const id = resourceId(request.params.id, 'delivery');
    const replay = await replayDelivery(tenantDb(pool, request), tenantOf(request), id);
    metrics.replays.labels('single').inc();
    return await reply.code(202).send(replay);
  });

  app.post<{ Body: BulkReplayRequest }>('/v1/dead-letters/replay', {
    config: { scope: SCOPES.replay },
    schema: {
      tags, security, summary: 'Replay the dead deliveries of one endpoint in one go',
      querystring: noQuery, body: bulkReplayBody,
      response: {
        202: { description: 'How many deliveries were replayed',
          $ref: 'BulkReplayResult#' },
        ...errorResponses(400, 404, 409, 413, 415),
      },
    },
  }, async (request, reply) => {
    const body = request.body;
    const endpointId = resourceId(body.endpointId, 'endpoint');
    const result = await replayDeadLetters(tenantDb(pool, request),
      tenantOf(request), { ...body, endpointId });
    metrics.replays.labels('bulk').inc();
    return await reply.code(202).send(result);
  });
}

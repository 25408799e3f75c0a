import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from '@harborhook/shared/db/pool';
import { HarborhookError } from '@harborhook/shared/errors';
import type { ApiConfig } from '../config.ts';
import { SCOPES } from '../auth/scopes.ts';
import { tenantOf } from '../auth/authenticate.ts';
import { errorResponses, noQuery } from '../schemas/common.ts';
import { publishBody, publishHeaders } from '../schemas/event.ts';
import { publishEvent } from '../publish/publish-event.ts';
import { countStored } from '../metrics/count-stored.ts';
import type { PublishRateLimit } from '../limits/publish-rate-limit.ts';
import type { ApiMetrics } from '../metrics/api-metrics.ts';
import type { GroupCommit } from '../publish/group-commit.ts';

interface PublishHeaders {
  'harborhook-event-type': string;
  'idempotency-key'?: string;
}

/** The exact request bytes; a request without a JSON body cannot publish. */
function payloadOf(request: FastifyRequest): Buffer {
  if (request.jsonSource !== null) return request.jsonSource.bytes;
  if (request.headers['content-type'] === undefined) {
    throw new HarborhookError('WHK_ERR_REQUEST_MEDIA_TYPE',
      'the payload must be sent as Content-Type: application/json');
  }
  throw new HarborhookError('WHK_ERR_REQUEST_MALFORMED_JSON', 'the body is empty');
}

/** `POST /v1/events`: the request body is the payload, stored and delivered byte for byte. */
export function publishRoute(app: FastifyInstance, pool: Pool, groupCommit: GroupCommit,
  config: Readonly<ApiConfig>, rateLimit: PublishRateLimit, metrics: ApiMetrics): void {
  app.post<{ Headers: PublishHeaders }>('/v1/events', {
    config: { scope: SCOPES.publish },
    bodyLimit: config.eventMaxBytes,
    // After the token check (a scope hook) and before the body is read.
    onRequest: async (request, reply) => { rateLimit(tenantOf(request), 1, reply); },
    schema: {
      tags: ['events'], security: [{ bearerAuth: [] }],
      summary: 'Publish one event; the body is the payload',
      headers: publishHeaders, querystring: noQuery, body: publishBody,
      response: {
        202: {
          description: 'Stored with its deliveries (or an idempotent replay, '
            + 'then with the header Idempotent-Replayed: true)',
          $ref: 'PublishResult#',
          headers: { 'idempotent-replayed': { type: 'string', enum: ['true'],
            description: 'Present when the answer is an idempotent replay' } },
        },
        ...errorResponses(400, 413, 415, 422, 429),
      },
    },
  }, async (request, reply) => {
    const tenantId = tenantOf(request);
    const type = request.headers['harborhook-event-type'];
    const idempotencyKey = request.headers['idempotency-key'];
    const outcome = idempotencyKey === undefined
      ? await groupCommit.publish(tenantId, type, payloadOf(request))
      : await publishEvent(pool, { tenantId, type, payload: payloadOf(request), idempotencyKey,
        idempotencyKeyTtlMs: config.idempotencyKeyTtlMs });
    if (outcome.duplicate) void reply.header('idempotent-replayed', 'true');
    else countStored(metrics, outcome.deliveryCount);
    return await reply.code(202).send(outcome);
  });
}

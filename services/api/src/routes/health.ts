import type { FastifyInstance } from 'fastify';
import { databaseAnswers } from '@harborhook/shared/db/database-answers';
import type { Pool } from '@harborhook/shared/db/pool';
import { errorBody, HarborhookError } from '@harborhook/shared/errors';
import { noQuery } from '../schemas/common.ts';

const statusSchema = (status: string): object => ({
  description: `The status "${status}"`,
  type: 'object', additionalProperties: false, required: ['status'],
  properties: { status: { type: 'string', enum: [status] } },
});

/** Unauthenticated probes for orchestrators: liveness never touches a dependency. */
export function healthRoutes(app: FastifyInstance, pool: Pool): void {
  app.get('/healthz', {
    schema: {
      tags: ['health'], summary: 'Liveness: the process serves requests',
      querystring: noQuery, response: { 200: statusSchema('ok') },
    },
  }, async () => ({ status: 'ok' }));

  app.get('/readyz', {
    schema: {
      tags: ['health'], summary: 'Readiness: the database answers',
      querystring: noQuery,
      response: {
        200: statusSchema('ready'),
        503: { description: 'The database does not answer', $ref: 'ErrorBody#' },
      },
    },
  }, async (_request, reply) => {
    if (await databaseAnswers(pool)) return { status: 'ready' };
    const err = new HarborhookError('WHK_ERR_DEPENDENCY_UNAVAILABLE',
      'the database does not answer');
    return await reply.code(503).send(errorBody(err));
  });
}

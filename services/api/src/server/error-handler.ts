import type { FastifyInstance } from 'fastify';
import { errorBody, HarborhookError } from '@harborhook/shared/errors';
import { toHarborhookError } from './error-mapping.ts';

/**
 * Every error answer has the one shape from errors.ts. Only failures that are ours (5xx) are
 * logged, with the message and code of the cause and never request data.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const mapped = toHarborhookError(err);
    if (mapped.statusCode >= 500) {
      const cause = err as { message?: unknown; code?: unknown };
      request.log.error({ code: mapped.code, cause: { message: String(cause.message),
        code: typeof cause.code === 'string' ? cause.code : undefined } }, 'request failed');
    }
    void reply.code(mapped.statusCode).type('application/json').send(errorBody(mapped));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = (request.url.split('?')[0] ?? '').slice(0, 200);
    const err = new HarborhookError('WHK_ERR_ROUTE_NOT_FOUND',
      `no route ${request.method} ${path}`);
    void reply.code(404).type('application/json').send(errorBody(err));
  });
}

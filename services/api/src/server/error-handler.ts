import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, HarborhookError } from '@harborhook/shared/errors';
import { sqlState } from '@harborhook/shared/db/sqlstate';
import { isDataException, toHarborhookError } from './error-mapping.ts';
import { logRequestCompleted } from './request-log.ts';

/** Retry-After of an overload refusal that did not set its own. */
const OVERLOADED_RETRY_AFTER_SECONDS = 1;

/**
 * Every error answer has the one shape from errors.ts. Failures that are ours (5xx) are logged
 * with the cause's allow-listed fields (logging/safe-error.ts), and a value Postgres refused
 * (which only a missing check lets through) with its SQLSTATE alone: its message quotes the
 * value. Never request data.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => {
    const mapped = toHarborhookError(err);
    if (mapped.statusCode >= 500) {
      request.log.error({ code: mapped.code, err }, 'request failed');
    } else if (isDataException(err)) {
      request.log.warn({ code: mapped.code, cause: { code: sqlState(err) } },
        'the database refused a value from the request');
    }
    // Overload refusals from behind the guard (a full publish queue) say when to come back too.
    if (mapped.code === 'WHK_ERR_OVERLOADED' && !reply.hasHeader('retry-after')) {
      void reply.header('retry-after', String(OVERLOADED_RETRY_AFTER_SECONDS));
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

/**
 * Fastify's `frameworkErrors`: a URL the router cannot decode (`%zz`) or a path segment too
 * long to route. These never reach the error handler or the request log on their own, and
 * Fastify's answer would quote the URL; this one does neither and logs the usual line.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest,
  reply: FastifyReply): void {
  const started = performance.now();
  const mapped = toHarborhookError(error);
  if (mapped.statusCode >= 500) {
    request.log.error({ code: mapped.code, err: error }, 'request failed');
  }
  // 'close' comes after the answer is sent, and also when the client left before that.
  reply.raw.once('close', () => {
    logRequestCompleted(request, reply.statusCode, performance.now() - started);
  });
  void reply.code(mapped.statusCode).type('application/json').send(errorBody(mapped));
}

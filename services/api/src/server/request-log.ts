import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/** The fields of the one line logged per request; never a URL, header or body. */
export function logRequestCompleted(request: FastifyRequest, statusCode: number,
  durationMs: number): void {
  request.log.info({
    method: request.method,
    route: request.routeOptions.url ?? '(no route)',
    statusCode,
    durationMs: Math.round(durationMs),
  }, 'request completed');
}

/**
 * One line per request: id (bound by Fastify as reqId), method, route pattern, status and
 * duration. The route pattern (`/v1/events/:id`) stands in for the URL so that no query string
 * reaches the log, and neither headers nor bodies are ever passed to it. Fastify's own
 * "incoming request" and "route not found" lines are dropped: they would log the raw URL.
 * Fastify's error lines use the error's message as the log message; these use a fixed one and
 * leave the error to the allow-listing `err` serializer.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest,
    reply: FastifyReply): void {
    logRequestCompleted(request, reply.statusCode, reply.elapsedTime);
  }

  override defaultErrorLog(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    if (reply.statusCode >= 500) reply.log.error({ err: error }, 'request failed');
    else reply.log.info({ err: error, statusCode: reply.statusCode }, 'request refused');
  }

  override writeHeadError(error: Error, _request: FastifyRequest, reply: FastifyReply): void {
    reply.log.warn({ err: error }, 'could not write the response headers');
  }
}

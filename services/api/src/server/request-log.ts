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
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest,
    reply: FastifyReply): void {
    logRequestCompleted(request, reply.statusCode, reply.elapsedTime);
  }
}

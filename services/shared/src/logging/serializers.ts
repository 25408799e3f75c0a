import { safeError } from './safe-error.ts';
import { loggableUrl } from './loggable-url.ts';

interface RequestLike {
  method?: unknown;
  routeOptions?: { url?: unknown };
}

/** Fastify's request (or node's): method and route pattern, never the URL, headers or body. */
function requestFields(req: unknown): { method?: string; route?: string } {
  const request = (req ?? {}) as RequestLike;
  const route = request.routeOptions?.url;
  return {
    ...(typeof request.method === 'string' ? { method: request.method } : {}),
    ...(typeof route === 'string' ? { route } : {}),
  };
}

/** Fastify's reply (or node's response): the status alone, never headers or body. */
function replyFields(res: unknown): { statusCode?: number } {
  const statusCode = (res as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? { statusCode } : {};
}

/**
 * pino serializers by field name: whatever a call site, a library or Fastify passes under
 * these keys is reduced to allow-listed fields. They override Fastify's own `req` serializer,
 * which would log the URL with its query string.
 */
export const LOG_SERIALIZERS = {
  err: (err: unknown) => safeError(err),
  error: (err: unknown) => safeError(err),
  cause: (err: unknown) => safeError(err),
  req: requestFields,
  request: requestFields,
  res: replyFields,
  reply: replyFields,
  url: (url: unknown) => typeof url === 'string' ? loggableUrl(url) : '[redacted]',
} as const;

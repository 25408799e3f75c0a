import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * Prometheus scrape endpoint. Registered outside the /v1 scope so that authentication, the
 * rate limit and the overload guard never hide the metrics that explain an overload.
 */
export function metricsRoute(app: FastifyInstance, registry: Registry): void {
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const text = await registry.metrics();
    return await reply.type(registry.contentType).send(text);
  });
}

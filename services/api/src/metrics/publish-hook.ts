import type { FastifyInstance } from 'fastify';
import { observeTraced } from '@harborhook/shared/metrics/exemplars';
import type { ApiMetrics } from './api-metrics.ts';
import { publishOutcome } from './publish-outcome.ts';

const PUBLISH_ROUTES = new Set(['/v1/events', '/v1/events/batch']);

/**
 * Counts and times every answer of the publish routes, including the ones the overload guard,
 * authentication or the rate limit give before the handler runs.
 */
export function installPublishMetrics(app: FastifyInstance, metrics: ApiMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    if (request.method !== 'POST' || !PUBLISH_ROUTES.has(request.routeOptions.url ?? '')) return;
    const outcome = publishOutcome(reply.statusCode,
      reply.getHeader('idempotent-replayed') === 'true');
    metrics.publishRequests.labels(outcome).inc();
    observeTraced(metrics.publishDuration, { outcome }, reply.elapsedTime / 1000);
  });
}

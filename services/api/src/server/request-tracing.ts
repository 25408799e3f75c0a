import type { FastifyInstance } from 'fastify';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import { tracingEnabled } from '@harborhook/shared/telemetry/tracing';

/** Probes and scrapes would be most of the spans and tell nothing. */
const UNTRACED_PATHS = new Set(['/metrics', '/healthz', '/readyz', '/openapi.json']);

/**
 * A server span per API request, continuing the caller's `traceparent` when it sends one. The
 * handler's Postgres statements become its children, and the deliveries it creates store its
 * context for the relay and worker. Registered only when the process is tracing.
 */
export async function installRequestTracing(app: FastifyInstance): Promise<void> {
  if (!tracingEnabled()) return;
  const instrumentation = new FastifyOtelInstrumentation({
    // A request span and a handler span; hook spans would be named after the hook's source.
    instrumentHooks: false,
    ignorePaths: (route) => UNTRACED_PATHS.has(route.url.split('?')[0] ?? ''),
    // The route template instead of the raw URL: no ids, and never a query string.
    requestHook: (span, request) => {
      span.setAttribute('url.path', request.routeOptions.url ?? 'unknown route');
    },
  });
  await app.register(instrumentation.plugin());
}

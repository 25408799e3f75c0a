import { collectDefaultMetrics, Registry, type RegistryContentType } from 'prom-client';
import { tracingEnabled } from '../telemetry/tracing.ts';

/**
 * One registry per service instead of prom-client's global one, so that services sharing a
 * process (tests, the lab platform) keep their metrics apart. Process metrics keep prom-client's
 * standard names; the `service` label tells the services apart. Create it after tracing has
 * started (see telemetry/tracing.ts).
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry<RegistryContentType>();
  // OpenMetrics, which Prometheus scrapes as well, when there are trace exemplars to carry.
  if (tracingEnabled()) registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  registry.setDefaultLabels({ service });
  // prom-client types a registry by a content type fixed at compile time; ours is chosen at
  // start. Metrics register on either kind alike.
  const typed = registry as unknown as Registry;
  collectDefaultMetrics({ register: typed });
  return typed;
}

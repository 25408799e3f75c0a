import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per service instead of prom-client's global one, so that services sharing a
 * process (tests, the lab platform) keep their metrics apart. Process metrics keep prom-client's
 * standard names; the `service` label tells the services apart.
 */
export function createServiceRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}

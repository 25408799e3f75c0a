import { Counter, type Registry } from 'prom-client';

export const LEASE_STATES = ['queued', 'attempting'] as const;
export type LeaseState = typeof LEASE_STATES[number];

/** The relay's own counters, registered on the relay's registry. */
export interface RelayMetrics {
  published: Counter;
  publishFailures: Counter;
  leasesRecovered: Counter<'state'>;
}

export function createRelayMetrics(registry: Registry): RelayMetrics {
  const registers = [registry];
  const metrics: RelayMetrics = {
    published: new Counter({ name: 'harborhook_relay_published_total',
      help: 'Deliveries published to NSQ', registers }),
    publishFailures: new Counter({ name: 'harborhook_relay_publish_failures_total',
      help: 'Batches whose publish to NSQ (or marking queued) failed and was retried',
      registers }),
    leasesRecovered: new Counter({ name: 'harborhook_relay_leases_recovered_total',
      help: 'Deliveries put back because their lease expired, by the state they were in',
      labelNames: ['state'], registers }),
  };
  for (const state of LEASE_STATES) metrics.leasesRecovered.labels(state).inc(0);
  return metrics;
}

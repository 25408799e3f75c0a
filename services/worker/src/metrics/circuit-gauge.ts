import { Gauge, type Registry } from 'prom-client';
import type { EndpointCircuits } from '../endpoint-circuits.ts';

/**
 * How many endpoints this worker holds open or half open, read at scrape time. A count per
 * state, never an endpoint id: the ids are in the worker's log lines when a circuit opens.
 */
export function registerCircuitGauge(registry: Registry, circuits: EndpointCircuits): void {
  new Gauge({
    name: 'harborhook_endpoint_circuits',
    help: 'Endpoints whose circuit is open or half open in this worker, by state',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      const counts = circuits.counts(Date.now());
      this.set({ state: 'open' }, counts.open);
      this.set({ state: 'half_open' }, counts.half_open);
    },
  });
}

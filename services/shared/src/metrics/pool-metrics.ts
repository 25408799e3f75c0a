import { Gauge, type Registry } from 'prom-client';
import type { Pool } from '../db/pool.ts';

/**
 * Postgres pool occupancy, read from the pool at scrape time so it is never stale. `queued`
 * counts work the service holds back in front of the pool because its share of connections is
 * busy (group commits, batched statements): it waits for a connection as surely as a query in
 * the pool's own queue does, so `waiting` counts both.
 */
export function registerPoolMetrics(registry: Registry, pool: Pool,
  queued: () => number = () => 0): void {
  new Gauge({
    name: 'harborhook_db_pool_connections',
    help: 'Postgres pool connections by state: total open, idle, and queries (or queued '
      + 'publishes and statements) waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount + queued());
    },
  });
}

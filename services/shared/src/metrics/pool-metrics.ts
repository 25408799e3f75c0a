import { Gauge, type Registry } from 'prom-client';
import type { Pool } from '../db/pool.ts';

/** Postgres pool occupancy, read from the pool at scrape time so it is never stale. */
export function registerPoolMetrics(registry: Registry, pool: Pool): void {
  new Gauge({
    name: 'harborhook_db_pool_connections',
    help: 'Postgres pool connections by state: total open, idle, and queries waiting for one',
    labelNames: ['state'],
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}

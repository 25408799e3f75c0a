import pg from 'pg';
import type { Pool, PoolClient } from './pool.ts';

/** The role row-level security restricts (migration 0003). */
export const TENANT_ROLE = 'harborhook_tenant';

/**
 * A stand-in for the pool whose connections run as TENANT_ROLE with `harborhook.tenant_id` set,
 * so Postgres's row-level security shows and accepts only this tenant's rows: a second wall
 * behind the tenant filter each query carries. A connection is put back with both reset, and
 * discarded if the reset fails, so no other user of the pool inherits a tenant.
 * Cost: one extra round trip to set and one to reset per connection use.
 */
class TenantScopedPool {
  readonly #pool: Pool;
  readonly #setup: string;

  constructor(pool: Pool, tenantId: string) {
    this.#pool = pool;
    this.#setup = `SET ROLE ${TENANT_ROLE}; SELECT set_config('harborhook.tenant_id', `
      + `${pg.escapeLiteral(tenantId)}, false)`;
  }

  async connect(): Promise<PoolClient> {
    const client = await this.#pool.connect();
    try {
      await client.query(this.#setup);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    const release = client.release.bind(client);
    let released = false;
    client.release = (destroy?: Error | boolean): void => {
      if (released) return;
      released = true;
      client.release = release;
      if (destroy !== undefined && destroy !== false) {
        release(destroy);
        return;
      }
      client.query('RESET ROLE; RESET harborhook.tenant_id').then(() => release(),
        (err: Error) => release(err));
    };
    return client;
  }

  async query(...args: unknown[]): Promise<unknown> {
    const client = await this.connect();
    try {
      return await (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
    } finally {
      client.release();
    }
  }
}

/** The pool, seen as one tenant (see TenantScopedPool); store code uses it like a Pool. */
export function tenantScoped(pool: Pool, tenantId: string): Pool {
  // Only query() and connect() are used through it; the cast keeps store signatures unchanged.
  return new TenantScopedPool(pool, tenantId) as unknown as Pool;
}

import pg from 'pg';
import { withTransaction, type Pool, type PoolClient } from './pool.ts';
import { TENANT_ROLE } from './tenant-scope.ts';

/**
 * Runs `work` in one transaction as TENANT_ROLE with `harborhook.tenant_id` set, so row-level
 * security holds as with tenantScoped(), in fewer round trips: BEGIN and both settings go in
 * one message, and SET LOCAL ends with the transaction, so nothing has to be reset after.
 */
export async function withTenantTransaction<T>(pool: Pool, tenantId: string,
  work: (client: PoolClient) => Promise<T>): Promise<T> {
  return await withTransaction(pool, work, `BEGIN; SET LOCAL ROLE ${TENANT_ROLE}; `
    + `SELECT set_config('harborhook.tenant_id', ${pg.escapeLiteral(tenantId)}, true)`);
}

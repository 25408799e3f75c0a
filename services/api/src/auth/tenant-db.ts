import type { FastifyRequest } from 'fastify';
import type { Pool } from '@harborhook/shared/db/pool';
import { tenantScoped } from '@harborhook/shared/db/tenant-scope';
import { tenantOf } from './authenticate.ts';

/** The database as the request's tenant sees it, behind row-level security. */
export function tenantDb(pool: Pool, request: FastifyRequest): Pool {
  return tenantScoped(pool, tenantOf(request));
}

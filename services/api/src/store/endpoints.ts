import { withTransaction, type Pool } from '@harborhook/shared/db/pool';
import type { SignatureScheme } from '@harborhook/shared/delivery/signing';
import {
  storeSigningSecret, type NewSigningSecret,
} from '@harborhook/shared/secrets/endpoint-secrets';
import type { SecretKeyring } from '@harborhook/shared/secrets/keyring';
import { uuidv7 } from '@harborhook/shared/ids';
import { decodeCursor, toPage, type Page } from '../pagination/cursor.ts';

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  headers: Record<string, string>;
  enabled: boolean;
  signatureScheme: SignatureScheme;
  createdAt: string;
  updatedAt: string;
}

export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: string[];
  headers: Record<string, string>;
  enabled: boolean;
}

interface EndpointRow {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  headers: Record<string, string>;
  enabled: boolean;
  signature_scheme: SignatureScheme;
  created_at: Date;
  updated_at: Date;
}

/** The secret is never selected here: only create returns it, from the value it generated. */
const COLUMNS = 'id, url, description, event_types, headers, enabled, signature_scheme, '
  + 'created_at, updated_at';
const VISIBLE = 'tenant_id = $1 AND deleted_at IS NULL';

function toEndpoint(row: EndpointRow): Endpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    headers: row.headers,
    enabled: row.enabled,
    signatureScheme: row.signature_scheme,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The endpoint and its first key, encrypted, in one transaction: never one without the other. */
export async function insertEndpoint(pool: Pool, keyring: SecretKeyring, tenantId: string,
  input: EndpointInput, key: NewSigningSecret): Promise<Endpoint> {
  return await withTransaction(pool, async (client) => {
    const { rows } = await client.query<EndpointRow>(
      `INSERT INTO endpoints (id, tenant_id, url, description, event_types, headers, enabled,
         signature_scheme)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [uuidv7(), tenantId, input.url, input.description, input.eventTypes,
        JSON.stringify(input.headers), input.enabled, key.scheme]);
    const endpoint = toEndpoint(rows[0] as EndpointRow);
    await storeSigningSecret(client, keyring, endpoint.id, key);
    return endpoint;
  });
}

export async function findEndpoint(pool: Pool, tenantId: string, id: string):
  Promise<Endpoint | undefined> {
  const { rows } = await pool.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM endpoints WHERE ${VISIBLE} AND id = $2`, [tenantId, id]);
  return rows[0] === undefined ? undefined : toEndpoint(rows[0]);
}

export async function listEndpoints(pool: Pool, tenantId: string, limit: number,
  cursor: string | undefined): Promise<Page<Endpoint>> {
  const after = decodeCursor('endpoints', cursor, ['uuid'])?.[0] ?? null;
  const { rows } = await pool.query<EndpointRow>(
    `SELECT ${COLUMNS} FROM endpoints
     WHERE ${VISIBLE} AND ($2::uuid IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, after, limit + 1]);
  return toPage(rows.map(toEndpoint), limit, 'endpoints', (last) => [last.id]);
}

/** Column and SQL cast of each field a PATCH may change. */
const UPDATABLE: Record<keyof EndpointInput, string> = {
  url: 'url = $n',
  description: 'description = $n',
  eventTypes: 'event_types = $n::text[]',
  headers: 'headers = $n::jsonb',
  enabled: 'enabled = $n',
};

export async function updateEndpoint(pool: Pool, tenantId: string, id: string,
  changes: Partial<EndpointInput>): Promise<Endpoint | undefined> {
  const sets: string[] = [];
  const values: unknown[] = [tenantId, id];
  for (const [field, assignment] of Object.entries(UPDATABLE)) {
    const value = changes[field as keyof EndpointInput];
    if (value === undefined) continue;
    values.push(field === 'headers' ? JSON.stringify(value) : value);
    sets.push(assignment.replace('$n', `$${values.length}`));
  }
  const { rows } = await pool.query<EndpointRow>(
    `UPDATE endpoints SET ${[...sets, 'updated_at = now()'].join(', ')}
     WHERE ${VISIBLE} AND id = $2 RETURNING ${COLUMNS}`, values);
  return rows[0] === undefined ? undefined : toEndpoint(rows[0]);
}

/** Soft delete: the row stays for the deliveries that point at it, but nothing sees it again. */
export async function deleteEndpoint(pool: Pool, tenantId: string, id: string):
  Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE endpoints SET deleted_at = now(), updated_at = now()
     WHERE ${VISIBLE} AND id = $2`, [tenantId, id]);
  return rowCount === 1;
}

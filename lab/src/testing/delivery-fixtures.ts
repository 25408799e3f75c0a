import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { SignatureScheme } from '@harborhook/shared/delivery/signing';
import { uuidv7 } from '@harborhook/shared/ids';
import { newSigningSecret, storeSigningSecret } from '@harborhook/shared/secrets/endpoint-secrets';
import { testKeyring } from './test-secret-encryption.ts';

/**
 * Rows written straight into a test database the way the API writes them, so that relay and
 * worker tests do not depend on the API.
 */
type Queryable = Pick<pg.Pool, 'query'>;

export interface EndpointRow {
  id: string;
  tenantId: string;
  url: string;
  /** hmac-sha256: `whsec_…`; ed25519: the private key (base64 PKCS#8). */
  secret: string;
  /** ed25519 only: base64 of the raw public key. */
  publicKey: string | undefined;
}

export interface EventRow {
  id: string;
  tenantId: string;
  payload: Buffer;
}

/** The secret is stored encrypted, as the api stores it, under the test process's key. */
export async function insertEndpoint(db: Queryable, input: { url: string; tenantId?: string;
  headers?: Record<string, string>; enabled?: boolean; signatureScheme?: SignatureScheme }):
  Promise<EndpointRow> {
  const key = newSigningSecret(input.signatureScheme ?? 'hmac-sha256');
  const row = { id: uuidv7(), tenantId: input.tenantId ?? 'tenant-a', url: input.url,
    secret: key.secret, publicKey: key.publicKey };
  await db.query(`INSERT INTO endpoints (id, tenant_id, url, event_types, headers, enabled,
    signature_scheme) VALUES ($1, $2, $3, '{*}', $4, $5, $6)`, [row.id, row.tenantId, row.url,
    JSON.stringify(input.headers ?? {}), input.enabled ?? true, key.scheme]);
  await storeSigningSecret(db, testKeyring(), row.id, key);
  return row;
}

export async function insertEvent(db: Queryable, input: { payload: string | Buffer;
  tenantId?: string; type?: string }): Promise<EventRow> {
  const payload = Buffer.isBuffer(input.payload) ? input.payload : Buffer.from(input.payload);
  const row = { id: uuidv7(), tenantId: input.tenantId ?? 'tenant-a', payload };
  await db.query(`INSERT INTO events (id, tenant_id, event_type, payload, payload_sha256)
    VALUES ($1, $2, $3, $4, $5)`, [row.id, row.tenantId, input.type ?? 'order.created',
    payload, createHash('sha256').update(payload).digest()]);
  return row;
}

/** A scheduled delivery, due at once unless `dueInMs` says otherwise. */
export async function insertDelivery(db: Queryable, event: EventRow, endpoint: EndpointRow,
  options: { dueInMs?: number } = {}): Promise<string> {
  const id = uuidv7();
  await db.query(`INSERT INTO deliveries (id, tenant_id, event_id, endpoint_id, next_attempt_at)
    VALUES ($1, $2, $3, $4, now() + $5::double precision * interval '1 millisecond')`,
  [id, event.tenantId, event.id, endpoint.id, options.dueInMs ?? 0]);
  return id;
}

/** `count` events with one delivery each to `endpoint`; returns the delivery ids. */
export async function insertDeliveries(db: Queryable, endpoint: EndpointRow, count: number,
  payload: (index: number) => string = (i) => `{"n":${i}}`): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const event = await insertEvent(db, { payload: payload(i), tenantId: endpoint.tenantId });
    ids.push(await insertDelivery(db, event, endpoint));
  }
  return ids;
}

/** Replays a dead delivery as the API does: a new row with replay_of, linked back. */
export async function insertReplay(db: Queryable, deadDeliveryId: string): Promise<string> {
  const id = uuidv7();
  await db.query(`INSERT INTO deliveries (id, tenant_id, event_id, endpoint_id, replay_of)
    SELECT $1, tenant_id, event_id, endpoint_id, id FROM deliveries
    WHERE id = $2 AND status = 'dead' AND replayed_by IS NULL`, [id, deadDeliveryId]);
  await db.query('UPDATE deliveries SET replayed_by = $1 WHERE id = $2', [id, deadDeliveryId]);
  return id;
}

/** How many deliveries are in each status, for the given ids or all. */
export async function statusCounts(db: Queryable,
  ids?: readonly string[]): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; count: number }>(`SELECT status,
    count(*)::integer AS count FROM deliveries WHERE $1::uuid[] IS NULL OR id = ANY($1)
    GROUP BY status`, [ids ?? null]);
  return Object.fromEntries(rows.map((row) => [row.status, row.count]));
}

export interface AttemptRow {
  attemptNumber: number;
  statusCode: number | null;
  errorClass: string | null;
  outcome: string;
  responseBodyPrefix: string | null;
}

export async function attemptsOf(db: Queryable, deliveryId: string): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(`SELECT attempt_number AS "attemptNumber",
    status_code AS "statusCode", error_class AS "errorClass", outcome,
    response_body_prefix AS "responseBodyPrefix"
    FROM attempts WHERE delivery_id = $1 ORDER BY attempt_number, started_at`, [deliveryId]);
  return rows;
}

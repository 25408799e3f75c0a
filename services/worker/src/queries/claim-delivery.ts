import type { Pool } from '@harborhook/shared/db/pool';
import type { SigningKey, SignatureScheme } from '@harborhook/shared/delivery/signing';
import type { SigningKeyCache } from '../signing-key-cache.ts';

/** A claimed delivery with everything one attempt needs. */
export interface ClaimedDelivery {
  id: string;
  tenantId: string;
  endpointId: string;
  /** The attempt this claim starts, counting from 1. */
  attemptNumber: number;
  eventId: string;
  eventType: string;
  payload: Buffer;
  url: string;
  /** The endpoint's current keys, newest first, decrypted: each one signs the attempt. */
  signingKeys: SigningKey[];
  /** Why there are no keys: one did not decrypt (its kid is not configured, say). */
  keyProblem: string | undefined;
  headers: Record<string, string>;
  /** When the delivery was created: its event's acceptance, or its replay. */
  createdAt: Date;
  /** False when the endpoint was disabled or deleted since the delivery was created. */
  endpointActive: boolean;
}

/**
 * Moves queued deliveries to attempting, counts the attempt and takes the attempt lease, and
 * returns each joined with its event and endpoint, in one statement for a batch of messages.
 * A delivery that is not queued is left out: its message was a duplicate or stale, and there
 * is nothing to do. Rows are locked in id order, so two workers claiming overlapping batches
 * (duplicate messages) wait for each other instead of deadlocking. The ids are joined rather
 * than matched with `= ANY`, which let the planner AND the primary key with the partial lease
 * index and read every entry of that index (tens of thousands under load) for ten rows.
 */
const SQL = `
WITH locked AS (
  SELECT d.id FROM unnest($1::uuid[]) AS wanted (id)
  JOIN deliveries d ON d.id = wanted.id
  WHERE d.status = 'queued'
  ORDER BY d.id
  FOR UPDATE OF d
), claimed AS (
  UPDATE deliveries AS d
  SET status = 'attempting',
      attempt_count = d.attempt_count + 1,
      lease_expires_at = now() + $2::double precision * interval '1 millisecond',
      updated_at = now()
  FROM locked
  WHERE d.id = locked.id
  RETURNING d.id, d.tenant_id, d.event_id, d.endpoint_id, d.attempt_count, d.created_at
)
SELECT c.id, c.tenant_id, c.endpoint_id, c.attempt_count, c.created_at,
       ev.id AS event_id, ev.event_type, ev.payload,
       ep.url, ep.secret AS plaintext_secret, ep.headers,
       (ep.enabled AND ep.deleted_at IS NULL) AS endpoint_active,
       (SELECT coalesce(json_agg(json_build_object('scheme', s.scheme, 'keyId', s.key_id,
                 'nonce', encode(s.nonce, 'base64'), 'ciphertext', encode(s.ciphertext, 'base64'))
               ORDER BY s.created_at DESC, s.id DESC), '[]'::json)
        FROM endpoint_secrets s
        WHERE s.endpoint_id = ep.id AND (s.expires_at IS NULL OR s.expires_at > now())
       ) AS sealed_secrets
FROM claimed c
JOIN events ev ON ev.id = c.event_id
JOIN endpoints ep ON ep.id = c.endpoint_id`;

interface Row {
  id: string;
  tenant_id: string;
  endpoint_id: string;
  attempt_count: number;
  created_at: Date;
  event_id: string;
  event_type: string;
  payload: Buffer;
  url: string;
  /** Only for rows written before encryption at rest that the api has not sealed yet. */
  plaintext_secret: string | null;
  headers: Record<string, unknown> | null;
  endpoint_active: boolean;
  sealed_secrets: SealedJson[];
}

export interface SealedJson {
  scheme: SignatureScheme;
  keyId: string;
  nonce: string;
  ciphertext: string;
}

/** The claimed deliveries by id; ids missing from the map were not queued. */
export async function claimDeliveries(pool: Pool, keys: SigningKeyCache,
  deliveryIds: readonly string[], leaseMs: number): Promise<Map<string, ClaimedDelivery>> {
  const { rows } = await pool.query<Row>(
    { name: 'harborhook-claim-deliveries', text: SQL, values: [deliveryIds, leaseMs] });
  return new Map(rows.map((row) => [row.id, claimedFrom(row, keys)]));
}

function claimedFrom(row: Row, keys: SigningKeyCache): ClaimedDelivery {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    endpointId: row.endpoint_id,
    attemptNumber: row.attempt_count,
    eventId: row.event_id,
    eventType: row.event_type,
    payload: row.payload,
    url: row.url,
    ...signingKeys(keys, row),
    headers: stringHeaders(row.headers),
    endpointActive: row.endpoint_active,
    createdAt: row.created_at,
  };
}

/**
 * Decrypts each current key. When any fails, none is used: the attempt fails loudly instead of
 * going out signed with only some of the keys the receiver may expect.
 */
function signingKeys(cache: SigningKeyCache, row: Row):
  { signingKeys: SigningKey[]; keyProblem: string | undefined } {
  try {
    const keys = row.sealed_secrets.map((sealed) => cache.open(sealed, row.endpoint_id));
    if (keys.length === 0 && row.plaintext_secret !== null) {
      keys.push(cache.plaintext(row.plaintext_secret, row.endpoint_id));
    }
    return { signingKeys: keys,
      keyProblem: keys.length === 0 ? 'the endpoint has no current signing key' : undefined };
  } catch (err) {
    return { signingKeys: [], keyProblem: (err as Error).message };
  }
}

function stringHeaders(value: Record<string, unknown> | null): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, inner] of Object.entries(value ?? {})) {
    if (typeof inner === 'string') headers[name] = inner;
  }
  return headers;
}

import { reservedHeaderReason } from '@harborhook/shared/delivery/reserved-headers';
import { webhookHeaders, type SigningKey } from '@harborhook/shared/delivery/signing';

export const USER_AGENT = 'Harborhook/0.1';

export interface RequestHeaderInput {
  customHeaders: Readonly<Record<string, string>>;
  /** Each key adds one entry to `webhook-signature` (two during a rotation's overlap). */
  signingKeys: readonly SigningKey[];
  /** The event id: the same on every attempt and every replay. */
  webhookId: string;
  deliveryId: string;
  attemptNumber: number;
  /** Unix seconds, fresh for this attempt. */
  timestamp: number;
  body: Buffer;
}

export function requestHeaders(input: RequestHeaderInput): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.customHeaders)) {
    if (reservedHeaderReason(name) === undefined) headers[name.toLowerCase()] = value;
  }
  return {
    ...headers,
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...webhookHeaders({ keys: input.signingKeys, webhookId: input.webhookId,
      timestamp: input.timestamp, body: input.body }),
    'harborhook-delivery-id': input.deliveryId,
    'harborhook-attempt': String(input.attemptNumber),
  };
}

import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import type { Platform } from '../src/platform/platform.ts';
import type { RecordedRequest } from '../src/receivers/receiver.ts';
import { waitFor } from '../src/env/wait-for.ts';

/** Creates an endpoint through the api and returns its id and signing secret. */
export async function createEndpoint(platform: Platform, token: string, url: string,
  eventTypes: string[] = ['*']): Promise<{ id: string; secret: string }> {
  const response = await platform.request(token, 'POST', '/v1/endpoints', { url, eventTypes });
  assert.equal(response.status, 201, response.text);
  return response.json as { id: string; secret: string };
}

/** Publishes raw bytes as one event through the api; asserts the 202. */
export async function publish(platform: Platform, token: string, type: string,
  body: string): Promise<{ id: string; deliveryCount: number }> {
  const response = await platform.request(token, 'POST', '/v1/events', body,
    { 'harborhook-event-type': type });
  assert.equal(response.status, 202, response.text);
  return response.json as { id: string; deliveryCount: number };
}

/** Asserts that a recorded webhook verifies with the Standard Webhooks library. */
export function assertSigned(request: RecordedRequest, secret: string): void {
  new Webhook(secret).verify(request.body.toString('utf8'), {
    'webhook-id': request.headers['webhook-id'] ?? '',
    'webhook-timestamp': request.headers['webhook-timestamp'] ?? '',
    'webhook-signature': request.headers['webhook-signature'] ?? '',
  });
}

/** Waits until every delivery in the database is final; returns the counts by status. */
export async function waitUntilAllFinal(platform: Platform,
  timeoutMs = 60_000): Promise<Record<string, number>> {
  await waitFor(async () => {
    const { rows } = await platform.pool.query<{ pending: string }>(
      "SELECT count(*) AS pending FROM deliveries WHERE status NOT IN ('delivered', 'dead')");
    return rows[0]?.pending === '0';
  }, { what: 'every delivery to be final', timeoutMs });
  return await statusCounts(platform);
}

export async function statusCounts(platform: Platform): Promise<Record<string, number>> {
  const { rows } = await platform.pool.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM deliveries GROUP BY status');
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

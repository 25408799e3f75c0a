import type { ApiResponse, TestApi } from './test-api.ts';

export interface EndpointFixture {
  id: string;
  secret: string;
}

/** Registers an endpoint on a loopback URL nobody listens on (nothing is delivered here). */
export async function createEndpoint(api: TestApi, token: string,
  body: Record<string, unknown> = {}): Promise<EndpointFixture> {
  const res = await api.request('POST', '/v1/endpoints', {
    token,
    body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['*'], ...body },
  });
  if (res.status !== 201) throw new Error(`endpoint not created: ${res.status} ${res.text}`);
  return { id: res.json.id as string, secret: res.json.secret as string };
}

export async function publish(api: TestApi, token: string, type: string, payload: string,
  headers: Record<string, string> = {}): Promise<ApiResponse> {
  return await api.request('POST', '/v1/events', {
    token, body: payload, headers: { 'harborhook-event-type': type, ...headers },
  });
}

/** Publishes and returns the event id, failing the test on anything but 202. */
export async function publishOk(api: TestApi, token: string, type: string,
  payload = '{}'): Promise<string> {
  const res = await publish(api, token, type, payload);
  if (res.status !== 202) throw new Error(`publish failed: ${res.status} ${res.text}`);
  return res.json.id as string;
}

/** What the worker would do after the last failed attempt. */
export async function markDead(api: TestApi, deliveryId: string,
  finishedAt = new Date()): Promise<void> {
  await api.db.query(
    `UPDATE deliveries SET status = 'dead', attempt_count = 1, last_status_code = 500,
       last_error_class = 'http_5xx', finished_at = $2 WHERE id = $1`,
    [deliveryId, finishedAt]);
}

export async function deliveryIdsOf(api: TestApi, eventId: string): Promise<string[]> {
  const { rows } = await api.db.query<{ id: string }>(
    'SELECT id FROM deliveries WHERE event_id = $1 ORDER BY id', [eventId]);
  return rows.map((row) => row.id);
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { capturingLogger, type LogLine } from '../src/testing/capturing-logger.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { createEndpoint } from './support.ts';

const PAYLOAD = '{"card":"PAYLOAD-MARKER-4111","nested":{"note":"PAYLOAD-MARKER-NOTE"}}';
const BATCH_PAYLOAD_MARKER = 'BATCH-PAYLOAD-MARKER-77';
const RECEIVER_CREDENTIAL = 'RECEIVER-CREDENTIAL-MARKER-5';
const IDEMPOTENCY_KEY = 'IDEMPOTENCY-MARKER-8';
// The api accepts a query string in an endpoint URL; receivers put credentials there.
const URL_QUERY_SECRET = 'QUERY-MARKER-2718';
const CUSTOM_HEADER_VALUE = 'HEADER-VALUE-MARKER-31';

/** The pieces of a value that would give it away in a log: the whole and its long parts. */
function giveaways(value: string): string[] {
  return [value, ...value.split(/[._]/).filter((part) => part.length >= 16)];
}

/**
 * Drives every path that handles a secret, a token or a payload through the api, relay and
 * worker (create endpoint, rotate and read its secret, publish single and batch, failed
 * attempts, dead, replay, delivery) with every service logging at trace level into one
 * buffer, then looks for each of them in it. The endpoint's URL carries a token in its query
 * and the endpoint sends custom headers; neither may appear, while the worker's lines about
 * the delivery carry its delivery, event and endpoint ids.
 */
test('no token, secret, signature, payload or custom header value reaches any log line',
  async () => {
    const log = capturingLogger('platform', 'trace');
    await using platform = await startPlatform({ logger: log.logger,
      worker: { RETRY_SCHEDULE: '20ms,20ms' } });
    const receiver = await Receiver.start({ kind: 'status', status: 503 });
    try {
      const token = await platform.token('log-hygiene');
      const endpoint = await platform.request(token, 'POST', '/v1/endpoints', {
        url: receiver.url(`/hooks?token=${URL_QUERY_SECRET}`), eventTypes: ['*'],
        headers: { Authorization: `Bearer ${RECEIVER_CREDENTIAL}`,
          'X-Receiver-Tag': CUSTOM_HEADER_VALUE } });
      assert.equal(endpoint.status, 201, endpoint.text);
      const { id: endpointId, secret } = endpoint.json as { id: string; secret: string };
      await createEndpoint(platform, `${token}x`, receiver.url('/refused')).catch(() => undefined);
      // A rotation and a read of the keys: both answers carry a secret.
      const rotated = await platform.request(token, 'POST',
        `/v1/endpoints/${endpointId}/secret/rotate`, { overlapSeconds: 3600 });
      assert.equal(rotated.status, 200, rotated.text);
      const newSecret = (rotated.json as { key: { secret: string } }).key.secret;
      assert.equal((await platform.request(token, 'GET', `/v1/endpoints/${endpointId}/secret`))
        .status, 200);

      const published = await platform.request(token, 'POST', '/v1/events', PAYLOAD,
        { 'harborhook-event-type': 'card.charged', 'idempotency-key': IDEMPOTENCY_KEY });
      assert.equal(published.status, 202, published.text);
      const batch = await platform.request(token, 'POST', '/v1/events/batch', { events: [
        { type: 'card.charged', payload: { marker: BATCH_PAYLOAD_MARKER } },
        { type: 'not valid', payload: { marker: BATCH_PAYLOAD_MARKER } }] });
      assert.equal(batch.status, 200, batch.text);

      // Three failing attempts each, then dead; replayed to a receiver that now succeeds.
      await receiver.waitForRequests(6);
      await waitFor(async () => {
        const dead = await platform.request(token, 'GET', '/v1/dead-letters');
        return (dead.json as { data: unknown[] }).data.length === 2;
      }, { what: 'both deliveries to be dead' });
      receiver.setBehaviour({ kind: 'succeed' });
      const replay = await platform.request(token, 'POST', '/v1/dead-letters/replay',
        { endpointId });
      assert.equal(replay.status, 202, replay.text);
      const requests = await receiver.waitForRequests(8);
      await waitFor(async () => {
        const { rows } = await platform.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM deliveries WHERE status = 'delivered'");
        return rows[0]?.n === 2;
      }, { what: 'the replays to be delivered' });

      const signatures = requests.map((r) => r.headers['webhook-signature'] ?? '');
      assert.ok(signatures.every((s) => s.startsWith('v1')), 'every request was signed');
      // The planted values did reach the receiver, so their absence below means something.
      assert.ok(requests.every((r) => r.path.includes(URL_QUERY_SECRET)
        && r.headers['x-receiver-tag'] === CUSTOM_HEADER_VALUE));
      const eventId = (published.json as { id: string }).id;
      assertDeliveryLinesCarryIds(log.lines, eventId, endpointId);
      const text = log.text();
      assert.ok(log.lines.some((line) => line.msg === 'request completed'), 'the api logged');
      assert.ok(log.lines.length > 20, 'the services logged at trace level');
      // The key that encrypts secrets at rest, as the platform's services were given it.
      const encryptionKey = platform.wiring.secretEncryptionKeys.split(':')[1] ?? '';
      assert.ok(encryptionKey.length >= 32);
      const forbidden = [...giveaways(token), ...giveaways(secret), ...giveaways(newSecret),
        encryptionKey,
        ...signatures.flatMap((s) => s.split(' ')), 'PAYLOAD-MARKER', BATCH_PAYLOAD_MARKER,
        RECEIVER_CREDENTIAL, IDEMPOTENCY_KEY, URL_QUERY_SECRET, CUSTOM_HEADER_VALUE, '/hooks'];
      for (const value of forbidden) {
        assert.ok(!text.includes(value), `a log line contains ${value.slice(0, 12)}…`);
      }
    } finally {
      await receiver.close();
    }
  });

/**
 * The worker's lines about the single event's delivery (retries, dead, delivered after the
 * replay) name the delivery, its event, its endpoint and the attempt, with the same field
 * names on every line.
 */
function assertDeliveryLinesCarryIds(lines: readonly LogLine[], eventId: string,
  endpointId: string): void {
  const about = lines.filter((line) => line.eventId === eventId);
  const messages = new Set(about.map((line) => line.msg));
  for (const msg of ['attempt failed; retry scheduled', 'delivery dead', 'delivered']) {
    assert.ok(messages.has(msg), `a line "${msg}" for the event`);
  }
  for (const line of about.filter((l) => l.msg !== 'delivery given back')) {
    assert.equal(line.endpointId, endpointId, line.msg);
    assert.match(String(line.deliveryId), /^[0-9a-f-]{36}$/, line.msg);
    assert.equal(typeof line.attemptNumber, 'number', line.msg);
    assert.equal(line.endpointOrigin, new URL(String(line.endpointOrigin)).origin, line.msg);
  }
  const dead = about.find((line) => line.msg === 'delivery dead');
  assert.equal(dead?.level, 'warn');
  const retry = about.find((line) => line.msg === 'attempt failed; retry scheduled');
  assert.deepEqual([retry?.level, retry?.statusCode, retry?.errorClass], ['info', 503, 'http_5xx']);
}

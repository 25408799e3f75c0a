import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { capturingLogger, type LogLine } from '../src/testing/capturing-logger.ts';
import { waitFor } from '../src/env/wait-for.ts';

const PAYLOAD_MARKER = 'DB-PAYLOAD-MARKER-61';
const URL_QUERY_SECRET = 'QUERY-MARKER-DB-83';

/**
 * Postgres quotes values in its error messages and details. Triggers make the api's insert of
 * an event and the worker's insert of an attempt fail with a message and detail that quote the
 * event's payload and the endpoint's URL (with a token in its query); the resulting error lines
 * must name the SQLSTATE and the delivery, never the quoted values.
 */
test('database errors are logged by SQLSTATE, never with the values Postgres quotes',
  async () => {
    const log = capturingLogger('platform', 'trace');
    await using platform = await startPlatform({ logger: log.logger });
    const receiver = await Receiver.start({ kind: 'succeed' });
    try {
      await installEchoingTriggers(platform.pool);
      const token = await platform.token('log-db-errors');
      const endpoint = await platform.request(token, 'POST', '/v1/endpoints', {
        url: receiver.url(`/hooks?token=${URL_QUERY_SECRET}`), eventTypes: ['*'] });
      assert.equal(endpoint.status, 201, endpoint.text);
      const endpointId = (endpoint.json as { id: string }).id;

      const refused = await platform.request(token, 'POST', '/v1/events',
        JSON.stringify({ note: PAYLOAD_MARKER }), { 'harborhook-event-type': 'db.fault' });
      assert.equal(refused.status, 500, refused.text);
      const batch = await platform.request(token, 'POST', '/v1/events/batch', { events: [
        { type: 'db.fault', payload: { note: PAYLOAD_MARKER } }] });
      assert.equal(batch.status, 200, batch.text);

      // The worker sends this one, then cannot record the attempt until the trigger goes.
      const published = await platform.request(token, 'POST', '/v1/events', '{"n":1}',
        { 'harborhook-event-type': 'order.created' });
      assert.equal(published.status, 202, published.text);
      const unrecorded = await waitFor(() => log.lines.find((line) =>
        line.msg.startsWith('could not record the attempt')), { what: 'the record failure' });
      await platform.pool.query('DROP TRIGGER attempts_echo_url ON attempts');
      await waitFor(async () => {
        const { rows } = await platform.pool.query<{ status: string }>(
          'SELECT status FROM deliveries WHERE endpoint_id = $1', [endpointId]);
        return rows[0]?.status === 'delivered';
      }, { what: 'the delivery to succeed once attempts can be recorded' });

      const apiFailure = log.lines.find((line) => line.msg === 'request failed');
      const batchFailure = log.lines.find((line) => line.msg === 'batch item failed');
      for (const line of [apiFailure, batchFailure, unrecorded]) {
        assert.ok(line !== undefined);
        assert.equal(line.level, 'error', line.msg);
        assert.deepEqual(line.err, { type: 'DatabaseError', code: 'P0001', severity: 'ERROR' },
          line.msg);
      }
      assert.equal(unrecorded.endpointId, endpointId);
      assert.equal(unrecorded.eventId, (published.json as { id: string }).id);
      assert.equal(typeof unrecorded.deliveryId, 'string');
      assertNoneContains(log.lines, log.text(), [PAYLOAD_MARKER, URL_QUERY_SECRET]);
    } finally {
      await receiver.close();
    }
  });

/** Triggers whose errors quote the stored payload and the endpoint's URL, as pg errors can. */
async function installEchoingTriggers(pool: { query(sql: string): Promise<unknown> })
  : Promise<void> {
  await pool.query(`
    CREATE FUNCTION echo_payload() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.event_type = 'db.fault' THEN
        RAISE EXCEPTION 'refused payload %', convert_from(NEW.payload, 'UTF8')
          USING DETAIL = convert_from(NEW.payload, 'UTF8');
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER events_echo_payload BEFORE INSERT ON events
      FOR EACH ROW EXECUTE FUNCTION echo_payload();
    CREATE FUNCTION echo_url() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE endpoint_url text;
    BEGIN
      SELECT e.url INTO endpoint_url FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
        WHERE d.id = NEW.delivery_id;
      RAISE EXCEPTION 'refused attempt to %', endpoint_url USING HINT = endpoint_url;
    END $$;
    CREATE TRIGGER attempts_echo_url BEFORE INSERT ON attempts
      FOR EACH ROW EXECUTE FUNCTION echo_url();`);
}

function assertNoneContains(lines: readonly LogLine[], text: string,
  forbidden: readonly string[]): void {
  assert.ok(lines.length > 10, 'the services logged');
  for (const value of forbidden) {
    assert.ok(!text.includes(value), `a log line contains ${value}`);
  }
}

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform, type Platform } from '../src/platform/platform.ts';
import { runSchemathesis } from '../src/testing/schemathesis.ts';
import { createEndpoint, publish } from './support.ts';

/** One endpoint, one event and its delivery, dead so that replays have something to do. */
async function seed(platform: Platform, token: string):
  Promise<{ endpointId: string; eventId: string; deliveryId: string }> {
  const endpoint = await createEndpoint(platform, token, 'http://127.0.0.1:9/fuzz');
  const event = await publish(platform, token, 'fuzz.seeded', '{"n":1}');
  const { rows } = await platform.pool.query<{ id: string }>(
    `UPDATE deliveries SET status = 'dead', attempt_count = 1, last_status_code = 500,
       last_error_class = 'http_5xx', finished_at = now()
     WHERE event_id = $1 RETURNING id`, [event.id]);
  const deliveryId = rows[0]?.id;
  assert.ok(deliveryId !== undefined);
  return { endpointId: endpoint.id, eventId: event.id, deliveryId };
}

/**
 * Schemathesis generates requests from the served OpenAPI document, valid and invalid, for
 * every operation. No workers run: endpoints it registers (any URL) must never be called. And
 * the api must not resolve their generated host names either: that would be DNS traffic.
 */
test('fuzzing the OpenAPI document finds no 5xx and no answer outside its schema', async () => {
  await using platform = await startPlatform({ workers: 0,
    api: { OUTBOUND_RESOLVE_ON_SAVE: 'false' } });
  const token = await platform.token('fuzz');
  const ids = await seed(platform, token);
  const result = await runSchemathesis({
    apiUrl: platform.apiUrl, token, maxExamples: 100, seed: 20_261_204,
    pathIds: [
      { pathRegex: '^/v1/endpoints/\\{id\\}', id: ids.endpointId },
      { pathRegex: '^/v1/events/\\{id\\}', id: ids.eventId },
      { pathRegex: '^/v1/deliveries/\\{id\\}', id: ids.deliveryId },
    ],
  });
  if (process.env.HARBORHOOK_FUZZ_REPORT === '1') process.stdout.write(result.output);
  assert.equal(result.exitCode, 0, `schemathesis found problems:\n${result.output}`);
});

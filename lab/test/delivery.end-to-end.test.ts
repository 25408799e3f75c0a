import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startPlatform } from '../src/platform/platform.ts';
import { Receiver } from '../src/receivers/receiver.ts';
import { waitFor } from '../src/env/wait-for.ts';
import { assertSigned, createEndpoint, publish } from './support.ts';

/** Bodies a careless re-serialisation would change. */
const AWKWARD_BODIES = [
  '{ "z" : 1,\t"a":[ 1 ,2 ] ,"nested":{"y":null , "x":true} }',
  '{"name":"caf\\u00e9 \\ud83d\\ude00 \\"q\\"","raw":"café 😀"}',
  '{"big":12345678901234567890123,"float":1.0,"exp":1E+2,"neg":-0}',
  '{"trailing":"newline"}\n',
  '[1,"two",{"three":3}]',
];

test('a published event reaches the receiver signed, byte for byte, and is recorded delivered',
  async () => {
    await using platform = await startPlatform();
    const receiver = await Receiver.start();
    try {
      const token = await platform.token('acme');
      const endpoint = await createEndpoint(platform, token, receiver.url('/hooks'), ['order.*']);
      const event = await publish(platform, token, 'order.created', AWKWARD_BODIES[0] ?? '');
      assert.equal(event.deliveryCount, 1);

      const [request] = await receiver.waitForRequests(1);
      assert.ok(request !== undefined);
      assert.equal(request.body.toString('utf8'), AWKWARD_BODIES[0]);
      assert.equal(request.headers['webhook-id'], event.id);
      assert.equal(request.headers['content-type'], 'application/json');
      assertSigned(request, endpoint.secret);

      const delivered = await waitFor(async () => {
        const response = await platform.request(token, 'GET', `/v1/events/${event.id}`);
        const body = response.json as { deliveries: { id: string; status: string }[] };
        return body.deliveries[0]?.status === 'delivered' ? body.deliveries[0] : undefined;
      }, { what: 'the delivery to be recorded as delivered' });
      const detail = await platform.request(token, 'GET', `/v1/deliveries/${delivered.id}`);
      const attempts = (detail.json as { attempts: { statusCode: number; outcome: string }[] })
        .attempts;
      assert.deepEqual(attempts.map((a) => [a.statusCode, a.outcome]), [[200, 'delivered']]);
    } finally {
      await receiver.close();
    }
  });

test('awkward bodies arrive byte-identical on the first attempt, on retries and on replay',
  async () => {
    await using platform = await startPlatform({ worker: { RETRY_SCHEDULE: '20ms,20ms' } });
    const receiver = await Receiver.start({ kind: 'status', status: 503 });
    try {
      const token = await platform.token('acme');
      const endpoint = await createEndpoint(platform, token, receiver.url('/hooks'));
      const events = [];
      for (const body of AWKWARD_BODIES) events.push(await publish(platform, token, 'a.b', body));

      // Three failing attempts each, then dead.
      await receiver.waitForRequests(AWKWARD_BODIES.length * 3);
      const dead = await waitFor(async () => {
        const response = await platform.request(token, 'GET', '/v1/dead-letters?limit=100');
        const rows = (response.json as { data: unknown[] }).data;
        return rows.length === AWKWARD_BODIES.length ? rows : undefined;
      }, { what: 'every delivery to be dead' });
      assert.equal(dead.length, AWKWARD_BODIES.length);

      receiver.setBehaviour({ kind: 'succeed' });
      const replay = await platform.request(token, 'POST', '/v1/dead-letters/replay',
        { endpointId: endpoint.id });
      assert.equal(replay.status, 202, replay.text);
      assert.equal((replay.json as { replayed: number }).replayed, AWKWARD_BODIES.length);
      await receiver.waitForRequests(AWKWARD_BODIES.length * 4);

      events.forEach((event, i) => {
        const seen = receiver.requests.filter((r) => r.headers['webhook-id'] === event.id);
        assert.equal(seen.length, 4, 'three failed attempts and one replayed attempt');
        for (const request of seen) {
          assert.equal(request.body.toString('utf8'), AWKWARD_BODIES[i]);
          assertSigned(request, endpoint.secret);
        }
      });
    } finally {
      await receiver.close();
    }
  });

test('an endpoint that fails twice and then succeeds gets three attempts and ends delivered',
  async () => {
    await using platform = await startPlatform();
    const receiver = await Receiver.start({ kind: 'fail-first', count: 2 });
    try {
      const token = await platform.token('acme');
      await createEndpoint(platform, token, receiver.url());
      const event = await publish(platform, token, 'x', '{"n":1}');
      const delivery = await waitFor(async () => {
        const response = await platform.request(token, 'GET', `/v1/events/${event.id}`);
        const d = (response.json as { deliveries: { id: string; status: string }[] })
          .deliveries[0];
        return d?.status === 'delivered' ? d : undefined;
      }, { what: 'delivered after retries' });
      const response = await platform.request(token, 'GET',
        `/v1/deliveries/${delivery.id}/attempts`);
      const attempts = (response.json as { data: { statusCode: number; outcome: string }[] }).data;
      assert.deepEqual(attempts.map((a) => [a.statusCode, a.outcome]),
        [[500, 'retry'], [500, 'retry'], [200, 'delivered']]);
      const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      assert.deepEqual([...ids], [event.id]);
    } finally {
      await receiver.close();
    }
  });

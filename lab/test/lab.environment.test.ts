import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '../src/env/wait-for.ts';
import type { Lab, LabReceiver } from '../src/lab/lab.ts';
import { LabError } from '../src/lab/lab-error.ts';
import { startLab } from '../src/lab/start-lab.ts';

async function deliveryStatuses(lab: Lab): Promise<Record<string, number>> {
  const { rows } = await lab.database.pool.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM deliveries GROUP BY status');
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

async function waitUntilDelivered(lab: Lab, count: number): Promise<void> {
  await waitFor(async () => (await deliveryStatuses(lab)).delivered === count,
    { what: `${count} deliveries delivered`, timeoutMs: 60_000, intervalMs: 100 });
}

/** The lab's first receiver, registered as an endpoint of tenant acme. */
async function endpointOnFirstReceiver(lab: Lab):
  Promise<{ target: LabReceiver; token: string }> {
  const target = lab.receivers[0];
  assert.ok(target !== undefined);
  const token = await lab.api.token('acme');
  await lab.api.createEndpoint(token, target.url());
  return { target, token };
}

async function nsqdConsumerCount(lab: Lab): Promise<number> {
  const response = await fetch(`http://${lab.nsqd.httpAddress}/stats?format=json`);
  const stats = await response.json() as
    { topics: { channels: { client_count: number }[] }[] };
  return stats.topics.flatMap((t) => t.channels).reduce((n, c) => n + c.client_count, 0);
}

test('a lab with two workers delivers published events to a receiver through its proxy',
  async () => {
    await using lab = await startLab({ workers: 2 });
    const target = lab.receivers[0];
    assert.ok(target !== undefined);
    const token = await lab.api.token('acme');
    const endpoint = await lab.api.createEndpoint(token, target.url('/hooks'));
    const bodies = Array.from({ length: 10 }, (_, n) => `{"order":${n},"total":"1.5${n}"}`);
    for (const body of bodies) await lab.api.publish(token, 'order.created', body);

    const requests = await target.receiver.waitForRequests(bodies.length);
    await waitUntilDelivered(lab, bodies.length);
    assert.notEqual(target.link.listen, `127.0.0.1:${target.receiver.port}`);
    for (const request of requests) {
      // The worker dialled the proxy, not the receiver: the Host header names the proxy.
      assert.equal(request.headers.host, target.link.listen);
      new Webhook(endpoint.secret).verify(request.body.toString('utf8'), {
        'webhook-id': request.headers['webhook-id'] ?? '',
        'webhook-timestamp': request.headers['webhook-timestamp'] ?? '',
        'webhook-signature': request.headers['webhook-signature'] ?? '',
      });
    }
    assert.deepEqual(requests.map((r) => r.body.toString('utf8')).sort(), [...bodies].sort());
    assert.equal(await nsqdConsumerCount(lab), 2, 'both workers consume from nsqd');
  });

test('a 200 ms latency toxic on the api-postgres link makes a publish take longer than 200 ms',
  async () => {
    await using lab = await startLab();
    const token = await lab.api.token('acme');
    const publish = async (): Promise<number> => {
      const started = performance.now();
      await lab.api.publish(token, 'order.created', '{"n":1}');
      return performance.now() - started;
    };
    const before = await publish();
    {
      await using toxic = await lab.links['api-postgres'].addToxic(
        { type: 'latency', latencyMs: 200 });
      assert.deepEqual(await lab.links['api-postgres'].toxicNames(), [...toxic.names]);
      const slowed = await publish();
      assert.ok(slowed > 200, `publish took ${slowed} ms under the toxic (${before} ms before)`);
    }
    assert.deepEqual(await lab.links['api-postgres'].toxicNames(), []);
    const { rows } = await lab.database.pool.query('SELECT id FROM events');
    assert.equal(rows.length, 2);
  });

test('a delivery retries while the worker-receiver link is down and succeeds once it is back',
  async () => {
    await using lab = await startLab();
    const { target, token } = await endpointOnFirstReceiver(lab);
    await target.link.disable();
    assert.equal(await target.link.isEnabled(), false);
    await lab.api.publish(token, 'order.created', '{"during":"outage"}');

    await waitFor(async () => {
      const { rows } = await lab.database.pool.query<{ n: string }>(
        "SELECT count(*) AS n FROM attempts WHERE outcome = 'retry'");
      return Number(rows[0]?.n) >= 2;
    }, { what: 'two failed attempts during the outage', timeoutMs: 30_000, intervalMs: 50 });
    assert.equal(target.receiver.requests.length, 0);
    assert.equal((await deliveryStatuses(lab)).delivered, undefined);

    await target.link.enable();
    await waitUntilDelivered(lab, 1);
    assert.equal(target.receiver.requests.length, 1);
    assert.equal(target.receiver.requests[0]?.body.toString('utf8'), '{"during":"outage"}');
  });

test('after one of two workers is killed with SIGKILL the other delivers every event',
  async () => {
    await using lab = await startLab({
      workers: 2,
      receivers: [{ kind: 'slow', delayMs: 50 }],
      // Short leases, so attempts the killed worker held come back quickly.
      env: { worker: { WORKER_ATTEMPT_LEASE: '3s', DELIVERY_TIMEOUT: '2s' },
        relay: { RELAY_QUEUED_LEASE: '3s' } },
    });
    const { target, token } = await endpointOnFirstReceiver(lab);
    const [victim, survivor] = lab.services.workers;
    assert.ok(victim !== undefined && survivor !== undefined);
    const ids = new Set<string>();
    for (let n = 0; n < 20; n += 1) {
      ids.add((await lab.api.publish(token, 'order.created', `{"n":${n}}`)).id);
    }
    await target.receiver.waitForRequests(1);
    const victimPid = victim.pid;
    assert.ok(victimPid !== undefined);
    await victim.kill();
    assert.equal(victim.running, false);
    assert.throws(() => process.kill(victimPid, 0), { code: 'ESRCH' });
    for (let n = 20; n < 30; n += 1) {
      ids.add((await lab.api.publish(token, 'order.created', `{"n":${n}}`)).id);
    }

    await waitUntilDelivered(lab, 30);
    assert.equal(survivor.running, true);
    const seen = new Set(target.receiver.requests.map((r) => r.headers['webhook-id']));
    assert.deepEqual([...seen].sort(), [...ids].sort());
  });

test('a link name the lab does not have is refused with LAB_ERR_UNKNOWN_LINK', async () => {
  await using lab = await startLab();
  assert.throws(() => lab.link('worker-receiver-7'),
    (err: unknown) => err instanceof LabError && err.code === 'LAB_ERR_UNKNOWN_LINK');
  assert.equal(lab.link('worker-receiver-0'), lab.receivers[0]?.link);
  await lab.links['worker-postgres'].addToxic({ type: 'latency', latencyMs: 1, name: 'x' });
  await assert.rejects(
    lab.links['worker-postgres'].addToxic({ type: 'latency', latencyMs: 1, name: 'x' }),
    (err: unknown) => err instanceof LabError && err.code === 'LAB_ERR_TOXIC_EXISTS');
});

test('after nsqd is killed and started again the workers reconnect through their link',
  async () => {
    await using lab = await startLab();
    const { target, token } = await endpointOnFirstReceiver(lab);
    await lab.nsqd.kill();
    assert.equal(lab.nsqd.running, false);
    await lab.api.publish(token, 'order.created', '{"while":"nsqd down"}');
    await lab.nsqd.start();
    await lab.api.publish(token, 'order.created', '{"after":"restart"}');

    await waitUntilDelivered(lab, 2);
    assert.deepEqual(target.receiver.requests.map((r) => r.body.toString('utf8')).sort(),
      ['{"after":"restart"}', '{"while":"nsqd down"}']);
  });

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Webhook } from 'standardwebhooks';
import { waitFor } from '../src/env/wait-for.ts';
import { captureServer, startDevCommand } from './dev-support.ts';

test('the dev command runs the platform and the printed steps deliver a first event',
  async (t) => {
    const dev = await startDevCommand(t);
    const { api } = dev;
    assert.match(dev.output(), new RegExp(`api\\s+${api}`));
    const token = await dev.token('acme');
    const receiver = await captureServer(t);

    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${api}/v1/endpoints`, {
      method: 'POST', headers: auth,
      body: JSON.stringify({ url: `${receiver.url}/webhooks`, eventTypes: ['order.*'] }),
    });
    assert.equal(created.status, 201);
    const { secret } = await created.json() as { secret: string };

    const body = '{"orderId": 42, "total": "19.99"}';
    const published = await fetch(`${api}/v1/events`, {
      method: 'POST', headers: { ...auth, 'harborhook-event-type': 'order.created' }, body,
    });
    assert.equal(published.status, 202);
    const event = await published.json() as { id: string; deliveryCount: number };
    assert.equal(event.deliveryCount, 1);

    await waitFor(() => receiver.received.length >= 1, { what: 'the webhook at the receiver' });
    const first = receiver.received[0];
    assert.ok(first !== undefined);
    assert.equal(first.body, body);
    assert.equal(first.headers['webhook-id'], event.id);
    assert.equal(first.headers.traceparent, undefined, 'tracing is off unless configured');
    new Webhook(secret).verify(first.body, {
      'webhook-id': String(first.headers['webhook-id']),
      'webhook-timestamp': String(first.headers['webhook-timestamp']),
      'webhook-signature': String(first.headers['webhook-signature']),
    });

    // A worker that dies is restarted, and delivery goes on.
    const workerPid = Number(/worker (\d+)/.exec(dev.output())?.[1]);
    assert.ok(workerPid > 0, 'the welcome text names the worker process');
    process.kill(workerPid, 'SIGKILL');
    await waitFor(() => dev.output().includes('restarting worker'),
      { what: 'the worker restart' });
    const second = await fetch(`${api}/v1/events`, {
      method: 'POST', headers: { ...auth, 'harborhook-event-type': 'order.paid' }, body: '{}',
    });
    assert.equal(second.status, 202);
    await waitFor(() => receiver.received.length >= 2,
      { what: 'a webhook after the worker restart' });

    dev.process.kill('SIGINT');
    assert.equal(await dev.exited, 0);
    await assert.rejects(fetch(`${api}/healthz`), 'the api stops with the dev command');
  });

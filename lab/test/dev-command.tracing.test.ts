import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitFor } from '../src/env/wait-for.ts';
import { captureServer, startDevCommand } from './dev-support.ts';

test('the dev command passes OTEL variables to its services: a trace reaches the collector',
  async (t) => {
    const collector = await captureServer(t, 200);
    const dev = await startDevCommand(t, { env: {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      // Export within a fifth of a second instead of OpenTelemetry's five.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    } });
    const token = await dev.token('acme');
    const receiver = await captureServer(t);
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${dev.api}/v1/endpoints`, { method: 'POST', headers: auth,
      body: JSON.stringify({ url: `${receiver.url}/webhooks`, eventTypes: ['*'] }) });
    assert.equal(created.status, 201);
    const published = await fetch(`${dev.api}/v1/events`, { method: 'POST',
      headers: { ...auth, 'harborhook-event-type': 'order.created' }, body: '{}' });
    assert.equal(published.status, 202);

    await waitFor(() => receiver.received.length >= 1, { what: 'the webhook' });
    const traceparent = String(receiver.received[0]?.headers.traceparent ?? '');
    const traceId = /^00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(traceparent)?.[1];
    assert.ok(traceId !== undefined, `the webhook carries a traceparent: "${traceparent}"`);
    // The api's and the worker's spans of that trace reach the collector.
    const exported = () => collector.received.filter((r) => r.path === '/v1/traces'
      && r.body.includes(traceId)).map((r) => r.body).join('\n');
    await waitFor(() => exported().includes('harborhook-api')
      && exported().includes('harborhook-worker'), { what: 'both services\' spans exported' });
  });

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan }
  from '@opentelemetry/sdk-trace';
import { startTracing, stopTracing } from '@harborhook/shared/telemetry/tracing';

// Tracing must start before anything loads pg: the platform is imported only afterwards.
const exporter = new InMemorySpanExporter();
await startTracing('harborhook-test', {},
  { spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const { startPlatform } = await import('../src/platform/platform.ts');
const { Receiver } = await import('../src/receivers/receiver.ts');
const { capturingLogger } = await import('../src/testing/capturing-logger.ts');
const { waitFor } = await import('../src/env/wait-for.ts');
const { scrape } = await import('../src/testing/scrape.ts');
const { createEndpoint } = await import('./support.ts');

function parentOf(span: ReadableSpan): string | undefined {
  return span.parentSpanContext?.spanId;
}

/** The chain of span names from `span` up to the trace's root, nearest first. */
function ancestry(span: ReadableSpan, byId: Map<string, ReadableSpan>): string[] {
  const names: string[] = [];
  for (let at = byId.get(parentOf(span) ?? ''); at !== undefined;
    at = byId.get(parentOf(at) ?? '')) names.push(at.name);
  return names;
}

test('one trace follows an event from the publish request to the receiver, parents included, '
  + 'never its path or query',
  async (t) => {
    const log = capturingLogger('platform', 'debug');
    await using platform = await startPlatform({ logger: log.logger });
    const receiver = await Receiver.start({ kind: 'succeed' });
    t.after(() => receiver.close());
    t.after(() => stopTracing());
    const token = await platform.token('tracing');
    // Receivers put credentials in paths and queries; spans must not carry them.
    await createEndpoint(platform, token,
      receiver.url('/hooks/PATH-SECRET-31?token=QUERY-SECRET-32'));

    // The publisher is itself traced: Harborhook continues its trace.
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const published = await platform.request(token, 'POST', '/v1/events', '{"n":1}', {
      'harborhook-event-type': 'order.created', traceparent: `00-${traceId}-${callerSpanId}-01`,
    });
    assert.equal(published.status, 202, published.text);
    const [webhook] = await receiver.waitForRequests(1);
    await waitFor(() => exporter.getFinishedSpans().some((span) =>
      span.kind === SpanKind.CONSUMER && span.spanContext().traceId === traceId),
    { what: 'the worker to end its span' });

    const spans = exporter.getFinishedSpans()
      .filter((span) => span.spanContext().traceId === traceId);
    t.diagnostic(`${spans.length} spans for one event delivered to one endpoint`);
    const byId = new Map(spans.map((span) => [span.spanContext().spanId, span]));
    const one = (what: string, match: (span: ReadableSpan) => boolean): ReadableSpan => {
      const found = spans.filter(match);
      assert.equal(found.length, 1, `one ${what} span, got ${found.map((s) => s.name)}`);
      return found[0] as ReadableSpan;
    };
    const server = one('server', (span) => span.kind === SpanKind.SERVER);
    const producer = one('producer', (span) => span.kind === SpanKind.PRODUCER);
    const consumer = one('consumer', (span) => span.kind === SpanKind.CONSUMER);
    const post = one('webhook POST', (span) => span.kind === SpanKind.CLIENT
      && span.attributes['http.request.method'] === 'POST');
    // The event and its deliveries are stored by one call (migration 0007's function).
    const insert = one('event group insert', (span) => span.kind === SpanKind.CLIENT
      && String(span.attributes['db.query.text'] ?? '').includes('harborhook_store_event_group'));

    // The api's request continues the caller's span; every other span hangs off the chain.
    assert.equal(parentOf(server), callerSpanId);
    for (const span of spans) {
      if (span === server) continue;
      assert.ok(byId.has(parentOf(span) ?? ''), `${span.name} has its parent in the trace`);
    }
    assert.ok(ancestry(insert, byId).includes(server.name), 'the insert runs in the request');
    assert.ok(ancestry(producer, byId).includes(server.name), 'the relay continues the request');
    assert.equal(parentOf(consumer), producer.spanContext().spanId, 'NSQ carries the context');
    assert.equal(parentOf(post), consumer.spanContext().spanId);
    assert.ok(spans.some((span) => span.kind === SpanKind.CLIENT
      && parentOf(span) === consumer.spanContext().spanId
      && String(span.attributes['db.query.text'] ?? '').length > 0),
    'the worker\'s Postgres statements are children of its span');
    assert.equal(producer.attributes['messaging.destination.name'], platform.wiring.nsqTopic);

    const attributes = JSON.stringify(spans.map((span) => span.attributes));
    assert.doesNotMatch(attributes, /PATH-SECRET-31|QUERY-SECRET-32/,
      'a span names the endpoint\'s origin, never its path or query');
    assert.equal(post.attributes['url.full'], `${new URL(receiver.url()).origin}/[redacted]`);

    // The receiver can join the trace: its parent is the POST that reached it.
    assert.equal(webhook?.headers.traceparent,
      `00-${traceId}-${post.spanContext().spanId}-01`);

    // The services' log lines about this event carry its trace id, from the api and worker.
    const traced = log.lines.filter((line) => line.trace_id === traceId);
    assert.ok(traced.some((line) => line.msg === 'request completed'), 'the api\'s request line');
    assert.ok(traced.some((line) => line.deliveryId !== undefined), 'a worker line');

    // Latency buckets point at this trace through OpenMetrics exemplars.
    const exemplarsOf = async (url: string, name: string): Promise<string[]> =>
      (await scrape(url)).filter((sample) => sample.name === name)
        .map((sample) => sample.exemplar?.trace_id ?? '');
    const urls = platform.metricsUrls;
    assert.ok((await exemplarsOf(urls.api, 'harborhook_publish_duration_seconds_bucket'))
      .includes(traceId), 'the publish duration carries the trace as an exemplar');
    const worker = urls.workers[0] ?? '';
    for (const name of ['harborhook_delivery_latency_seconds_bucket',
      'harborhook_delivery_first_attempt_delay_seconds_bucket',
      'harborhook_delivery_attempt_duration_seconds_bucket']) {
      assert.ok((await exemplarsOf(worker, name)).includes(traceId), `${name} has the trace`);
    }
  });

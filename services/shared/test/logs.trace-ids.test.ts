import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider }
  from '@opentelemetry/sdk-trace';
import { createLogger } from '../src/logger.ts';

interface Line {
  msg: string;
  trace_id?: string;
  span_id?: string;
  trace_flags?: string;
}

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const tracer = provider.getTracer('logs-test');
const contextManager = new AsyncLocalStorageContextManager();

before(() => {
  context.setGlobalContextManager(contextManager.enable());
});

after(async () => {
  context.disable();
  await provider.shutdown();
});

function capture(): { lines: Line[]; logger: ReturnType<typeof createLogger> } {
  const lines: Line[] = [];
  const logger = createLogger('test', { level: 'info' },
    { write: (chunk: string) => { lines.push(JSON.parse(chunk) as Line); } });
  return { lines, logger };
}

test('a line written inside an active span carries that span\'s trace and span ids', async () => {
  const { lines, logger } = capture();
  await tracer.startActiveSpan('outer', async (outer) => {
    logger.info('in the outer span');
    // Across an await, the context manager still knows the active span.
    await new Promise<void>((resolve) => { setImmediate(resolve); });
    await tracer.startActiveSpan('inner', async (inner) => {
      logger.child({ deliveryId: 'd-1' }).info('in the inner span');
      inner.end();
    });
    outer.end();
  });
  const spans = exporter.getFinishedSpans();
  const outer = spans.find((span) => span.name === 'outer')?.spanContext();
  const inner = spans.find((span) => span.name === 'inner')?.spanContext();
  assert.ok(outer !== undefined && inner !== undefined, 'both spans were exported');
  assert.deepEqual(lines.map((line) => [line.msg, line.trace_id, line.span_id, line.trace_flags]),
    [['in the outer span', outer.traceId, outer.spanId, '01'],
      ['in the inner span', outer.traceId, inner.spanId, '01']]);
  assert.notEqual(inner.spanId, outer.spanId);
});

test('a line written outside any span, or in a span context that is not valid, has no ids',
  () => {
    const { lines, logger } = capture();
    logger.info('outside');
    const invalid = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16),
      traceFlags: 0 });
    context.with(trace.setSpan(context.active(), invalid), () => { logger.info('invalid'); });
    assert.equal(lines.length, 2);
    for (const line of lines) {
      assert.deepEqual([line.trace_id, line.span_id, line.trace_flags],
        [undefined, undefined, undefined], line.msg);
    }
  });

import { isSpanContextValid, trace } from '@opentelemetry/api';

export interface TraceFields {
  trace_id?: string;
  span_id?: string;
  trace_flags?: string;
}

/**
 * pino's mixin: the ids of the span active where the line is written, in the OpenTelemetry
 * names log pipelines correlate on. Nothing when no valid span is active (no tracer, or
 * outside any span), so such lines carry no empty or all-zero ids.
 */
export function activeTraceFields(): TraceFields {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: spanContext.traceFlags.toString(16).padStart(2, '0'),
  };
}

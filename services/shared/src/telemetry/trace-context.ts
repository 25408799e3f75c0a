import { context, propagation, ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';

/** The tracer of Harborhook's own spans (the relay's publish, the worker's processing). */
export const tracer = trace.getTracer('harborhook');

/**
 * The W3C traceparent of the active span, to store with a delivery or put in an NSQ message;
 * undefined when nothing is being traced.
 */
export function activeTraceparent(active: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(active, carrier);
  return carrier.traceparent;
}

/** The context a stored or received traceparent continues; the root when there is none. */
export function contextFromTraceparent(traceparent: string | null | undefined): Context {
  if (traceparent === null || traceparent === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

/** The trace context active now, to run later work in with `inContext`. */
export function activeContext(): Context {
  return context.active();
}

/** Runs `work` with `traced` as the active trace context. */
export function inContext<T>(traced: Context, work: () => T): T {
  return context.with(traced, work);
}

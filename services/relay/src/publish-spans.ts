import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import { encodeDeliveryMessage } from '@harborhook/shared/nsq/delivery-message';
import {
  DELIVERY_ID, MESSAGING_DESTINATION_NAME, MESSAGING_OPERATION_TYPE, MESSAGING_SYSTEM,
} from '@harborhook/shared/telemetry/messaging-attributes';
import { activeTraceparent, contextFromTraceparent, tracer }
  from '@harborhook/shared/telemetry/trace-context';
import { tracingEnabled } from '@harborhook/shared/telemetry/tracing';
import type { DueDelivery } from './queries/mark-due-queued.ts';

/** One batch's NSQ messages and the producer spans that end when the mpub answers. */
export interface TracedBatch {
  messages: Buffer[];
  end(error?: unknown): void;
}

/**
 * A producer span per delivery whose creating request was traced, a child of that request's
 * span, and the message carries the producer span's context to the worker. Deliveries created
 * without a trace go out without one: the relay does not start traces of its own, or every
 * poll of an untraced platform would.
 */
export function startPublishSpans(deliveries: readonly DueDelivery[], topic: string):
  TracedBatch {
  if (!tracingEnabled()) {
    return {
      messages: deliveries.map((d) => encodeDeliveryMessage({ deliveryId: d.id })),
      end: () => undefined,
    };
  }
  const spans: Span[] = [];
  const messages = deliveries.map((delivery) => {
    if (delivery.traceparent === null) return encodeDeliveryMessage({ deliveryId: delivery.id });
    const span = tracer.startSpan(`publish ${topic}`, {
      kind: SpanKind.PRODUCER,
      attributes: {
        [MESSAGING_SYSTEM]: 'nsq',
        [MESSAGING_OPERATION_TYPE]: 'send',
        [MESSAGING_DESTINATION_NAME]: topic,
        [DELIVERY_ID]: delivery.id,
      },
    }, contextFromTraceparent(delivery.traceparent));
    spans.push(span);
    const traceparent = activeTraceparent(trace.setSpan(ROOT_CONTEXT, span));
    return encodeDeliveryMessage(traceparent === undefined ? { deliveryId: delivery.id }
      : { deliveryId: delivery.id, traceparent });
  });
  return {
    messages,
    end: (error) => {
      for (const span of spans) {
        if (error !== undefined) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: 'nsqd refused the batch' });
        }
        span.end();
      }
    },
  };
}

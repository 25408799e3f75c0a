import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { DeliveryMessage } from '@harborhook/shared/nsq/delivery-message';
import {
  DELIVERY_ID, MESSAGING_CONSUMER_GROUP_NAME, MESSAGING_DESTINATION_NAME,
  MESSAGING_MESSAGE_ID, MESSAGING_OPERATION_TYPE, MESSAGING_SYSTEM,
} from '@harborhook/shared/telemetry/messaging-attributes';
import { contextFromTraceparent, tracer } from '@harborhook/shared/telemetry/trace-context';
import { tracingEnabled } from '@harborhook/shared/telemetry/tracing';

/** Where a message came from: the topic and the channel this worker reads. */
export interface MessageSource {
  topic: string;
  channel: string;
}

/**
 * Runs the handling of one message inside a consumer span that continues the trace the relay
 * put in the message. The attempt's Postgres statements and its webhook POST (which carries
 * the `traceparent` header to the receiver) become children of this span. nsqjs emits
 * messages from its socket callbacks, so the context must be set here, not inherited.
 */
export async function withProcessSpan(message: DeliveryMessage, nsqMessageId: string,
  source: MessageSource, work: () => Promise<void>): Promise<void> {
  if (!tracingEnabled()) {
    await work();
    return;
  }
  const parent = contextFromTraceparent(message.traceparent);
  const span = tracer.startSpan(`process ${source.topic}`, {
    kind: SpanKind.CONSUMER,
    attributes: {
      [MESSAGING_SYSTEM]: 'nsq',
      [MESSAGING_OPERATION_TYPE]: 'process',
      [MESSAGING_DESTINATION_NAME]: source.topic,
      [MESSAGING_CONSUMER_GROUP_NAME]: source.channel,
      [MESSAGING_MESSAGE_ID]: nsqMessageId,
      [DELIVERY_ID]: message.deliveryId,
    },
  }, parent);
  try {
    await context.with(trace.setSpan(parent, span), work);
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'delivery handling failed' });
    throw err;
  } finally {
    span.end();
  }
}

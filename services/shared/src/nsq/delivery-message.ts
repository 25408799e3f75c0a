/**
 * The body of an NSQ message: only the delivery's id and the trace context. Postgres holds
 * everything else, so a message is a wake-up call that is safe to lose or to receive twice.
 */
export interface DeliveryMessage {
  deliveryId: string;
  /** W3C traceparent of the span that published the message, when tracing is on. */
  traceparent?: string;
}

export function encodeDeliveryMessage(message: DeliveryMessage): Buffer {
  const wire: { d: string; tp?: string } = { d: message.deliveryId };
  if (message.traceparent !== undefined) wire.tp = message.traceparent;
  return Buffer.from(JSON.stringify(wire));
}

export function decodeDeliveryMessage(body: Buffer): DeliveryMessage | undefined {
  try {
    const wire = JSON.parse(body.toString('utf8')) as { d?: unknown; tp?: unknown };
    if (typeof wire.d !== 'string') return undefined;
    const message: DeliveryMessage = { deliveryId: wire.d };
    if (typeof wire.tp === 'string') message.traceparent = wire.tp;
    return message;
  } catch {
    return undefined;
  }
}

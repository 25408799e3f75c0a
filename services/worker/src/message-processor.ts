import type { Message } from 'nsqjs';
import { isUuid } from '@harborhook/shared/ids';
import type { Logger } from '@harborhook/shared/logger';
import { decodeDeliveryMessage } from '@harborhook/shared/nsq/delivery-message';
import type { DeliveryHandler } from './delivery-handler.ts';
import { withProcessSpan, type MessageSource } from './process-span.ts';

/** How soon a message comes back when Postgres failed while handling it. */
export const DATABASE_RETRY_DELAY_MS = 5_000;

/**
 * Turns one NSQ message into one delivery attempt and finishes (FINs) it afterwards: the
 * message is only a wake-up call. The one exception is a failure to talk to Postgres: then the
 * message is requeued without backoff, so the delivery is tried again seconds after the
 * database is back instead of waiting for its lease (RELAY_QUEUED_LEASE, minutes). A redelivered
 * message for a delivery that was claimed meanwhile is ignored as usual.
 */
export async function processMessage(message: Message, handler: DeliveryHandler,
  logger: Logger, source: MessageSource): Promise<void> {
  const decoded = decodeDeliveryMessage(message.body);
  if (decoded === undefined || !isUuid(decoded.deliveryId)) {
    logger.warn({ nsqMessageId: message.id, bytes: message.body.length },
      'undecodable NSQ message finished without work');
    message.finish();
    return;
  }
  try {
    await withProcessSpan(decoded, message.id, source,
      () => handler.handle(decoded.deliveryId));
  } catch (err) {
    logger.error({ deliveryId: decoded.deliveryId, err,
      retryInMs: DATABASE_RETRY_DELAY_MS }, 'delivery handling failed; message requeued');
    // No backoff: a database outage must not pause the reader for every other delivery.
    message.requeue(DATABASE_RETRY_DELAY_MS, false);
    return;
  }
  message.finish();
}

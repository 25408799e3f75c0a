import type { Message } from 'nsqjs';
import { errorFields } from '@harborhook/shared/error-fields';
import { isUuid } from '@harborhook/shared/ids';
import type { Logger } from '@harborhook/shared/logger';
import { decodeDeliveryMessage } from '@harborhook/shared/nsq/delivery-message';
import type { DeliveryHandler } from './delivery-handler.ts';

/**
 * Turns one NSQ message into one delivery attempt and always finishes (FINs) it afterwards:
 * the message is only a wake-up call, and every failure is recovered from Postgres (a lease
 * that expires), never by requeueing the message.
 */
export async function processMessage(message: Message, handler: DeliveryHandler,
  logger: Logger): Promise<void> {
  const decoded = decodeDeliveryMessage(message.body);
  if (decoded === undefined || !isUuid(decoded.deliveryId)) {
    logger.warn({ nsqMessageId: message.id, bytes: message.body.length },
      'undecodable NSQ message finished without work');
    message.finish();
    return;
  }
  try {
    await handler.handle(decoded.deliveryId);
  } catch (err) {
    logger.error({ deliveryId: decoded.deliveryId, err: errorFields(err) },
      'delivery handling failed; its lease will expire and the relay will publish it again');
  }
  message.finish();
}

/**
 * OpenTelemetry's messaging attribute names, copied as the semantic-conventions package
 * advises for incubating conventions rather than importing its incubating entry point.
 */
export const MESSAGING_SYSTEM = 'messaging.system';
export const MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const MESSAGING_CONSUMER_GROUP_NAME = 'messaging.consumer.group.name';
export const MESSAGING_MESSAGE_ID = 'messaging.message.id';

/** Harborhook's own attributes on its spans. */
export const DELIVERY_ID = 'harborhook.delivery.id';
export const ATTEMPT_NUMBER = 'harborhook.attempt.number';

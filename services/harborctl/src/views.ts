import type { Column, Row } from './output.ts';

/**
 * The table columns of each resource. Fields are the API's JSON names; a field the API leaves
 * out shows as `-`, and `get` shows every field whatever the columns say.
 */

export const ENDPOINT_COLUMNS: readonly Column[] = [
  { header: 'ID', field: 'id' },
  { header: 'ENABLED', field: 'enabled' },
  { header: 'EVENT TYPES', field: 'eventTypes', maxWidth: 40 },
  { header: 'URL', field: 'url', maxWidth: 60 },
  { header: 'DESCRIPTION', field: 'description', maxWidth: 30 },
];

export const EVENT_COLUMNS: readonly Column[] = [
  { header: 'ID', field: 'id' },
  { header: 'TYPE', field: 'type', maxWidth: 40 },
  { header: 'CREATED', field: 'createdAt' },
  { header: 'BYTES', field: 'payloadBytes' },
  { header: 'IDEMPOTENCY KEY', field: 'idempotencyKey', maxWidth: 30 },
];

const DELIVERY_ID: Column = { header: 'ID', field: 'id' };
const DELIVERY_EVENT: Column = { header: 'EVENT', field: 'eventId' };
const DELIVERY_ENDPOINT: Column = { header: 'ENDPOINT', field: 'endpointId' };
const DELIVERY_STATE: readonly Column[] = [
  { header: 'STATUS', field: 'status' },
  { header: 'ATTEMPTS', field: 'attemptCount' },
  { header: 'LAST CODE', field: 'lastStatusCode' },
  { header: 'LAST ERROR', field: 'lastErrorClass', maxWidth: 24 },
];

/** Listing one event's deliveries, the event column would repeat the same id on every row. */
export function deliveryColumns(leaveOut?: 'event' | 'endpoint'): readonly Column[] {
  return [
    DELIVERY_ID,
    ...(leaveOut === 'event' ? [] : [DELIVERY_EVENT]),
    ...(leaveOut === 'endpoint' ? [] : [DELIVERY_ENDPOINT]),
    ...DELIVERY_STATE,
    { header: 'NEXT ATTEMPT', field: 'nextAttemptAt' },
  ];
}

export const DEAD_LETTER_COLUMNS: readonly Column[] = [
  DELIVERY_ID,
  DELIVERY_EVENT,
  DELIVERY_ENDPOINT,
  ...DELIVERY_STATE.slice(1),
  { header: 'FINISHED', field: 'finishedAt' },
  // A dead delivery stays listed after its replay; this says it was replayed, and by which.
  { header: 'REPLAYED BY', field: 'replayedBy' },
];

function durationText(row: Row): string | undefined {
  return typeof row.durationMs === 'number' ? `${row.durationMs} ms` : undefined;
}

export const ATTEMPT_COLUMNS: readonly Column[] = [
  { header: '#', field: 'attemptNumber' },
  { header: 'STARTED', field: 'startedAt' },
  { header: 'DURATION', field: durationText },
  { header: 'CODE', field: 'statusCode' },
  { header: 'ERROR', field: 'errorClass', maxWidth: 24 },
  { header: 'OUTCOME', field: 'outcome' },
  { header: 'RESPONSE', field: 'responseBodyPrefix', maxWidth: 40 },
];

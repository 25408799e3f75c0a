/** The one error shape (errors.ts), shared by every error response. */
export const errorBodySchema = {
  $id: 'ErrorBody',
  type: 'object',
  description: 'Every error answer has this shape; `code` is stable and documented.',
  additionalProperties: false,
  required: ['statusCode', 'code', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', description: 'A WHK_ERR_* code; docs/errors.md lists them all' },
    error: { type: 'string' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'string' } },
  },
} as const;

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid request (WHK_ERR_REQUEST_INVALID, WHK_ERR_REQUEST_MALFORMED_JSON)',
  401: 'Missing or invalid bearer token',
  403: 'The token lacks the scope this route needs',
  404: 'No such resource for this tenant',
  409: 'The request conflicts with the resource\'s state',
  413: 'The body is larger than the route accepts',
  415: 'The body is not application/json',
  422: 'The idempotency key was used with a different request',
  429: 'The tenant publishes faster than allowed (WHK_ERR_RATE_LIMITED); see Retry-After',
  500: 'Internal error',
  503: 'A dependency (the database, the token keys) is unavailable, or the api is '
    + 'overloaded (WHK_ERR_OVERLOADED, with Retry-After)',
};

/** Answers that say when to come back. */
const RETRY_AFTER_HEADERS: Record<number, object> = {
  429: { 'retry-after': { type: 'string', pattern: '^[0-9]+$',
    description: 'Seconds to wait before publishing again' } },
  503: { 'retry-after': { type: 'string', pattern: '^[0-9]+$',
    description: 'Seconds to wait, when the api is overloaded' } },
};

/** Error responses for the given statuses, plus the ones every authenticated route can give. */
export function errorResponses(...statuses: number[]): Record<number, object> {
  const all = new Set([...statuses, 401, 403, 500, 503]);
  const responses: Record<number, object> = {};
  for (const status of [...all].sort()) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      $ref: 'ErrorBody#',
      ...(status in RETRY_AFTER_HEADERS ? { headers: RETRY_AFTER_HEADERS[status] } : {}),
    };
  }
  return responses;
}

export const uuidString = { type: 'string', format: 'uuid' } as const;
export const timestamp = { type: 'string', format: 'date-time' } as const;
export const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;

/** A timestamp a client sends: the one syntax of validation/timestamp.ts. */
export function timestampInput(description: string): object {
  return { ...timestamp,
    description: `${description} (RFC 3339 with Z or ±HH:MM, in years 1 to 9999)` };
}

/** Path ids are plain strings: a malformed id is "not found", never a 400 or a 500. */
export const idParams = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: { id: { type: 'string', description: 'The resource id (a UUID)' } },
} as const;

export const paginationProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 20,
    description: 'Most items per page' },
  cursor: { type: 'string', maxLength: 512,
    description: 'The `nextCursor` of the previous page' },
} as const;

export const noQuery = { type: 'object', additionalProperties: false, properties: {} } as const;

/** A page of items: `nextCursor` is null on the last page. */
export function pageOf(itemRef: string): object {
  return {
    description: `A page of ${itemRef} items`,
    type: 'object',
    additionalProperties: false,
    required: ['data', 'nextCursor'],
    properties: {
      data: { type: 'array', items: { $ref: `${itemRef}#` } },
      nextCursor: { type: ['string', 'null'] },
    },
  };
}

/**
 * Every error Harborhook raises on purpose carries a stable code. Codes are never renamed or
 * reused once released; docs/errors.md has a row for each one (a test keeps the two in step).
 * Other code matches on `err.code`, not on classes.
 */
export const ERRORS = {
  WHK_ERR_CONFIG_INVALID: { statusCode: 500, error: 'Internal Server Error' },
  WHK_ERR_AUTH_TOKEN_MISSING: { statusCode: 401, error: 'Unauthorized' },
  WHK_ERR_AUTH_TOKEN_INVALID: { statusCode: 401, error: 'Unauthorized' },
  WHK_ERR_AUTH_SCOPE_MISSING: { statusCode: 403, error: 'Forbidden' },
  WHK_ERR_REQUEST_INVALID: { statusCode: 400, error: 'Bad Request' },
  WHK_ERR_REQUEST_MALFORMED_JSON: { statusCode: 400, error: 'Bad Request' },
  WHK_ERR_REQUEST_TOO_LARGE: { statusCode: 413, error: 'Payload Too Large' },
  WHK_ERR_REQUEST_MEDIA_TYPE: { statusCode: 415, error: 'Unsupported Media Type' },
  WHK_ERR_ROUTE_NOT_FOUND: { statusCode: 404, error: 'Not Found' },
  WHK_ERR_RESOURCE_NOT_FOUND: { statusCode: 404, error: 'Not Found' },
  WHK_ERR_IDEMPOTENCY_KEY_REUSED: { statusCode: 422, error: 'Unprocessable Entity' },
  WHK_ERR_REPLAY_NOT_DEAD: { statusCode: 409, error: 'Conflict' },
  WHK_ERR_REPLAY_ALREADY_REPLAYED: { statusCode: 409, error: 'Conflict' },
  WHK_ERR_DEPENDENCY_UNAVAILABLE: { statusCode: 503, error: 'Service Unavailable' },
  WHK_ERR_INTERNAL: { statusCode: 500, error: 'Internal Server Error' },
  WHK_ERR_REPLAY_ENDPOINT_DISABLED: { statusCode: 409, error: 'Conflict' },
  WHK_ERR_REQUEST_HEADERS_TOO_LARGE: { statusCode: 431, error: 'Request Header Fields Too Large' },
  WHK_ERR_REQUEST_TIMEOUT: { statusCode: 408, error: 'Request Timeout' },
  WHK_ERR_ENDPOINT_URL_BLOCKED: { statusCode: 400, error: 'Bad Request' },
  WHK_ERR_RATE_LIMITED: { statusCode: 429, error: 'Too Many Requests' },
  WHK_ERR_OVERLOADED: { statusCode: 503, error: 'Service Unavailable' },
} as const;

export type ErrorCode = keyof typeof ERRORS;

export class HarborhookError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: readonly string[] | undefined;

  constructor(code: ErrorCode, message: string, details?: readonly string[]) {
    super(message);
    this.name = 'HarborhookError';
    this.code = code;
    this.statusCode = ERRORS[code].statusCode;
    this.details = details;
  }
}

export function isHarborhookError(value: unknown): value is HarborhookError {
  const code: unknown = (value as { code?: unknown } | null)?.code;
  return value instanceof Error && typeof code === 'string' && code in ERRORS;
}

/** The one JSON shape of every error response. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  error: string;
  message: string;
  details?: readonly string[];
}

export function errorBody(err: HarborhookError): ErrorBody {
  const body: ErrorBody = {
    statusCode: err.statusCode,
    code: err.code,
    error: ERRORS[err.code].error,
    message: err.message,
  };
  if (err.details !== undefined && err.details.length > 0) body.details = err.details;
  return body;
}
